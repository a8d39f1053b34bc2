-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('investigating', 'identified', 'monitoring', 'resolved');

-- CreateEnum
CREATE TYPE "RoleKind" AS ENUM ('lead', 'comms', 'scribe');

-- CreateEnum
CREATE TYPE "TimelineSource" AS ENUM ('command', 'lifecycle', 'role', 'reaction', 'shortcut', 'deploy', 'alert', 'impact', 'system');

-- CreateEnum
CREATE TYPE "ImpactKind" AS ENUM ('outage', 'degraded');

-- CreateEnum
CREATE TYPE "DeploySource" AS ENUM ('generic', 'github', 'gitlab', 'cli');

-- CreateEnum
CREATE TYPE "DeployLayer" AS ENUM ('database', 'artifact', 'fleet', 'feature');

-- CreateEnum
CREATE TYPE "DeployStatus" AS ENUM ('started', 'succeeded', 'failed', 'rolled_back');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('firing', 'resolved');

-- CreateEnum
CREATE TYPE "ActionKind" AS ENUM ('fix', 'test', 'alarm', 'doc', 'visibility');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('suggested', 'open', 'done', 'wont_do');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'done', 'dead');

-- CreateTable
CREATE TABLE "Incident" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "requestKey" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "severity" INTEGER NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'investigating',
    "channelId" TEXT,
    "channelName" TEXT,
    "summaryTs" TEXT,
    "declaredBy" TEXT NOT NULL,
    "declaredAt" TIMESTAMPTZ(3) NOT NULL,
    "impactStartedAt" TIMESTAMPTZ(3),
    "detectedAt" TIMESTAMPTZ(3),
    "identifiedAt" TIMESTAMPTZ(3),
    "mitigatedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentService" (
    "incidentId" UUID NOT NULL,
    "service" TEXT NOT NULL,

    CONSTRAINT "IncidentService_pkey" PRIMARY KEY ("incidentId","service")
);

-- CreateTable
CREATE TABLE "IncidentRole" (
    "incidentId" UUID NOT NULL,
    "role" "RoleKind" NOT NULL,
    "userId" TEXT NOT NULL,
    "assignedBy" TEXT NOT NULL,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IncidentRole_pkey" PRIMARY KEY ("incidentId","role")
);

-- CreateTable
CREATE TABLE "TimelineEntry" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "naturalKey" TEXT NOT NULL,
    "source" "TimelineSource" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "text" TEXT NOT NULL,
    "permalink" TEXT,
    "files" JSONB,
    "editedAt" TIMESTAMPTZ(3),
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "TimelineEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImpactWindow" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "service" TEXT NOT NULL,
    "kind" "ImpactKind" NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImpactWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeployEvent" (
    "id" UUID NOT NULL,
    "source" "DeploySource" NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "knownService" BOOLEAN NOT NULL,
    "environment" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "layer" "DeployLayer" NOT NULL,
    "status" "DeployStatus" NOT NULL,
    "actor" TEXT,
    "url" TEXT,
    "description" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeployEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" "AlertStatus" NOT NULL,
    "service" TEXT,
    "alertName" TEXT NOT NULL,
    "summary" TEXT,
    "labels" JSONB NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3),
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Postmortem" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "markdown" TEXT NOT NULL,
    "generatedAt" TIMESTAMPTZ(3) NOT NULL,
    "generatedBy" TEXT,
    "editedAt" TIMESTAMPTZ(3),
    "canvasId" TEXT,
    "fileId" TEXT,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Postmortem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "ActionKind",
    "status" "ActionStatus" NOT NULL DEFAULT 'open',
    "ownerId" TEXT,
    "dueAt" TIMESTAMPTZ(3),
    "trackerUrl" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "doneAt" TIMESTAMPTZ(3),
    "wontDoReason" TEXT,

    CONSTRAINT "ActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" UUID NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "runAt" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedSlackEvent" (
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedSlackEvent_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "SlackUser" (
    "userId" TEXT NOT NULL,
    "name" TEXT,
    "tz" TEXT NOT NULL,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SlackUser_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Incident_number_key" ON "Incident"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_requestKey_key" ON "Incident"("requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_channelId_key" ON "Incident"("channelId");

-- CreateIndex
CREATE INDEX "Incident_status_idx" ON "Incident"("status");

-- CreateIndex
CREATE INDEX "Incident_declaredAt_idx" ON "Incident"("declaredAt");

-- CreateIndex
CREATE INDEX "IncidentService_service_idx" ON "IncidentService"("service");

-- CreateIndex
CREATE INDEX "TimelineEntry_incidentId_occurredAt_idx" ON "TimelineEntry"("incidentId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "TimelineEntry_incidentId_naturalKey_key" ON "TimelineEntry"("incidentId", "naturalKey");

-- CreateIndex
CREATE INDEX "ImpactWindow_service_startedAt_idx" ON "ImpactWindow"("service", "startedAt");

-- CreateIndex
CREATE INDEX "ImpactWindow_incidentId_idx" ON "ImpactWindow"("incidentId");

-- CreateIndex
CREATE INDEX "DeployEvent_service_occurredAt_idx" ON "DeployEvent"("service", "occurredAt");

-- CreateIndex
CREATE INDEX "DeployEvent_occurredAt_idx" ON "DeployEvent"("occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeployEvent_source_deliveryId_key" ON "DeployEvent"("source", "deliveryId");

-- CreateIndex
CREATE INDEX "AlertEvent_service_startsAt_idx" ON "AlertEvent"("service", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertEvent_fingerprint_status_startsAt_key" ON "AlertEvent"("fingerprint", "status", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Postmortem_incidentId_version_key" ON "Postmortem"("incidentId", "version");

-- CreateIndex
CREATE INDEX "ActionItem_status_dueAt_idx" ON "ActionItem"("status", "dueAt");

-- CreateIndex
CREATE INDEX "ActionItem_ownerId_status_idx" ON "ActionItem"("ownerId", "status");

-- CreateIndex
CREATE INDEX "ActionItem_incidentId_idx" ON "ActionItem"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_runAt_idx" ON "OutboxMessage"("status", "runAt");

-- CreateIndex
CREATE INDEX "ProcessedSlackEvent_receivedAt_idx" ON "ProcessedSlackEvent"("receivedAt");

-- AddForeignKey
ALTER TABLE "IncidentService" ADD CONSTRAINT "IncidentService_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentRole" ADD CONSTRAINT "IncidentRole_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEntry" ADD CONSTRAINT "TimelineEntry_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImpactWindow" ADD CONSTRAINT "ImpactWindow_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Postmortem" ADD CONSTRAINT "Postmortem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
