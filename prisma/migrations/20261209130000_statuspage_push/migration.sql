-- The push to an Atlassian Statuspage (`statusPage.atlassian` in sitrep.yml): what each component was last set to,
-- the Statuspage incident of each sitrep incident with how many public updates went to it and its last status, and
-- when the next call may go, so every replica keeps within Statuspage's one request a second.

-- CreateTable
CREATE TABLE "StatuspageComponent" (
    "service" TEXT NOT NULL,
    "componentId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "pushedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StatuspageComponent_pkey" PRIMARY KEY ("service")
);

-- CreateTable
CREATE TABLE "StatuspageIncident" (
    "incidentId" UUID NOT NULL,
    "statuspageId" TEXT NOT NULL,
    "pushedCount" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StatuspageIncident_pkey" PRIMARY KEY ("incidentId")
);

-- CreateTable
CREATE TABLE "StatuspagePace" (
    "id" TEXT NOT NULL,
    "nextAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StatuspagePace_pkey" PRIMARY KEY ("id")
);
