-- Action items kept in step with a ticket in Jira, Linear or GitHub Issues: the tracker and its name for the ticket
-- (one action item per ticket), and the tracker webhook deliveries already acted on, so a redelivery changes nothing.

-- CreateEnum
CREATE TYPE "TrackerKind" AS ENUM ('jira', 'linear', 'github');

-- AlterTable
ALTER TABLE "ActionItem" ADD COLUMN     "trackerKey" TEXT,
ADD COLUMN     "trackerKind" "TrackerKind";

-- CreateTable
CREATE TABLE "TrackerDelivery" (
    "tracker" "TrackerKind" NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TrackerDelivery_pkey" PRIMARY KEY ("tracker","deliveryId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ActionItem_trackerKind_trackerKey_key" ON "ActionItem"("trackerKind", "trackerKey");
