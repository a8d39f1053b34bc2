-- Scheduled maintenance windows (`/incident maintenance`): the services they cover, when they start and end, the
-- text shown to the public, and when they were cancelled. `requestKey` is the command's trigger id, so a repeated
-- command writes one window; `number` is what people cancel it by.

-- CreateTable
CREATE TABLE "Maintenance" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "services" TEXT[],
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "publicText" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestKey" TEXT NOT NULL,
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelledBy" TEXT,

    CONSTRAINT "Maintenance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Maintenance_number_key" ON "Maintenance"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Maintenance_requestKey_key" ON "Maintenance"("requestKey");

-- CreateIndex
CREATE INDEX "Maintenance_endsAt_idx" ON "Maintenance"("endsAt");
