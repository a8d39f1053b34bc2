import { z } from 'zod';
import type { DeployFact, IncidentTimes } from '../domain/deploys/delivery-metrics.ts';
import type { MaintenanceTime } from '../domain/maintenance/maintenance-window.ts';
import type { ImpactSpan } from '../domain/sla/downtime.ts';
import type { PrismaClient } from './generated/client.ts';

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

export const createReportStore = (prisma: PrismaClient): ReportStore => ({
  readFacts: async ({ services, start, end, impactFrom = start, changeFailureWindowMs }) => {
    const from = start.toISOString();
    // Maintenance is read as far back as the impact it may excuse.
    const impactSince = impactFrom.toISOString();
    const to = end.toISOString();
    const failuresTo = new Date(end.getTime() + changeFailureWindowMs).toISOString();
    // One statement at a time: the CLI and the embedded database have a single connection anyway. Each condition
    // is one an index answers (ImpactWindow by service and end, Incident by declaration and by impact start), so a
    // month's report reads that month's rows, not every row of the history.
    const spans = await prisma.$queryRaw<unknown[]>`
      SELECT service, kind::text AS kind, "startedAt", "endedAt", "incidentId"::text AS "incidentId"
      FROM "ImpactWindow"
      WHERE service = ANY(${services}::text[])
        AND "startedAt" < ${to}::timestamptz
        AND ("endedAt" IS NULL OR "endedAt" > ${impactSince}::timestamptz)`;
    const incidents = await prisma.$queryRaw<unknown[]>`
      SELECT i.id::text AS id, array_agg(s.service ORDER BY s.service) AS services,
             i."impactStartedAt", i."declaredAt", i."mitigatedAt", i."resolvedAt"
      FROM "IncidentService" s
      JOIN "Incident" i ON i.id = s."incidentId"
      WHERE s.service = ANY(${services}::text[])
        AND ((i."declaredAt" >= ${from}::timestamptz AND i."declaredAt" < ${to}::timestamptz)
          OR (i."impactStartedAt" >= ${from}::timestamptz AND i."impactStartedAt" < ${failuresTo}::timestamptz)
          OR (i."impactStartedAt" IS NULL
              AND i."declaredAt" >= ${from}::timestamptz AND i."declaredAt" < ${failuresTo}::timestamptz))
      GROUP BY i.id`;
    // isProductionEnvironment's rule (`production` or `prod`, any case, spaces, tabs or line breaks around) without
    // a regular expression: PostgreSQL's case-insensitive match doubled the time of the whole query.
    const deploys = await prisma.$queryRaw<unknown[]>`
      SELECT service, environment, status::text AS status, "occurredAt"
      FROM "DeployEvent"
      WHERE service = ANY(${services}::text[])
        AND "occurredAt" >= ${from}::timestamptz AND "occurredAt" < ${to}::timestamptz
        AND status = 'succeeded'
        AND lower(btrim(environment, E' \t\r\n')) IN ('production', 'prod')`;
    const maintenance = await prisma.$queryRaw<unknown[]>`
      SELECT services, "startsAt", "endsAt", "cancelledAt"
      FROM "Maintenance"
      WHERE services && ${services}::text[]
        AND "startsAt" < ${to}::timestamptz AND "endsAt" > ${impactSince}::timestamptz
        AND ("cancelledAt" IS NULL OR "cancelledAt" > GREATEST("startsAt", ${impactSince}::timestamptz))
      ORDER BY "startsAt"`;
    return {
      spans: z.array(ZSpanRow).parse(spans),
      maintenance: z.array(ZMaintenanceRow).parse(maintenance),
      incidents: z.array(ZIncidentRow).parse(incidents),
      deploys: z.array(ZDeployRow).parse(deploys),
    };
  },
});
