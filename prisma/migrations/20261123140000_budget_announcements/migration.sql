-- CreateTable
CREATE TABLE "BudgetAnnouncement" (
    "service" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "incidentId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetAnnouncement_pkey" PRIMARY KEY ("service","periodKey","threshold")
);
