-- Public updates for the status page: the words people chose to tell customers, each with the status it states, and
-- the incident's public title. Nothing internal (title, people, channel, notes) is copied here. One update per
-- incident and request, so a repeated command or form posts once.

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "publicTitle" TEXT;

-- CreateTable
CREATE TABLE "PublicUpdate" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "status" "IncidentStatus" NOT NULL,
    "text" TEXT NOT NULL,
    "postedBy" TEXT NOT NULL,
    "postedAt" TIMESTAMPTZ(3) NOT NULL,
    "requestKey" TEXT NOT NULL,

    CONSTRAINT "PublicUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PublicUpdate_postedAt_idx" ON "PublicUpdate"("postedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PublicUpdate_incidentId_requestKey_key" ON "PublicUpdate"("incidentId", "requestKey");

-- AddForeignKey
ALTER TABLE "PublicUpdate" ADD CONSTRAINT "PublicUpdate_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
