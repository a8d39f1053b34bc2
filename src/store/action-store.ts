import type { PrismaClient } from './generated/client.ts';

export type OwnedAction = { title: string; incidentNumber: number; dueAt: Date | null; overdue: boolean };

export type ActionStore = {
  /** The open action items a person owns, soonest due first. */
  listOpenForOwner: (ownerId: string, now: Date) => Promise<OwnedAction[]>;
};

export const createActionStore = (prisma: PrismaClient): ActionStore => ({
  listOpenForOwner: async (ownerId, now) => {
    const rows = await prisma.actionItem.findMany({
      where: { ownerId, status: 'open' },
      orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
      select: { title: true, dueAt: true, incident: { select: { number: true } } },
      take: 50,
    });
    return rows.map((row) => ({
      title: row.title,
      incidentNumber: row.incident.number,
      dueAt: row.dueAt,
      overdue: row.dueAt !== null && row.dueAt.getTime() < now.getTime(),
    }));
  },
});
