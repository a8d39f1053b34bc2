import { randomUUID } from 'node:crypto';
import { type ClaimedMessage, type KeyedEffect, orderingKeyOf, ZOutboxEffect } from '../domain/outbox/outbox-effect.ts';
import type { PrismaClient } from './generated/client.ts';
import type { TransactionClient } from './generated/internal/prismaNamespace.ts';

export type OutboxStore = {
  /** Seconds the oldest due, unfinished message has waited: 0 when nothing is late. */
  readLagSeconds: (now: Date) => Promise<number>;
  /**
   * Claims up to `limit` due messages for `leaseMs`: no other worker (in this process or another replica) gets
   * them until the lease ends, which is how a crash between claim and send still sends on a later run. Only the
   * first unfinished message of each ordering key is claimable, so one incident's effects never overtake each
   * other, even when one of them waits for a retry.
   */
  claimDue: (options: { now: Date; limit: number; leaseMs: number }) => Promise<ClaimedMessage[]>;
  complete: (id: string, now: Date) => Promise<void>;
  retryAt: (id: string, runAt: Date, error: string) => Promise<void>;
  giveUp: (id: string, error: string) => Promise<void>;
  pendingCount: () => Promise<number>;
  /** Writes effects on their own (scheduled work such as the weekly digest); a key already written adds nothing. */
  enqueue: (effects: KeyedEffect[], now: Date) => Promise<void>;
};

/** Writes a change's effects; the unique key makes a repeated change add nothing. Runs in the caller's transaction. */
export const enqueueEffects = async (tx: TransactionClient, effects: KeyedEffect[], now: Date): Promise<void> => {
  if (effects.length === 0) return;
  // One INSERT of arrays rather than Prisma's createMany: a reminder sweep writes hundreds at once, and this is
  // several times faster there while the same for a handful.
  await tx.$executeRaw`
    INSERT INTO "OutboxMessage" (id, "dedupeKey", "orderingKey", kind, payload, "runAt")
    SELECT m.id, m.key, m.ordering, m.kind, m.payload, ${now.toISOString()}::timestamptz
      FROM unnest(
             ${effects.map(() => randomUUID())}::uuid[],
             ${effects.map(({ dedupeKey }) => dedupeKey)}::text[],
             ${effects.map(({ effect }) => orderingKeyOf(effect))}::text[],
             ${effects.map(({ effect }) => effect.kind)}::text[],
             ${effects.map(({ effect }) => JSON.stringify(effect))}::jsonb[]
           ) WITH ORDINALITY AS m(id, key, ordering, kind, payload, position)
     ORDER BY m.position
    ON CONFLICT ("dedupeKey") DO NOTHING`;
};

type ClaimedRow = { id: string; dedupeKey: string; attempts: number; payload: unknown; sequence: bigint };

export const createOutboxStore = (prisma: PrismaClient): OutboxStore => ({
  readLagSeconds: async (now) => {
    const oldest = await prisma.outboxMessage.findFirst({
      where: { status: 'pending', runAt: { lte: now } },
      orderBy: { runAt: 'asc' },
      select: { runAt: true },
    });
    return oldest ? Math.max(0, (now.getTime() - oldest.runAt.getTime()) / 1000) : 0;
  },

  claimDue: async ({ now, limit, leaseMs }) => {
    const rows = await prisma.$queryRaw<ClaimedRow[]>`
      UPDATE "OutboxMessage" AS m
         SET "lockedUntil" = ${new Date(now.getTime() + leaseMs)}, attempts = m.attempts + 1
       WHERE m.id IN (
         SELECT id FROM "OutboxMessage"
          WHERE status = 'pending' AND "runAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now})
            AND NOT EXISTS (
              SELECT 1 FROM "OutboxMessage" AS earlier
               WHERE earlier."orderingKey" = "OutboxMessage"."orderingKey"
                 AND earlier.status = 'pending'
                 AND earlier.sequence < "OutboxMessage".sequence)
          ORDER BY sequence
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m."dedupeKey", m.attempts, m.payload, m.sequence`;
    const claimed: ClaimedMessage[] = [];
    for (const row of rows.sort((a, b) => Number(a.sequence - b.sequence))) {
      const effect = ZOutboxEffect.safeParse(row.payload);
      if (effect.success)
        claimed.push({ id: row.id, dedupeKey: row.dedupeKey, attempts: row.attempts, effect: effect.data });
      else
        await prisma.outboxMessage.update({
          where: { id: row.id },
          data: { status: 'dead', lastError: `unreadable payload: ${effect.error.message}` },
        });
    }
    return claimed;
  },

  complete: async (id, now) => {
    await prisma.outboxMessage.update({ where: { id }, data: { status: 'done', doneAt: now, lockedUntil: null } });
  },

  retryAt: async (id, runAt, error) => {
    await prisma.outboxMessage.update({ where: { id }, data: { runAt, lockedUntil: null, lastError: error } });
  },

  giveUp: async (id, error) => {
    await prisma.outboxMessage.update({ where: { id }, data: { status: 'dead', lockedUntil: null, lastError: error } });
  },

  pendingCount: () => prisma.outboxMessage.count({ where: { status: 'pending' } }),

  enqueue: async (effects, now) => {
    await prisma.$transaction((tx) => enqueueEffects(tx, effects, now));
  },
});
