import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadTeamConfig } from '../src/config/team-config-file.ts';
import { createReportFlows, type ReportRequest } from '../src/flows/report-flows.ts';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { openDatabase } from '../src/store/database.ts';
import { applyMigrations, readMigrations } from '../src/store/migrate.ts';
import { createReportStore, type ReportStore } from '../src/store/report-store.ts';
import { median, RUNS, roundToTenth, WARM_UPS } from './timing.ts';

export type ReportFigure = {
  case: string;
  /** Impact windows, incidents and deploys the report read from the database. */
  rows: number;
  /** Median of the whole report: reads, downtime and delivery metrics. */
  ms: number;
  /** Median of the reads alone: from the first starting to the last ending (the default case reads two periods). */
  readMs: number;
};

const EXAMPLE_CONFIG = fileURLToPath(new URL('../sitrep.example.yml', import.meta.url));
const INCIDENTS = 10_000;
const DEPLOYS = 100_000;
/** The data covers the two years before this instant, the report's "now". */
const NOW = new Date('2026-11-23T12:00:00Z');
const FROM = new Date('2024-11-23T12:00:00Z');

/**
 * Two years of history, the same on every run (setseed), inserted in time order as it would arrive: incidents spread
 * evenly with up to an hour of jitter, each of one service (a tenth of both), impact from up to 30 min before the
 * declaration to mitigation, a tenth with a degraded tail until resolution; deploys of both services every 10 min or
 * so, three in five to production, nine in ten succeeded.
 */
const seed = async ({ client, services }: { client: pg.Client; services: string[] }): Promise<void> => {
  const [first = 'checkout-api', second = first] = services;
  const spanMs = NOW.getTime() - FROM.getTime();
  await client.query('SELECT setseed(0.42)');
  await client.query(
    `CREATE TEMP TABLE seed_incident AS
     SELECT n, md5('incident-' || n)::uuid AS id,
            $1::timestamptz + (n - 1) * ($2::float8 / $3) * interval '1 millisecond'
              + random() * interval '1 hour' AS declared_at,
            random() AS detect, random() AS mitigate, random() AS resolve
     FROM generate_series(1, $3::int) AS n`,
    [FROM.toISOString(), spanMs, INCIDENTS],
  );
  await client.query(`
    INSERT INTO "Incident" (id, title, severity, status, "declaredBy", "declaredAt", "impactStartedAt",
                            "mitigatedAt", "resolvedAt", "updatedAt")
    SELECT id, 'Bench incident ' || n, 1 + n % 4, 'resolved', 'U05ALICE01', declared_at,
           declared_at - detect * interval '30 minutes',
           declared_at + mitigate * interval '2 hours',
           declared_at + mitigate * interval '2 hours' + resolve * interval '4 hours',
           declared_at
    FROM seed_incident`);
  await client.query(
    `INSERT INTO "IncidentService" ("incidentId", service)
     SELECT id, CASE WHEN n % 2 = 0 THEN $1 ELSE $2 END FROM seed_incident
     UNION ALL
     SELECT id, $1 FROM seed_incident WHERE n % 10 = 1`,
    [first, second],
  );
  await client.query(`
    INSERT INTO "ImpactWindow" (id, "incidentId", service, kind, "startedAt", "endedAt", "createdBy")
    SELECT md5('outage-' || s."incidentId" || s.service)::uuid, s."incidentId", s.service, 'outage'::"ImpactKind",
           i."impactStartedAt", i."mitigatedAt", 'U05ALICE01'
    FROM "IncidentService" s JOIN "Incident" i ON i.id = s."incidentId"
    UNION ALL
    SELECT md5('degraded-' || s."incidentId" || s.service)::uuid, s."incidentId", s.service, 'degraded'::"ImpactKind",
           i."mitigatedAt", i."resolvedAt", 'U05ALICE01'
    FROM "IncidentService" s JOIN "Incident" i ON i.id = s."incidentId"
    WHERE i.number % 10 = 0`);
  await client.query(
    `INSERT INTO "DeployEvent" (id, source, "deliveryId", service, "knownService", environment, version, layer,
                                status, "occurredAt")
     SELECT md5('deploy-' || n)::uuid, 'generic', 'bench-' || n, CASE WHEN n % 2 = 0 THEN $1 ELSE $2 END, true,
            CASE WHEN n % 5 < 3 THEN 'production' ELSE 'staging' END, 'v' || n, 'artifact',
            (CASE WHEN n % 10 = 0 THEN 'failed' ELSE 'succeeded' END)::"DeployStatus",
            $3::timestamptz + (n - 1) * ($4::float8 / $5) * interval '1 millisecond' + random() * interval '10 minutes'
     FROM generate_series(1, $5::int) AS n`,
    [first, second, FROM.toISOString(), spanMs, DEPLOYS],
  );
  await client.query('ANALYZE');
};

