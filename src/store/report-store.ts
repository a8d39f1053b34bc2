import { z } from 'zod';
import type { DeployFact, IncidentTimes } from '../domain/deploys/delivery-metrics.ts';
import type { MaintenanceTime } from '../domain/maintenance/maintenance-window.ts';
import type { ImpactSpan } from '../domain/sla/downtime.ts';
import type { PrismaClient } from './generated/client.ts';
import type { TransactionClient } from './generated/internal/prismaNamespace.ts';

/** Everything a report of some services over one period is computed from. */
export type ReportFacts = {
  spans: ImpactSpan[];
  incidents: IncidentTimes[];
  deploys: DeployFact[];
  /** Scheduled maintenance of any of the services overlapping the period, as it ran (up to a cancellation). */
  maintenance: MaintenanceTime[];
};

export type ReadReportFactsOptions = {
  /** Never empty: a report names its services. */
  services: string[];
  /** The period, [start, end). */
  start: Date;
  end: Date;
  /** Impact windows from this earlier instant on, for availability further back than the rest; `start` if unset. */
  impactFrom?: Date | undefined;
  /** How long after a deploy an incident makes it a failed change. */
  changeFailureWindowMs: number;
};

export type ReportStore = {
  /**
   * For these services and [start, end): the impact windows that overlap it (open ones included), or [impactFrom,
   * end) when given; the incidents declared in it, and those whose impact started (or, without a start, that were
   * declared) in [start, end + changeFailureWindowMs), which are the ones that can follow a deploy of the period;
   * the succeeded production deploys of the period, the only ones the delivery metrics count; and the maintenance
   * windows of any of the services that overlap it, leaving out those cancelled before they started. An incident's
   * `services` are only those asked for.
   */
  readFacts: (options: ReadReportFactsOptions) => Promise<ReportFacts>;
};

// Raw SQL: Prisma's findMany builds an object per row through its query compiler, which costs more than the
// report's arithmetic once a quarter holds tens of thousands of deploys. The rows are still checked here.
const ZSpanRow = z.object({
  service: z.string(),
  kind: z.enum(['outage', 'degraded']),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  incidentId: z.string(),
});

const ZIncidentRow = z.object({
  id: z.string(),
  services: z.array(z.string()),
  impactStartedAt: z.date().nullable(),
  declaredAt: z.date(),
  mitigatedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
});

const ZMaintenanceRow = z.object({
  services: z.array(z.string()),
  startsAt: z.date(),
  endsAt: z.date(),
  cancelledAt: z.date().nullable(),
});

const ZDeployRow = z.object({
  service: z.string(),
  environment: z.string(),
  status: z.string(),
  occurredAt: z.date(),
});

/** The report facts read for one range, but for maintenance, which is always read afresh (it is a few rows). */
type DatedFacts = Omit<ReportFacts, 'maintenance'>;

/** A part of the facts by the instant each row is dated by (a window's start, a declaration, a deploy): [from, to). */
type DatedPart = { from: Date | 'ever'; to: Date | 'ever' };

type Bounds = { from: string; impactSince: string; to: string; failuresTo: string };

/** How many reads' older facts are kept: the services page's, a service page or two, the overview's. */
const KEPT_READS = 8;

/** Midnight UTC at the start of `at`'s month: older facts are read from there, so one read serves a month's pages. */
const startOfUtcMonth = (at: Date): Date => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));

const isWithin = (at: Date | null, from: number, to: number): boolean =>
  at !== null && at.getTime() >= from && at.getTime() < to;

/**
 * Older facts read over a wider range, cut to the one asked for, by the same conditions as the SQL in `readPart`:
 * so what is kept in memory serves every page of the month without changing what any of them gets.
 */
