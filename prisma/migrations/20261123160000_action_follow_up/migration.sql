-- AlterTable
ALTER TABLE "ActionItem" ADD COLUMN     "closedBy" TEXT,
ADD COLUMN     "escalatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "nextReminderAt" TIMESTAMPTZ(3),
ADD COLUMN     "ownerTimeZone" TEXT,
ADD COLUMN     "requestKey" TEXT,
ADD COLUMN     "suggestionKey" TEXT;

-- AlterTable
ALTER TABLE "Postmortem" ADD COLUMN     "completedBy" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ActionItem_requestKey_key" ON "ActionItem"("requestKey");

-- CreateIndex
CREATE INDEX "ActionItem_nextReminderAt_idx" ON "ActionItem"("nextReminderAt");

-- CreateIndex
CREATE UNIQUE INDEX "ActionItem_incidentId_suggestionKey_key" ON "ActionItem"("incidentId", "suggestionKey");
