import type { PrismaClient } from './generated/client.ts';

/** Rows deleted at a time: each delete is short, so the sweeps and claims on the same tables never wait long. */
const BATCH = 5_000;

export type Pruned = {
  processedEvents: number;
  outboxMessages: number;
  trackerDeliveries: number;
  emailSubscriptions: number;
};

export type RetentionStore = {
  /**
   * Deletes what is only kept for a while: Slack event ids and tracker webhook delivery ids received before `cutoff`
   * (senders retry within hours) and outbox messages done before it. Held and dead messages stay, for a person to look at.
   * The addresses of email subscriptions never confirmed, or unsubscribed, before `cutoff` go too: sitrep keeps no
   * address it may not write to.
   */
  pruneBefore: (cutoff: Date) => Promise<Pruned>;
};

const inBatches = async (deleteBatch: () => Promise<number>): Promise<number> => {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < BATCH) return total;
  }
};

export const createRetentionStore = (prisma: PrismaClient): RetentionStore => ({
  pruneBefore: async (cutoff) => {
    const pruned = {
      processedEvents: await inBatches(
        () => prisma.$executeRaw`
          DELETE FROM "ProcessedSlackEvent" WHERE "eventId" IN (
            SELECT "eventId" FROM "ProcessedSlackEvent" WHERE "receivedAt" < ${cutoff} LIMIT ${BATCH})`,
      ),
      // A message is done after it was due, so `runAt` before the cutoff holds for every one pruned: it lets the
      // (status, runAt) index find them.
      outboxMessages: await inBatches(
        () => prisma.$executeRaw`
          DELETE FROM "OutboxMessage" WHERE id IN (
            SELECT id FROM "OutboxMessage"
             WHERE status = 'done' AND "runAt" < ${cutoff} AND "doneAt" < ${cutoff}
             LIMIT ${BATCH})`,
      ),
      trackerDeliveries: await inBatches(
        () => prisma.$executeRaw`
          DELETE FROM "TrackerDelivery" WHERE (tracker, "deliveryId") IN (
            SELECT tracker, "deliveryId" FROM "TrackerDelivery" WHERE "receivedAt" < ${cutoff} LIMIT ${BATCH})`,
      ),
      emailSubscriptions: await inBatches(
        () => prisma.$executeRaw`
          DELETE FROM "EmailSubscription" WHERE id IN (
            SELECT id FROM "EmailSubscription"
             WHERE (status = 'pending' AND "confirmExpiresAt" < ${cutoff})
                OR (status = 'unsubscribed' AND "unsubscribedAt" < ${cutoff})
             LIMIT ${BATCH})`,
      ),
    };
    // The embedded database runs no autovacuum: without this, the space of deleted rows is never used again and the
    // tables grow as if nothing were pruned. On PostgreSQL it only does early what autovacuum would.
    if (pruned.processedEvents > 0) await prisma.$executeRawUnsafe('VACUUM "ProcessedSlackEvent"');
    if (pruned.outboxMessages > 0) await prisma.$executeRawUnsafe('VACUUM "OutboxMessage"');
    if (pruned.trackerDeliveries > 0) await prisma.$executeRawUnsafe('VACUUM "TrackerDelivery"');
    return pruned;
  },
});
