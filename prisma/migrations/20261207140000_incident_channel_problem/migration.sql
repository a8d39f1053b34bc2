-- Slack's error when it refuses to ever create an incident's channel (a workspace that lets only admins create
-- channels answers restricted_action): the incident goes on without one, and what would be posted there is settled
-- at once instead of waiting forever. `/incident channel` clears it and tries again.

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "channelProblem" TEXT;
