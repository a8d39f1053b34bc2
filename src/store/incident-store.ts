import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../domain/app-error.ts';
import {
  INCIDENT_STATUSES,
  type IncidentStatus,
  type IncidentView,
  ROLE_KINDS,
  type RoleKind,
} from '../domain/incident/incident.ts';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import { Prisma, type PrismaClient } from './generated/client.ts';
import type { TransactionClient } from './generated/internal/prismaNamespace.ts';
import { enqueueEffects } from './outbox-store.ts';
import { listOpenPages, type NewPage, type PageWrite, writePages } from './page-store.ts';
import { addTimelineEntry, type NewTimelineEntry } from './timeline-store.ts';
import { isUniqueViolation } from './unique-violation.ts';

export type NewIncident = {
  id: string;
  /** Identifies the request that declared it (a view id, a command's trigger id): a retry declares nothing new. */
  requestKey: string;
  title: string;
  description: string | null;
  severity: number;
  services: string[];
  declaredBy: string;
  declaredAt: Date;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  lead: string;
};

/** A change to an incident, with what it records on the timeline and the Slack effects it sets off. */
export type IncidentChange = {
  incidentId: string;
  /** The change applies only if the incident is still in this status (two people acting at once). */
  expectedStatus?: IncidentStatus;
  /** The change applies only if the incident still has this severity (the same request delivered twice at once). */
  expectedSeverity?: number;
  data?: Partial<
    Pick<
      IncidentView,
      'status' | 'severity' | 'detectedAt' | 'identifiedAt' | 'mitigatedAt' | 'resolvedAt' | 'channelProblem'
    >
  >;
  /** The change applies only if the role is still held by `previous` (null: by nobody). */
  role?: { role: RoleKind; userId: string; previous: string | null; assignedBy: string; assignedAt: Date };
  timeline: Omit<NewTimelineEntry, 'incidentId'>;
  effects: KeyedEffect[];
  /** Services paged, or pages resolved, with the change; refused when the pages changed since they were read. */
  pages?: PageWrite;
};

export type IncidentStore = {
  /** Creates the incident with its first timeline entry and effects; returns the existing one for a repeated request. */
  declare: (
    incident: NewIncident,
    record: { timeline: Omit<NewTimelineEntry, 'incidentId'>; effects: KeyedEffect[]; pages?: NewPage[] },
  ) => Promise<{ incident: IncidentView; created: boolean }>;
  applyChange: (change: IncidentChange) => Promise<IncidentView>;
  findById: (id: string) => Promise<IncidentView | undefined>;
  findByChannel: (channelId: string) => Promise<IncidentView | undefined>;
  findByNumber: (number: number) => Promise<IncidentView | undefined>;
  listOpen: () => Promise<IncidentView[]>;
  /** The services paged through PagerDuty for the incident whose pages are still open. */
  listPaged: (incidentId: string) => Promise<string[]>;
  /** Records the channel Slack created; false when the incident already had one. */
  setChannel: (options: { id: string; channelId: string; channelName: string }) => Promise<boolean>;
  setSummaryTs: (options: { id: string; summaryTs: string }) => Promise<void>;
  /** Records that Slack will not create the incident's channel, and why; only while it has none. */
  setChannelProblem: (options: { id: string; problem: string }) => Promise<void>;
};

const ZIncidentViewRow = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  severity: z.number().int(),
  status: z.enum(INCIDENT_STATUSES),
  channelId: z.string().nullable(),
  channelName: z.string().nullable(),
  summaryTs: z.string().nullable(),
  channelProblem: z.string().nullable(),
  declaredBy: z.string(),
  declaredAt: z.date(),
  impactStartedAt: z.date().nullable(),
  detectedAt: z.date().nullable(),
  identifiedAt: z.date().nullable(),
  mitigatedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  services: z.array(z.string()),
  roles: z.partialRecord(z.enum(ROLE_KINDS), z.string()),
});

/**
 * Incidents with their services and roles in one statement: Prisma's `include` reads them in three, and `list`,
 * every declare and every command typed in an incident's channel start with this read.
 */
