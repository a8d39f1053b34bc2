-- A generation request is found by one probe of this index, instead of a LIKE over the outbox's keys under the
-- incident's row lock (a scan of the whole outbox, which also loses the answer once finished messages are pruned).
-- Postmortems written before keep a null key: their requests were carried out long ago.

-- AlterTable
ALTER TABLE "Postmortem" ADD COLUMN "requestKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Postmortem_incidentId_requestKey_key" ON "Postmortem"("incidentId", "requestKey");
