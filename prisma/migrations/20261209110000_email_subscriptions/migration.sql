-- Email subscriptions to the public status page: one row per address and service ('' for all services), pending
-- until the mailed link is confirmed, then active until unsubscribed. Only the confirmation secret's SHA-256 is kept.

-- CreateEnum
CREATE TYPE "EmailSubscriptionStatus" AS ENUM ('pending', 'active', 'unsubscribed');

-- CreateTable
CREATE TABLE "EmailSubscription" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "status" "EmailSubscriptionStatus" NOT NULL DEFAULT 'pending',
    "confirmTokenHash" TEXT,
    "confirmExpiresAt" TIMESTAMPTZ(3),
    "confirmMailedAt" TIMESTAMPTZ(3),
    "unsubscribeSecret" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "confirmedAt" TIMESTAMPTZ(3),
    "unsubscribedAt" TIMESTAMPTZ(3),

    CONSTRAINT "EmailSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailSubscription_email_service_key" ON "EmailSubscription"("email", "service");

-- CreateIndex
CREATE INDEX "EmailSubscription_status_service_idx" ON "EmailSubscription"("status", "service");
