import { z } from 'zod';
import type { IncidentStatus, IncidentView } from '../domain/incident/incident.ts';
import { Prisma, type PrismaClient } from './generated/client.ts';
import { selectIncidentViews } from './incident-store.ts';
import { readNames } from './postmortem-facts-store.ts';

/** What the incidents page filters on; every field is optional but the page. */
export type IncidentFilter = {
  status?: IncidentStatus | 'open' | undefined;
  severity?: number | undefined;
  service?: string | undefined;
  /** Declared in [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Words the title holds, any case. */
  query?: string | undefined;
  offset: number;
  limit: number;
};

export type IncidentPage = { incidents: IncidentView[]; total: number };

/** A week (its Monday, in the zone asked for) and how many incidents of each severity were declared in it. */
export type WeeklySeverityCount = { week: string; severity: number; count: number };

export type IncidentListStore = {
  /** The incidents the filter keeps, newest first, one page of them, and how many it keeps in all. */
  search: (filter: IncidentFilter) => Promise<IncidentPage>;
  /** Incidents declared in [from, to), counted per week (Monday to Sunday in `zone`) and severity. */
  countPerWeek: (options: { from: Date; to: Date; zone: string }) => Promise<WeeklySeverityCount[]>;
  /** Every service an incident was ever declared on, for the filter's choices. */
  listServices: () => Promise<string[]>;
  /** Slack user id → name, from the cache of Slack users; the id when unknown. */
  namesOf: (userIds: string[]) => Promise<Record<string, string>>;
  /** Incident id → number, for those of these ids that exist. */
  numbersOf: (incidentIds: string[]) => Promise<Record<string, number>>;
};

/** `%` and `_` typed into the search box are letters, not wildcards. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const whereOf = (filter: IncidentFilter): Prisma.Sql => {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.status === 'open') parts.push(Prisma.sql`i.status <> 'resolved'`);
  else if (filter.status !== undefined) parts.push(Prisma.sql`i.status = ${filter.status}::"IncidentStatus"`);
  if (filter.severity !== undefined) parts.push(Prisma.sql`i.severity = ${filter.severity}`);
  if (filter.service !== undefined) {
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "IncidentService" s WHERE s."incidentId" = i.id AND s.service = ${filter.service})`,
    );
  }
  if (filter.from !== undefined) parts.push(Prisma.sql`i."declaredAt" >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to !== undefined) parts.push(Prisma.sql`i."declaredAt" < ${filter.to.toISOString()}::timestamptz`);
  // What ILIKE does, lowering both sides, with the titles lowered once when written (`titleSearch`, a trigger's).
  for (const word of (filter.query ?? '').split(/\s+/).filter((w) => w !== '')) {
    parts.push(Prisma.sql`i."titleSearch" LIKE lower(${likePattern(word)})`);
  }
  return Prisma.join(parts, ' AND ');
};

const ZCount = z.array(z.object({ total: z.number().int() }));
const ZWeekly = z.array(z.object({ week: z.string(), severity: z.number().int(), count: z.number().int() }));
const ZNumbers = z.array(z.object({ id: z.string(), number: z.number().int() }));
const ZServices = z.array(z.object({ service: z.string() }));

export const createIncidentListStore = (prisma: PrismaClient): IncidentListStore => ({
  search: async (filter) => {
    const where = whereOf(filter);
    // The page's rows only are read whole: their services and roles are subqueries run for those rows alone.
    const ids = Prisma.sql`i.id IN (SELECT i.id FROM "Incident" i WHERE ${where}
      ORDER BY i.number DESC LIMIT ${filter.limit} OFFSET ${filter.offset})`;
    const incidents = await selectIncidentViews(prisma, ids, Prisma.sql`ORDER BY i.number DESC`);
    const counted = ZCount.parse(
      await prisma.$queryRaw`SELECT count(*)::int AS total FROM "Incident" i WHERE ${where}`,
    );
    return { incidents, total: counted[0]?.total ?? 0 };
  },

  countPerWeek: async ({ from, to, zone }) =>
    ZWeekly.parse(
      await prisma.$queryRaw`
        SELECT to_char(date_trunc('week', i."declaredAt" AT TIME ZONE ${zone}), 'YYYY-MM-DD') AS week,
               i.severity, count(*)::int AS count
        FROM "Incident" i
        WHERE i."declaredAt" >= ${from.toISOString()}::timestamptz AND i."declaredAt" < ${to.toISOString()}::timestamptz
        GROUP BY 1, 2 ORDER BY 1, 2`,
    ),

  listServices: async () =>
    ZServices.parse(
      await prisma.$queryRaw`SELECT service FROM "IncidentService" GROUP BY service ORDER BY service COLLATE "C"`,
    ).map((row) => row.service),

  namesOf: (userIds) => readNames(prisma, new Set(userIds)),
  numbersOf: async (incidentIds) =>
    Object.fromEntries(
      ZNumbers.parse(
        await prisma.$queryRaw`SELECT id::text AS id, number FROM "Incident" WHERE id = ANY(${incidentIds}::uuid[])`,
      ).map((row) => [row.id, row.number]),
    ),
});