const cutToBounds = (facts: DatedFacts, bounds: Bounds): DatedFacts => {
  const from = Date.parse(bounds.from);
  const impactSince = Date.parse(bounds.impactSince);
  const to = Date.parse(bounds.to);
  const failuresTo = Date.parse(bounds.failuresTo);
  return {
    spans: facts.spans.filter(
      (span) => span.startedAt.getTime() < to && (span.endedAt === null || span.endedAt.getTime() > impactSince),
    ),
    incidents: facts.incidents.filter(
      (incident) =>
        isWithin(incident.declaredAt, from, to) ||
        isWithin(incident.impactStartedAt, from, failuresTo) ||
        (incident.impactStartedAt === null && isWithin(incident.declaredAt, from, failuresTo)),
    ),
    deploys: facts.deploys.filter((deploy) => isWithin(deploy.occurredAt, from, to)),
  };
};

/** The facts of one part, by the instant each row is dated by, within `bounds`. */
const readPart = async (
  client: TransactionClient,
  services: string[],
  bounds: Bounds,
  part: DatedPart,
): Promise<DatedFacts> => {
  const { from, impactSince, to, failuresTo } = bounds;
  const partFrom = part.from === 'ever' ? '-infinity' : part.from.toISOString();
  const partTo = part.to === 'ever' ? 'infinity' : part.to.toISOString();
  // One statement at a time: the CLI and the embedded database have a single connection anyway. Each condition
  // is one an index answers (ImpactWindow by service and end, Incident by declaration and by impact start), so a
  // month's report reads that month's rows, not every row of the history.
  const spans = await client.$queryRaw<unknown[]>`
    SELECT service, kind::text AS kind, "startedAt", "endedAt", "incidentId"::text AS "incidentId"
    FROM "ImpactWindow"
    WHERE service = ANY(${services}::text[])
      AND "startedAt" < ${to}::timestamptz
      AND ("endedAt" IS NULL OR "endedAt" > ${impactSince}::timestamptz)
      AND "startedAt" >= ${partFrom}::timestamptz AND "startedAt" < ${partTo}::timestamptz`;
  const incidents = await client.$queryRaw<unknown[]>`
    SELECT i.id::text AS id, array_agg(s.service ORDER BY s.service) AS services,
           i."impactStartedAt", i."declaredAt", i."mitigatedAt", i."resolvedAt"
    FROM "IncidentService" s
    JOIN "Incident" i ON i.id = s."incidentId"
    WHERE s.service = ANY(${services}::text[])
      AND ((i."declaredAt" >= ${from}::timestamptz AND i."declaredAt" < ${to}::timestamptz)
        OR (i."impactStartedAt" >= ${from}::timestamptz AND i."impactStartedAt" < ${failuresTo}::timestamptz)
        OR (i."impactStartedAt" IS NULL
            AND i."declaredAt" >= ${from}::timestamptz AND i."declaredAt" < ${failuresTo}::timestamptz))
      AND i."declaredAt" >= ${partFrom}::timestamptz AND i."declaredAt" < ${partTo}::timestamptz
    GROUP BY i.id`;
  // isProductionEnvironment's rule (`production` or `prod`, any case, spaces, tabs or line breaks around) without
  // a regular expression: PostgreSQL's case-insensitive match doubled the time of the whole query.
  const deploys = await client.$queryRaw<unknown[]>`
    SELECT service, environment, status::text AS status, "occurredAt"
    FROM "DeployEvent"
    WHERE service = ANY(${services}::text[])
      AND "occurredAt" >= ${from}::timestamptz AND "occurredAt" < ${to}::timestamptz
      AND status = 'succeeded'
      AND lower(btrim(environment, E' \t\r\n')) IN ('production', 'prod')
      AND "occurredAt" >= ${partFrom}::timestamptz AND "occurredAt" < ${partTo}::timestamptz`;
  return {
    spans: z.array(ZSpanRow).parse(spans),
    incidents: z.array(ZIncidentRow).parse(incidents),
    deploys: z.array(ZDeployRow).parse(deploys),
  };
};

