import type { PrismaClient } from './generated/client.ts';

export type OutboxStore = {
  /** Seconds the oldest due, unfinished message has waited: 0 when nothing is late. */
  readLagSeconds: (now: Date) => Promise<number>;
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
});
