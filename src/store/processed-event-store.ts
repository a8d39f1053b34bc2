import type { PrismaClient } from './generated/client.ts';

export type ProcessedEventStore = {
  hasProcessed: (eventId: string) => Promise<boolean>;
  /** Records a Slack event id as handled; recording it again is a no-op. */
  markProcessed: (eventId: string) => Promise<void>;
};

export const createProcessedEventStore = (prisma: PrismaClient): ProcessedEventStore => ({
  hasProcessed: async (eventId) => (await prisma.processedSlackEvent.count({ where: { eventId } })) > 0,
  markProcessed: async (eventId) => {
    await prisma.processedSlackEvent.createMany({ data: [{ eventId }], skipDuplicates: true });
  },
});