export const createReportStore = (prisma: PrismaClient): ReportStore => {
  /** Per read: the count it was read at, its facts, and the last cut of them asked for (a page asks for the same). */
  const kept = new Map<string, { version: string; facts: DatedFacts; cut?: { bounds: string; facts: DatedFacts } }>();

  /**
   * The facts dated before `boundary` within `bounds`, read over the month-aligned `wide` bounds: from memory while the
   * services' count of changed older facts (see the ServiceFactVersion migration) stands where it stood when they
   * were read, in the same snapshot as the rows.
   */
  const readOlder = async (
    client: TransactionClient,
    services: string[],
    { bounds, wide }: { bounds: Bounds; wide: Bounds },
    boundary: Date,
    version: string,
  ): Promise<DatedFacts> => {
    const key = JSON.stringify([services, wide, boundary]);
    const found = kept.get(key);
    const entry =
      found !== undefined && found.version === version
        ? found
        : { version, facts: await readPart(client, services, wide, { from: 'ever', to: boundary }) };
    kept.delete(key);
    kept.set(key, entry);
    for (const oldest of kept.keys()) {
      if (kept.size <= KEPT_READS) break;
      kept.delete(oldest);
    }
    const asked = JSON.stringify(bounds);
    if (entry.cut?.bounds !== asked) entry.cut = { bounds: asked, facts: cutToBounds(entry.facts, bounds) };
    return entry.cut.facts;
  };

  /** The facts asked for, all of them read in one snapshot of the database, the count of changes included. */
  const readInSnapshot = async (
    client: TransactionClient,
    { services, start, end, impactFrom = start, changeFailureWindowMs }: ReadReportFactsOptions,
  ): Promise<ReportFacts> => {
    const sorted = [...services].sort();
    const bounds: Bounds = {
      from: start.toISOString(),
      // Maintenance is read as far back as the impact it may excuse.
      impactSince: impactFrom.toISOString(),
      to: end.toISOString(),
      failuresTo: new Date(end.getTime() + changeFailureWindowMs).toISOString(),
    };
    // '*' is raised by a TRUNCATE, which names no service.
    const [state] = z.array(z.object({ boundary: z.date(), version: z.string() })).parse(
      await client.$queryRaw`
        SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '2 days' AS boundary,
               coalesce((SELECT sum(version) FROM "ServiceFactVersion"
                         WHERE service = ANY(${[...sorted, '*']}::text[])), 0)::text AS version`,
    );
    if (state === undefined) throw new Error('the database did not answer with its clock');
    const earliest = Math.min(start.getTime(), impactFrom.getTime());
    const dated =
      earliest >= state.boundary.getTime()
        ? await readPart(client, sorted, bounds, { from: 'ever', to: 'ever' })
        : await (async () => {
            const wide = {
              ...bounds,
              from: startOfUtcMonth(start).toISOString(),
              impactSince: startOfUtcMonth(impactFrom).toISOString(),
            };
            const older = await readOlder(client, sorted, { bounds, wide }, state.boundary, state.version);
            const recent = await readPart(client, sorted, bounds, { from: state.boundary, to: 'ever' });
            return {
              spans: [...older.spans, ...recent.spans],
              incidents: [...older.incidents, ...recent.incidents],
              deploys: [...older.deploys, ...recent.deploys],
            };
          })();
    const maintenance = await client.$queryRaw<unknown[]>`
      SELECT services, "startsAt", "endsAt", "cancelledAt"
      FROM "Maintenance"
      WHERE services && ${sorted}::text[]
        AND "startsAt" < ${bounds.to}::timestamptz AND "endsAt" > ${bounds.impactSince}::timestamptz
        AND ("cancelledAt" IS NULL OR "cancelledAt" > GREATEST("startsAt", ${bounds.impactSince}::timestamptz))
      ORDER BY "startsAt"`;
    return { ...dated, maintenance: z.array(ZMaintenanceRow).parse(maintenance) };
  };

  return {
    // One snapshot (REPEATABLE READ) for the count and every row: a fact moved from before the boundary to after it
    // while a page reads is in one part or the other, never both or neither.
    readFacts: (options) =>
      prisma.$transaction((tx) => readInSnapshot(tx, options), { isolationLevel: 'RepeatableRead' }),
  };
};
