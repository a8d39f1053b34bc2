import { randomUUID } from 'node:crypto';
import { HELD_AFTER_ATTEMPTS } from '../domain/outbox/outbox-backoff.ts';
import {
  type ClaimedMessage,
  type KeyedEffect,
  type OutboxLane,
  orderingKeyOf,
  PUBLIC_LANE_KINDS,
  ZOutboxEffect,
} from '../domain/outbox/outbox-effect.ts';
import type { PrismaClient } from './generated/client.ts';
import type { TransactionClient } from './generated/internal/prismaNamespace.ts';

/**
 * A claim names the message and its attempt number: every claim counts one more, so the number tells this claim
 * from a later one after the lease lapsed.
 */
export type OutboxClaim = { id: string; attempts: number };

export type OutboxStore = {
  /** Seconds the oldest due, unfinished message has waited: 0 when nothing is late. */
  readLagSeconds: (now: Date) => Promise<number>;
  /**
   * Claims up to `limit` due messages for `leaseMs`: no other worker (in this process or another replica) gets
   * them until the lease ends, which is how a crash between claim and send still sends on a later run. Only the
   * first unfinished message of each ordering key is claimable, so one incident's effects never overtake each
   * other, even when one of them waits for a retry.
   */
  claimDue: (options: { now: Date; limit: number; leaseMs: number; lane?: OutboxLane }) => Promise<ClaimedMessage[]>;
  /** Extends a claim's lease; false when the message was claimed again since (or finished). */
  renew: (claim: OutboxClaim, lockedUntil: Date) => Promise<boolean>;
  /** The writes below do nothing once the message was claimed again: only the latest claim may finish it. */
  complete: (claim: OutboxClaim, now: Date) => Promise<void>;
  /**
   * `leaveQueue`: the message is taken out of its ordering key's queue, so the messages after it are claimable while
   * it is held (its own fault, which no fix to the channel cures).
   */
  retryAt: (claim: OutboxClaim, runAt: Date, error: string, options?: { leaveQueue?: boolean }) => Promise<void>;
  /** Hands a claimed message back due as it was, the attempt not counted (the workspace paused, not the message). */
  release: (claim: OutboxClaim) => Promise<void>;
  /** Ends a claimed message that can never be carried out, with the reason (dead, never tried again). */
  settle: (claim: OutboxClaim, reason: string) => Promise<void>;
  pendingCount: () => Promise<number>;
  /** The messages a person may need to look at: held (failing for a cause to fix) and dead, oldest first. */
  listTroubled: (limit: number) => Promise<TroubledMessage[]>;
  /** Makes a held or dead message due at `now`; false when there is no unfinished message with this id. */
  retryNow: (id: string, now: Date) => Promise<boolean>;
  /** Marks a message dead, never to be tried again; false when there is no pending message with this id. */
  discard: (id: string, reason: string) => Promise<boolean>;
  /** Writes effects on their own (scheduled work such as the weekly digest); a key already written adds nothing. */
  enqueue: (effects: KeyedEffect[], now: Date) => Promise<void>;
};

export type TroubledMessage = {
  id: string;
  kind: string;
  status: 'held' | 'dead';
  /** The incident the message is about, when it is about one. */
  incidentNumber: number | null;
  attempts: number;
  lastError: string | null;
  /** When it is tried next; none for a dead message. */
  nextTryAt: Date | null;
};

type TroubledRow = Omit<TroubledMessage, 'status' | 'nextTryAt'> & { status: 'pending' | 'dead'; runAt: Date };

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

/** How long a message this version cannot read waits before it is looked at again. */
const UNREADABLE_RETRY_MS = 5 * 60_000;

type ClaimedRow = { id: string; dedupeKey: string; attempts: number; payload: unknown; sequence: bigint };

