import { randomUUID } from 'node:crypto';
import type { IncidentStatus } from '../domain/incident/incident.ts';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import type { PublicIncident } from '../domain/status-page/public-incident.ts';
import { DEFAULT_PUBLIC_TITLE } from '../domain/status-page/public-update-rules.ts';
import type { Prisma, PrismaClient } from './generated/client.ts';
import { enqueueEffects } from './outbox-store.ts';
import { addTimelineEntry, type NewTimelineEntry } from './timeline-store.ts';

/** An update for the status page, with the timeline entry and the Slack effects written in its transaction. */
export type NewPublicUpdate = {
  incidentId: string;
  /** Unique per incident (a command's trigger id, a form's view id): a repeat writes nothing. */
  requestKey: string;
  status: IncidentStatus;
  text: string;
  postedBy: string;
  postedAt: Date;
  /** `set` changes the public title; `default` gives one only to an incident that has none yet. */
  title: { set: string } | { default: string };
  timeline: Omit<NewTimelineEntry, 'incidentId'>;
  effects: KeyedEffect[];
};

/** What was published for a request (the first time it was asked), and the incident's public title now. */
export type PublishedUpdate = {
  created: boolean;
  publicTitle: string;
  status: IncidentStatus;
  text: string;
  postedAt: Date;
};

export type PublicUpdateStore = {
  publish: (update: NewPublicUpdate) => Promise<PublishedUpdate>;
  countForIncident: (incidentId: string) => Promise<number>;
  /** The incidents with an update posted at `since` or later, each with all its updates; latest news first. */
  listPublicIncidents: (options: { since: Date }) => Promise<PublicIncident[]>;
  /** The incident as the status page shows it; undefined when nothing was published about it. */
  findPublicIncident: (incidentId: string) => Promise<PublicIncident | undefined>;
};

// Only what the status page may show is ever read: the select names every field, so a field added to the incident
// later never reaches the page unless someone adds it here.
const PUBLIC_SELECT = {
  id: true,
  publicTitle: true,
  // Whether it is resolved, not what the last update said: one resolved without a final update is over all the same.
  status: true,
  services: { select: { service: true }, orderBy: { service: 'asc' } },
  publicUpdates: {
    select: { status: true, text: true, postedAt: true },
    orderBy: [{ postedAt: 'desc' }, { id: 'desc' }],
  },
} satisfies Prisma.IncidentSelect;

type PublicRow = Prisma.IncidentGetPayload<{ select: typeof PUBLIC_SELECT }>;

const toPublicIncident = (row: PublicRow): PublicIncident | undefined => {
  const [latest] = row.publicUpdates;
  if (latest === undefined) return undefined;
  const services = row.services.map((s) => s.service);
  return {
    id: row.id,
    publicTitle: row.publicTitle ?? DEFAULT_PUBLIC_TITLE,
    services,
    status: latest.status,
    ongoing: row.status !== 'resolved',
    updates: row.publicUpdates,
  };
};

const newestFirst = (a: PublicIncident, b: PublicIncident): number =>
  (b.updates[0]?.postedAt.getTime() ?? 0) - (a.updates[0]?.postedAt.getTime() ?? 0);

export const createPublicUpdateStore = (prisma: PrismaClient): PublicUpdateStore => ({
  publish: ({ incidentId, requestKey, status, text, postedBy, postedAt, title, timeline, effects }) =>
    prisma.$transaction(async (tx) => {
      // Two copies of one request at once: the second waits on the key, then inserts nothing and reads the first.
      const { count } = await tx.publicUpdate.createMany({
        data: [{ id: randomUUID(), incidentId, requestKey, status, text, postedBy, postedAt }],
        skipDuplicates: true,
      });
      if (count === 1) {
        if ('set' in title) {
          await tx.incident.update({ where: { id: incidentId }, data: { publicTitle: title.set } });
        } else {
          await tx.incident.updateMany({
            where: { id: incidentId, publicTitle: null },
            data: { publicTitle: title.default },
          });
        }
        await addTimelineEntry(tx, { ...timeline, incidentId });
        await enqueueEffects(tx, effects, postedAt);
      }
      const update = await tx.publicUpdate.findUniqueOrThrow({
        where: { incidentId_requestKey: { incidentId, requestKey } },
        select: { status: true, text: true, postedAt: true, incident: { select: { publicTitle: true } } },
      });
      const { incident, ...posted } = update;
      return { created: count === 1, publicTitle: incident.publicTitle ?? '', ...posted };
    }),
  countForIncident: (incidentId) => prisma.publicUpdate.count({ where: { incidentId } }),
  listPublicIncidents: async ({ since }) => {
    const rows = await prisma.incident.findMany({
      where: { publicUpdates: { some: { postedAt: { gte: since } } } },
      select: PUBLIC_SELECT,
    });
    return rows.flatMap((row) => toPublicIncident(row) ?? []).sort(newestFirst);
  },
  findPublicIncident: async (incidentId) => {
    const row = await prisma.incident.findUnique({ where: { id: incidentId }, select: PUBLIC_SELECT });
    return row === null ? undefined : toPublicIncident(row);
  },
});
