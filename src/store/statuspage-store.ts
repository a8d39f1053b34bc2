import { z } from 'zod';
import { INCIDENT_STATUSES, type IncidentStatus } from '../domain/incident/incident.ts';
import { COMPONENT_STATUSES, type ComponentStatus } from '../domain/status-page/component-status.ts';
import type { PrismaClient } from './generated/client.ts';

/** What was last pushed to a service's Statuspage component. */
export type PushedComponent = { service: string; componentId: string; status: ComponentStatus; pushedAt: Date };

/** The Statuspage incident of a sitrep incident, how many of its public updates went to it, and its last status. */
export type PushedIncident = { statuspageId: string; pushedCount: number; status: IncidentStatus };

export type StatuspageStore = {
  listPushedComponents: () => Promise<PushedComponent[]>;
  recordComponents: (components: PushedComponent[]) => Promise<void>;
  findPushedIncident: (incidentId: string) => Promise<PushedIncident | undefined>;
  recordIncident: (options: { incidentId: string; at: Date } & PushedIncident) => Promise<void>;
  /**
   * The incidents resolved in sitrep at `resolvedBefore` or earlier whose Statuspage incident was never given the
   * status resolved (nobody posted a final update).
   */
  listResolvedUnpushed: (options: { resolvedBefore: Date }) => Promise<string[]>;
  /**
   * Books the next turn to call Statuspage, a second after the one booked before it (or `now` when that is past), and
   * returns when it is: one row every replica shares, updated in one statement, so two never get the same turn.
   */
  bookTurn: (options: { now: Date; spacingMs: number }) => Promise<Date>;
  /** Keeps the next turn at least `spacingMs` after `now` (a call just answered, which may have taken a while). */
  spaceNextTurn: (options: { now: Date; spacingMs: number }) => Promise<void>;
};

const ZTurn = z.array(z.object({ turn: z.date() })).length(1);
const ZIncidentIds = z.array(z.object({ incidentId: z.string() }));

export const createStatuspageStore = (prisma: PrismaClient): StatuspageStore => ({
  listPushedComponents: async () => {
    const rows = await prisma.statuspageComponent.findMany({ orderBy: { service: 'asc' } });
    return rows.map((row) => ({ ...row, status: z.enum(COMPONENT_STATUSES).parse(row.status) }));
  },
  recordComponents: async (components) => {
    await prisma.$transaction(
      components.map(({ service, ...pushed }) =>
        prisma.statuspageComponent.upsert({ where: { service }, create: { service, ...pushed }, update: pushed }),
      ),
    );
  },
  findPushedIncident: async (incidentId) => {
    const row = await prisma.statuspageIncident.findUnique({
      where: { incidentId },
      select: { statuspageId: true, pushedCount: true, status: true },
    });
    return row === null ? undefined : { ...row, status: z.enum(INCIDENT_STATUSES).parse(row.status) };
  },
  recordIncident: async ({ incidentId, statuspageId, pushedCount, status, at }) => {
    const data = { statuspageId, pushedCount, status, updatedAt: at };
    await prisma.statuspageIncident.upsert({ where: { incidentId }, create: { incidentId, ...data }, update: data });
  },
  listResolvedUnpushed: async ({ resolvedBefore }) =>
    ZIncidentIds.parse(
      await prisma.$queryRaw`
        SELECT s."incidentId"::text AS "incidentId"
          FROM "StatuspageIncident" s JOIN "Incident" i ON i.id = s."incidentId"
         WHERE s.status <> 'resolved' AND i.status = 'resolved'
           AND i."resolvedAt" <= ${resolvedBefore.toISOString()}::timestamptz
         ORDER BY i."resolvedAt"`,
    ).map((row) => row.incidentId),
  bookTurn: async ({ now, spacingMs }) => {
    const at = now.toISOString();
    const [row] = ZTurn.parse(
      await prisma.$queryRaw`
        INSERT INTO "StatuspagePace" (id, "nextAt")
        VALUES ('api', ${at}::timestamptz + ${spacingMs}::int * interval '1 millisecond')
        ON CONFLICT (id) DO UPDATE
          SET "nextAt" = GREATEST("StatuspagePace"."nextAt", ${at}::timestamptz) + ${spacingMs}::int * interval '1 millisecond'
        RETURNING "nextAt" - ${spacingMs}::int * interval '1 millisecond' AS turn`,
    );
    return row?.turn ?? now;
  },
  spaceNextTurn: async ({ now, spacingMs }) => {
    await prisma.$executeRaw`
      UPDATE "StatuspagePace"
         SET "nextAt" = GREATEST("nextAt", ${now.toISOString()}::timestamptz + ${spacingMs}::int * interval '1 millisecond')
       WHERE id = 'api'`;
  },
});