const claimDueOf =
  (prisma: PrismaClient): OutboxStore['claimDue'] =>
  async ({ now, limit, leaseMs, lane }) => {
    // Without a lane, any message (a test's single sweep, `sitrep outbox`'s tools).
    const publicLane = lane === undefined ? null : lane === 'public';
    const rows = await prisma.$queryRaw<ClaimedRow[]>`
      UPDATE "OutboxMessage" AS m
         SET "lockedUntil" = ${new Date(now.getTime() + leaseMs)}, attempts = m.attempts + 1
       WHERE m.id IN (
         SELECT id FROM "OutboxMessage"
          WHERE status = 'pending' AND "runAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now})
            AND (${publicLane}::boolean IS NULL
              OR (split_part(kind, '.', 1) = ANY(${PUBLIC_LANE_KINDS}::text[])) = ${publicLane}::boolean)
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
      // Most likely written by a newer sitrep during a rolling deploy: left for a replica that reads it, out of its
      // queue so the messages behind it go on, and listed by `sitrep outbox` once it has waited long.
      else
        await prisma.outboxMessage.update({
          where: { id: row.id },
          data: {
            runAt: new Date(now.getTime() + UNREADABLE_RETRY_MS),
            lockedUntil: null,
            orderingKey: null,
            lastError: `unreadable payload (written by a newer sitrep?): ${effect.error.message}`,
          },
        });
    }
    return claimed;
  };

const retryNowOf =
  (prisma: PrismaClient): OutboxStore['retryNow'] =>
  async (id, now) => {
    const unfinished = { id, status: { in: ['pending' as const, 'dead' as const] } };
    const message = await prisma.outboxMessage.findFirst({ where: unfinished, select: { payload: true } });
    if (!message) return false;
    // A message that stepped out of its queue when held goes back in its place: a person fixed what it needed.
    const effect = ZOutboxEffect.safeParse(message.payload);
    const retried = await prisma.outboxMessage.updateMany({
      where: unfinished,
      data: {
        status: 'pending',
        runAt: now,
        lockedUntil: null,
        ...(effect.success ? { orderingKey: orderingKeyOf(effect.data) } : {}),
      },
    });
    return retried.count === 1;
  };

export const createOutboxStore = (prisma: PrismaClient): OutboxStore => ({
  readLagSeconds: async (now) => {
    const oldest = await prisma.outboxMessage.findFirst({
      where: { status: 'pending', runAt: { lte: now } },
      orderBy: { runAt: 'asc' },
      select: { runAt: true },
    });
    return oldest ? Math.max(0, (now.getTime() - oldest.runAt.getTime()) / 1000) : 0;
  },

  claimDue: claimDueOf(prisma),

  renew: async ({ id, attempts }, lockedUntil) => {
    const renewed = await prisma.outboxMessage.updateMany({
      where: { id, attempts, status: 'pending', lockedUntil: { not: null } },
      data: { lockedUntil },
    });
    return renewed.count === 1;
  },

  complete: async ({ id, attempts }, now) => {
    await prisma.outboxMessage.updateMany({
      where: { id, attempts, status: 'pending' },
      data: { status: 'done', doneAt: now, lockedUntil: null },
    });
  },

  retryAt: async ({ id, attempts }, runAt, error, options) => {
    await prisma.outboxMessage.updateMany({
      where: { id, attempts, status: 'pending' },
      data: { runAt, lockedUntil: null, lastError: error, ...(options?.leaveQueue ? { orderingKey: null } : {}) },
    });
  },

  release: async ({ id, attempts }) => {
    await prisma.outboxMessage.updateMany({
      where: { id, attempts, status: 'pending' },
      data: { attempts: attempts - 1, lockedUntil: null },
    });
  },

  settle: async ({ id, attempts }, reason) => {
    await prisma.outboxMessage.updateMany({
      where: { id, attempts, status: 'pending' },
      data: { status: 'dead', lockedUntil: null, lastError: reason },
    });
  },

  pendingCount: () => prisma.outboxMessage.count({ where: { status: 'pending' } }),

  listTroubled: async (limit) => {
    const rows = await prisma.$queryRaw<TroubledRow[]>`
      SELECT m.id::text AS id, m.kind, m.status::text AS status, i.number AS "incidentNumber", m.attempts,
             m."lastError", m."runAt"
        FROM "OutboxMessage" AS m
        LEFT JOIN "Incident" AS i ON i.id::text = m.payload->>'incidentId'
       WHERE (m.status = 'pending' AND m.attempts >= ${HELD_AFTER_ATTEMPTS} AND m."lastError" IS NOT NULL)
          OR m.status = 'dead'
       ORDER BY m.sequence
       LIMIT ${limit}`;
    return rows.map(({ runAt, status, ...row }) => ({
      ...row,
      status: status === 'dead' ? 'dead' : 'held',
      nextTryAt: status === 'dead' ? null : runAt,
    }));
  },

  retryNow: retryNowOf(prisma),

  discard: async (id, reason) => {
    const discarded = await prisma.outboxMessage.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'dead', lockedUntil: null, lastError: reason },
    });
    return discarded.count === 1;
  },

  enqueue: async (effects, now) => {
    await prisma.$transaction((tx) => enqueueEffects(tx, effects, now));
  },
});
