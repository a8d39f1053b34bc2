-- The services paged through PagerDuty for an incident, one row per incident and service (PagerDuty's dedup_key is
-- the same pair), so resolving the incident knows which alerts to resolve. `resolvedAt` is set when the incident is
-- resolved; paging the service again after a reopen clears it.

-- CreateTable
CREATE TABLE "IncidentPage" (
    "incidentId" UUID NOT NULL,
    "service" TEXT NOT NULL,
    "reason" TEXT,
    "pagedBy" TEXT NOT NULL,
    "pagedAt" TIMESTAMPTZ(3) NOT NULL,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "IncidentPage_pkey" PRIMARY KEY ("incidentId","service")
);

-- AddForeignKey
ALTER TABLE "IncidentPage" ADD CONSTRAINT "IncidentPage_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
