-- The claim's check for an earlier pending message in the same queue becomes one probe of this index. Without
-- status in it, the planner (with no statistics: PGlite runs no autovacuum) intersected the old index with every
-- pending row for each candidate: 27 ms a claim behind a backlog of 1,000 incidents on PostgreSQL, 1.5 ms now.

-- DropIndex
DROP INDEX "OutboxMessage_orderingKey_sequence_idx";

-- CreateIndex
CREATE INDEX "OutboxMessage_orderingKey_status_sequence_idx" ON "OutboxMessage"("orderingKey", "status", "sequence");
