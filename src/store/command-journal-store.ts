import { randomUUID } from 'node:crypto';
import { createBatcher } from '../domain/batcher.ts';
import type { PrismaClient } from './generated/client.ts';

export type JournaledCommandRow = { id: string; body: unknown; receivedAt: Date; attempts: number };

export type CommandJournalStore = {
  /** Writes an acknowledged command, leased to this process until `leaseUntil`. */
  record: (command: {
    id: string;
    body: Record<string, string | string[]>;
    receivedAt: Date;
    leaseUntil: Date;
  }) => Promise<void>;
  /** Takes up to `limit` commands whose lease has lapsed (their process died or let go), oldest first. */
  claimLapsed: (options: { now: Date; leaseUntil: Date; limit: number }) => Promise<JournaledCommandRow[]>;
  renew: (ids: readonly string[], leaseUntil: Date) => Promise<void>;
  /** Lets go of commands this process will not run, so another replica takes them at once. */
  release: (ids: readonly string[], now: Date) => Promise<void>;
  /** A command answered (or given up) leaves the journal. */
  finish: (id: string) => Promise<void>;
};

type NewCommand = Parameters<CommandJournalStore['record']>[0];

/**
 * The journal as this process sees it: what it records or claims is held under `holder`, and only that holder renews
 * or lets go of it, so a process that stalled past its lease cannot extend or release one another has taken since.
 */
export const createCommandJournalStore = (prisma: PrismaClient, holder: string = randomUUID()): CommandJournalStore => {
  // Commands arriving together are written in one INSERT: a burst waits for one commit, not one per command.
  const records = createBatcher({
    run: async (commands: NewCommand[]) => {
      await prisma.journaledCommand.createMany({ data: commands.map((command) => ({ ...command, holder })) });
      return commands.map(() => undefined);
    },
  });
  return {
    record: records.submit,

    claimLapsed: async ({ now, leaseUntil, limit }) => {
      // Picked once (MATERIALIZED): a plan that ran the subquery again could claim more than `limit`.
      const rows = await prisma.$queryRaw<JournaledCommandRow[]>`
      WITH picked AS MATERIALIZED (
        SELECT id FROM "JournaledCommand"
         WHERE "leaseUntil" <= ${now}
         ORDER BY "receivedAt"
         LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)
      UPDATE "JournaledCommand" AS c
         SET "leaseUntil" = ${leaseUntil}, attempts = c.attempts + 1, holder = ${holder}
        FROM picked
       WHERE c.id = picked.id
      RETURNING c.id, c.body, c."receivedAt", c.attempts`;
      // RETURNING keeps no order: the oldest command runs first.
      return rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    },

    renew: async (ids, leaseUntil) => {
      if (ids.length === 0) return;
      await prisma.journaledCommand.updateMany({ where: { id: { in: [...ids] }, holder }, data: { leaseUntil } });
    },

    release: async (ids, now) => {
      if (ids.length === 0) return;
      await prisma.journaledCommand.updateMany({ where: { id: { in: [...ids] }, holder }, data: { leaseUntil: now } });
    },

    finish: async (id) => {
      await prisma.journaledCommand.deleteMany({ where: { id } });
    },
  };
};