export const selectIncidentViews = async (
  prisma: Pick<PrismaClient, '$queryRaw'>,
  where: Prisma.Sql,
  orderBy: Prisma.Sql = Prisma.empty,
): Promise<IncidentView[]> => {
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT i.id::text AS id, i.number, i.title, i.description, i.severity, i.status::text AS status,
           i."channelId", i."channelName", i."summaryTs", i."channelProblem", i."declaredBy", i."declaredAt", i."impactStartedAt",
           i."detectedAt", i."identifiedAt", i."mitigatedAt", i."resolvedAt",
           ARRAY(SELECT s.service FROM "IncidentService" s WHERE s."incidentId" = i.id ORDER BY s.service)
             AS services,
           COALESCE((SELECT json_object_agg(r.role, r."userId") FROM "IncidentRole" r WHERE r."incidentId" = i.id),
                    '{}'::json) AS roles
    FROM "Incident" i
    WHERE ${where}
    ${orderBy}`;
  return z.array(ZIncidentViewRow).parse(rows);
};

const concurrentChange = () =>
  new AppError('NO_CHANGE', {
    userMessage: 'Someone changed this incident at the same moment; look at the summary and try again.',
  });

/**
 * Writes a change in the caller's transaction, so other writes (closing impact windows) can share it. What the
 * change was read against is compared and set in one statement: of two changes read at once, the second finds
 * nothing to change (PostgreSQL re-reads a row another transaction changed meanwhile) and is refused.
 */
export const writeIncidentChange = async (
  tx: TransactionClient,
  { incidentId, expectedStatus, expectedSeverity, data, role, timeline, effects, pages }: IncidentChange,
): Promise<void> => {
  if (data || expectedStatus || expectedSeverity !== undefined) {
    const { count } = await tx.incident.updateMany({
      where: {
        id: incidentId,
        ...(expectedStatus ? { status: expectedStatus } : {}),
        ...(expectedSeverity !== undefined ? { severity: expectedSeverity } : {}),
      },
      data: data ?? {},
    });
    if (count === 0) throw concurrentChange();
  }
  if (role) {
    const { previous, ...holder } = role;
    // For a role nobody held, the insert is the compare-and-set: a second one finds the row and adds nothing.
    const { count } =
      previous === null
        ? await tx.incidentRole.createMany({ data: [{ incidentId, ...holder }], skipDuplicates: true })
        : await tx.incidentRole.updateMany({
            where: { incidentId, role: holder.role, userId: previous },
            data: { userId: holder.userId, assignedBy: holder.assignedBy, assignedAt: holder.assignedAt },
          });
    if (count === 0) throw concurrentChange();
    await tx.incident.update({ where: { id: incidentId }, data: { updatedAt: role.assignedAt } });
  }
  if (pages && !(await writePages(tx, incidentId, pages))) throw concurrentChange();
  await addTimelineEntry(tx, { ...timeline, incidentId });
  await enqueueEffects(tx, effects, timeline.occurredAt);
};

export const createIncidentStore = (prisma: PrismaClient): IncidentStore => {
  const findOne = async (where: Prisma.Sql) => (await selectIncidentViews(prisma, where))[0];
  const findById = (id: string) => findOne(Prisma.sql`i.id = ${id}::uuid`);

  return {
    declare: async (incident, { timeline, effects, pages = [] }) => {
      const byRequest = Prisma.sql`i."requestKey" = ${incident.requestKey}`;
      const existing = await findOne(byRequest);
      if (existing) return { incident: existing, created: false };
      try {
        const view = await prisma.$transaction(async (tx) => {
          const { lead, services, ...fields } = incident;
          const created = await tx.incident.create({
            data: {
              ...fields,
              services: { create: services.map((service) => ({ service })) },
              roles: {
                create: [
                  { role: 'lead', userId: lead, assignedBy: incident.declaredBy, assignedAt: incident.declaredAt },
                ],
              },
            },
            select: { id: true },
          });
          await addTimelineEntry(tx, { ...timeline, incidentId: created.id });
          await writePages(tx, created.id, { trigger: pages });
          await enqueueEffects(tx, effects, incident.declaredAt);
          return (await selectIncidentViews(tx, Prisma.sql`i.id = ${created.id}::uuid`))[0];
        });
        if (!view) throw new Error(`incident ${incident.id} was not there after it was declared`);
        return { incident: view, created: true };
      } catch (error) {
        // The same request arriving twice at once: the other one won, and that incident is the answer.
        if (!isUniqueViolation(error)) throw error;
        const winner = await findOne(byRequest);
        if (!winner) throw error;
        return { incident: winner, created: false };
      }
    },

    applyChange: async (change) => {
      await prisma.$transaction((tx) => writeIncidentChange(tx, change));
      const view = await findById(change.incidentId);
      if (!view) throw new AppError('NOT_FOUND', { userMessage: 'That incident no longer exists.' });
      return view;
    },

    findById,
    findByChannel: (channelId) => findOne(Prisma.sql`i."channelId" = ${channelId}`),
    findByNumber: (number) => findOne(Prisma.sql`i.number = ${number}`),
    listOpen: () =>
      selectIncidentViews(prisma, Prisma.sql`i.status <> 'resolved'`, Prisma.sql`ORDER BY i.severity, i.number`),
    listPaged: (incidentId) => listOpenPages(prisma, incidentId),
    setChannel: async ({ id, channelId, channelName }) => {
      const { count } = await prisma.incident.updateMany({
        where: { id, channelId: null },
        data: { channelId, channelName },
      });
      return count === 1;
    },
    setSummaryTs: async ({ id, summaryTs }) => {
      await prisma.incident.update({ where: { id }, data: { summaryTs } });
    },
    setChannelProblem: async ({ id, problem }) => {
      await prisma.incident.updateMany({ where: { id, channelId: null }, data: { channelProblem: problem } });
    },
  };
};

export const newIncidentId = (): string => randomUUID();
