import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRetentionStore, type RetentionStore } from '../../src/store/retention-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-12-07T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);
const CUTOFF = daysAgo(30);

describe.each(databaseKinds)('pruning finished work on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let retention: RetentionStore;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    retention = createRetentionStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.processedSlackEvent.deleteMany();
    await database.prisma.outboxMessage.deleteMany();
    await database.prisma.trackerDelivery.deleteMany();
    await database.prisma.emailSubscription.deleteMany();
  });

  /** `count` outbox messages in one state, due and (when done) done `age` days ago. */
  const messages = (count: number, status: 'pending' | 'done' | 'dead', age: number, prefix: string) =>
    database.prisma.$executeRaw`
      INSERT INTO "OutboxMessage" (id, "dedupeKey", kind, payload, status, "runAt", "doneAt")
      SELECT gen_random_uuid(), ${prefix} || n, 'incident.post', '{}'::jsonb, ${status}::"OutboxStatus",
             ${daysAgo(age)}, ${status === 'done' ? daysAgo(age) : null}
        FROM generate_series(1, ${count}) AS n`;

  const events = (count: number, age: number, prefix: string) =>
    database.prisma.$executeRaw`
      INSERT INTO "ProcessedSlackEvent" ("eventId", "receivedAt")
      SELECT ${prefix} || n, ${daysAgo(age)} FROM generate_series(1, ${count}) AS n`;

  const deliveries = (count: number, age: number, prefix: string) =>
    database.prisma.$executeRaw`
      INSERT INTO "TrackerDelivery" (tracker, "deliveryId", "receivedAt")
      SELECT 'jira', ${prefix} || n, ${daysAgo(age)} FROM generate_series(1, ${count}) AS n`;

  it('deletes event ids and delivered messages older than the cutoff, in batches, and nothing else', async () => {
    await deliveries(5_002, 31, 'old-');
    await deliveries(4, 29, 'recent-');
    await events(12_001, 31, 'old-');
    await events(5, 29, 'recent-');
    await messages(5_001, 'done', 45, 'old-done-');
    await messages(3, 'done', 10, 'recent-done-');
    await messages(2, 'pending', 60, 'held-');
    await messages(2, 'dead', 60, 'dead-');

    expect(await retention.pruneBefore(CUTOFF)).toEqual({
      processedEvents: 12_001,
      outboxMessages: 5_001,
      trackerDeliveries: 5_002,
      emailSubscriptions: 0,
    });
    const left = await database.prisma.outboxMessage.findMany({ select: { dedupeKey: true } });
    expect(left.map((m) => m.dedupeKey.replace(/\d+$/, '')).sort()).toEqual([
      'dead-',
      'dead-',
      'held-',
      'held-',
      'recent-done-',
      'recent-done-',
      'recent-done-',
    ]);
    expect(await database.prisma.processedSlackEvent.count()).toBe(5);
    expect(await database.prisma.trackerDelivery.count()).toBe(4);
    expect(await retention.pruneBefore(CUTOFF)).toEqual({
      processedEvents: 0,
      outboxMessages: 0,
      trackerDeliveries: 0,
      emailSubscriptions: 0,
    });
  });

  it('forgets addresses never confirmed or unsubscribed before the cutoff, and keeps every active one', async () => {
    const subscription = (email: string, status: 'pending' | 'active' | 'unsubscribed', age: number) => ({
      id: crypto.randomUUID(),
      email,
      service: '',
      status,
      unsubscribeSecret: 's',
      createdAt: daysAgo(age + 2),
      confirmExpiresAt: status === 'pending' ? daysAgo(age) : null,
      unsubscribedAt: status === 'unsubscribed' ? daysAgo(age) : null,
    });
    await database.prisma.emailSubscription.createMany({
      data: [
        subscription('old-pending@example.com', 'pending', 31),
        subscription('recent-pending@example.com', 'pending', 29),
        subscription('old-gone@example.com', 'unsubscribed', 31),
        subscription('recent-gone@example.com', 'unsubscribed', 29),
        subscription('old-active@example.com', 'active', 400),
      ],
    });
    expect(await retention.pruneBefore(CUTOFF)).toMatchObject({ emailSubscriptions: 2 });
    const left = await database.prisma.emailSubscription.findMany({
      select: { email: true },
      orderBy: { email: 'asc' },
    });
    expect(left.map((row) => row.email)).toEqual([
      'old-active@example.com',
      'recent-gone@example.com',
      'recent-pending@example.com',
    ]);
  });
});
