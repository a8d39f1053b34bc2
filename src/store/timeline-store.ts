import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PrismaClient } from './generated/client.ts';
import type { TimelineSource } from './generated/enums.ts';
import type { TransactionClient } from './generated/internal/prismaNamespace.ts';

export type NewTimelineEntry = {
  incidentId: string;
  /** Unique per source within the incident, so capturing the same thing twice records it once. */
  naturalKey: string;
  source: TimelineSource;
  occurredAt: Date;
  actorId: string | null;
  text: string;
  permalink?: string | null;
};

/** Records a timeline entry in the caller's transaction; true when it is new. */
export const addTimelineEntry = async (tx: TransactionClient, entry: NewTimelineEntry): Promise<boolean> => {
  const { count } = await tx.timelineEntry.createMany({
    data: [{ id: randomUUID(), ...entry, permalink: entry.permalink ?? null }],
    skipDuplicates: true,
  });
  return count === 1;
};

/** A file or image of a captured message, kept as a link. */
export type TimelineFile = { name: string; url: string };

/** An entry as the timeline shows it; deleted ones are never listed. */
export type TimelineRow = {
  occurredAt: Date;
  recordedAt: Date;
  source: TimelineSource;
  actorId: string | null;
  text: string;
  permalink: string | null;
  files: TimelineFile[];
  edited: boolean;
};

/** A message captured into an incident's timeline (a 📌 or the message shortcut). */
export type CapturedMessage = {
  incidentId: string;
  channelId: string;
  ts: string;
  source: 'reaction' | 'shortcut';
  occurredAt: Date;
  actorId: string | null;
  text: string;
  permalink: string | null;
  files: TimelineFile[];
};

export type TimelineStore = {
  /** Records a captured message once per incident; false when it was already there (deleted or not). */
  captureMessage: (message: CapturedMessage) => Promise<boolean>;
  /** A captured message was edited in Slack: every incident that captured it gets the new text. */
  updateMessage: (options: {
    channelId: string;
    ts: string;
    text: string;
    files: TimelineFile[];
    at: Date;
  }) => Promise<number>;
  /** A captured message was deleted in Slack: kept for audit, hidden from the timeline and the postmortem. */
  markMessageDeleted: (options: { channelId: string; ts: string; at: Date }) => Promise<number>;
  /** The last 📌 came off: the entry it made goes (an entry the shortcut made stays). */
  removeReactionCapture: (options: { incidentId: string; channelId: string; ts: string }) => Promise<number>;
  listForIncident: (incidentId: string) => Promise<TimelineRow[]>;
};

/** One entry per message and incident, whichever way it was captured. */
export const messageKey = ({ channelId, ts }: { channelId: string; ts: string }): string =>
  `message:${channelId}:${ts}`;

const ZFiles = z.array(z.object({ name: z.string(), url: z.string() }));

export const createTimelineStore = (prisma: PrismaClient): TimelineStore => ({
  captureMessage: async ({ channelId, ts, files, ...entry }) => {
    const { count } = await prisma.timelineEntry.createMany({
      data: [{ id: randomUUID(), naturalKey: messageKey({ channelId, ts }), files, ...entry }],
      skipDuplicates: true,
    });
    return count === 1;
  },
  updateMessage: async ({ channelId, ts, text, files, at }) =>
    (
      await prisma.timelineEntry.updateMany({
        where: { naturalKey: messageKey({ channelId, ts }), deletedAt: null },
        data: { text, files, editedAt: at },
      })
    ).count,
  markMessageDeleted: async ({ channelId, ts, at }) =>
    (
      await prisma.timelineEntry.updateMany({
        where: { naturalKey: messageKey({ channelId, ts }), deletedAt: null },
        data: { deletedAt: at },
      })
    ).count,
  removeReactionCapture: async ({ incidentId, channelId, ts }) =>
    (
      await prisma.timelineEntry.deleteMany({
        where: { incidentId, naturalKey: messageKey({ channelId, ts }), source: 'reaction' },
      })
    ).count,
  listForIncident: async (incidentId) => {
    const rows = await prisma.timelineEntry.findMany({
      where: { incidentId, deletedAt: null },
      orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }],
    });
    return rows.map((row) => {
      const files = ZFiles.safeParse(row.files);
      return {
        occurredAt: row.occurredAt,
        recordedAt: row.recordedAt,
        source: row.source,
        actorId: row.actorId,
        text: row.text,
        permalink: row.permalink,
        files: files.success ? files.data : [],
        edited: row.editedAt !== null,
      };
    });
  },
});
