-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "orderingKey" TEXT,
ADD COLUMN     "sequence" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "OutboxMessage_orderingKey_sequence_idx" ON "OutboxMessage"("orderingKey", "sequence");