/** Counts the rows the reads return and when they start and end, around the real store. */
const measureReads = (store: ReportStore) => {
  const counter = { rows: 0, first: Number.POSITIVE_INFINITY, last: 0 };
  const measured: ReportStore = {
    readFacts: async (options) => {
      counter.first = Math.min(counter.first, performance.now());
      const facts = await store.readFacts(options);
      counter.last = Math.max(counter.last, performance.now());
      counter.rows += facts.spans.length + facts.incidents.length + facts.deploys.length;
      return facts;
    },
  };
  return { measured, counter };
};

/**
 * `sitrep report` on PostgreSQL over two years of history: 10,000 incidents with their impact windows and 100,000
 * deploys of the services of sitrep.example.yml, bulk-inserted into a fresh schema (dropped afterwards) of
 * BENCH_DATABASE_URL or TEST_DATABASE_URL. Each case runs the report as the command does (the store on one
 * connection, then the flow's downtime and delivery metrics): the median of 20 runs after 5 warm-up runs. Without
 * a PostgreSQL URL there is nothing to measure and no figure.
 */
export const benchReport = async (): Promise<ReportFigure[]> => {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) {
    process.stderr.write('report: set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure it on PostgreSQL\n');
    return [];
  }
  const team = await loadTeamConfig({ path: EXAMPLE_CONFIG, explicit: true });
  const schema = `bench_report_${process.pid}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const database = await openDatabase({ target: { kind: 'postgres', url: url.href }, command: 'bench', poolSize: 1 });
    try {
      await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
      const seeder = new pg.Client({ connectionString: base, options: `-c search_path="${schema}"` });
      await seeder.connect();
      try {
        await seed({ client: seeder, services: team.services.map((service) => service.name) });
      } finally {
        await seeder.end();
      }
      const { measured, counter } = measureReads(createReportStore(database.prisma));
      const flows = createReportFlows({ reports: measured, team, now: () => NOW });
      const [service = 'checkout-api'] = team.services.map(({ name }) => name);
      const cases: [string, ReportRequest][] = [
        [`${service}, October 2026`, { service, period: '2026-10' }],
        ['all services, October 2026', { period: '2026-10' }],
        ['all services, Q3 2026', { period: '2026-Q3' }],
        ['all services, each its current SLA window', {}],
      ];
      const figures: ReportFigure[] = [];
      for (const [name, request] of cases) {
        for (let i = 0; i < WARM_UPS; i += 1) await flows.buildReport(request);
        const runs: number[] = [];
        const reads: number[] = [];
        let rows = 0;
        for (let i = 0; i < RUNS; i += 1) {
          counter.rows = 0;
          counter.first = Number.POSITIVE_INFINITY;
          counter.last = 0;
          const started = performance.now();
          await flows.buildReport(request);
          runs.push(performance.now() - started);
          reads.push(counter.last - counter.first);
          rows = counter.rows;
        }
        figures.push({ case: name, rows, ms: roundToTenth(median(runs)), readMs: roundToTenth(median(reads)) });
      }
      return figures;
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
};
