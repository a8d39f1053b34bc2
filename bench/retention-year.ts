import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { type Database, openDatabase } from '../src/store/database.ts';
import { applyMigrations, readMigrations } from '../src/store/migrate.ts';
import { createRetentionStore } from '../src/store/retention-store.ts';
import { benchPostgresUrl, dropSchema } from './bench-sitrep.ts';
import { median } from './timing.ts';

export type RetentionFigure = {
  case: string;
  incidents: number;
  outboxRows: number;
  eventRows: number;
  timelineRows: number;
  outboxMb: number;
  eventsMb: number;
  /** Median time of one day's pruning, once the year is under way. */
  pruneMs: number;
};

const INCIDENTS_A_YEAR = 5_000;
const DAYS = 365;
/** Per incident, from a real one's life: lines, topics, summaries, DMs, reminders; pins, reactions, messages. */
const MESSAGES_PER_INCIDENT = 30;
const EVENTS_PER_INCIDENT = 60;
const TIMELINE_PER_INCIDENT = 20;
const RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
const START = new Date('2026-01-01T00:00:00Z');

const mb = (bytes: bigint | number) => Math.round((Number(bytes) / 2 ** 20) * 10) / 10;

/** One day's incidents, with the outbox messages they sent (done) and the Slack events they brought, as of `day`. */
const addDay = async (database: Database, day: number, incidents: number) => {
  const { prisma } = database;
  const at = new Date(START.getTime() + day * DAY_MS);
  const tag = `d${day}-`;
  await prisma.$executeRaw`
    INSERT INTO "Incident" (id, title, severity, status, "declaredBy", "declaredAt", "resolvedAt", "updatedAt")
    SELECT md5(${tag} || n)::uuid, 'Bench ' || ${tag} || n, 2, 'resolved', 'U05ALICE01', ${at}, ${at}, ${at}
      FROM generate_series(1, ${incidents}) AS n`;
  await prisma.$executeRaw`
    INSERT INTO "TimelineEntry" (id, "incidentId", "naturalKey", source, "occurredAt", "recordedAt", text)
    SELECT gen_random_uuid(), md5(${tag} || n)::uuid, 'note:' || e, 'command', ${at}, ${at}, 'A note of some length'
      FROM generate_series(1, ${incidents}) AS n, generate_series(1, ${TIMELINE_PER_INCIDENT}) AS e`;
  await prisma.$executeRaw`
    INSERT INTO "OutboxMessage" (id, "dedupeKey", "orderingKey", kind, payload, status, "runAt", "doneAt", attempts)
    SELECT gen_random_uuid(), ${tag} || n || ':' || m, ${tag} || n, 'incident.post',
           jsonb_build_object('kind', 'incident.post', 'incidentId', md5(${tag} || n)::uuid, 'text', 'A line'),
           'done', ${at}, ${at}, 1
      FROM generate_series(1, ${incidents}) AS n, generate_series(1, ${MESSAGES_PER_INCIDENT}) AS m`;
  await prisma.$executeRaw`
    INSERT INTO "ProcessedSlackEvent" ("eventId", "receivedAt")
    SELECT 'Ev' || ${tag} || n || ':' || e, ${at}
      FROM generate_series(1, ${incidents}) AS n, generate_series(1, ${EVENTS_PER_INCIDENT}) AS e`;
};

/** A year of incidents, one day at a time, pruning at the end of each day when `prune` is on. */
const simulateYear = async (database: Database, prune: boolean) => {
  const retention = createRetentionStore(database.prisma);
  const pruneMs: number[] = [];
  let incidents = 0;
  for (let day = 0; day < DAYS; day += 1) {
    const today = Math.floor(((day + 1) * INCIDENTS_A_YEAR) / DAYS) - Math.floor((day * INCIDENTS_A_YEAR) / DAYS);
    await addDay(database, day, today);
    incidents += today;
    if (prune) {
      const started = performance.now();
      await retention.pruneBefore(new Date(START.getTime() + (day + 1 - RETENTION_DAYS) * DAY_MS));
      if (day >= RETENTION_DAYS) pruneMs.push(performance.now() - started);
    }
  }
  const count = async (table: string) =>
    Number((await database.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}"`))[0]?.n);
  const size = async (table: string) =>
    mb(
      (
        await database.prisma.$queryRawUnsafe<{ bytes: bigint }[]>(
          `SELECT pg_total_relation_size('"${table}"') AS bytes`,
        )
      )[0]?.bytes ?? 0,
    );
  return {
    incidents,
    outboxRows: await count('OutboxMessage'),
    eventRows: await count('ProcessedSlackEvent'),
    timelineRows: await count('TimelineEntry'),
    outboxMb: await size('OutboxMessage'),
    eventsMb: await size('ProcessedSlackEvent'),
    pruneMs: pruneMs.length > 0 ? Math.round(median(pruneMs) * 10) / 10 : 0,
  };
};

const migrated = async (database: Database) => {
  await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
  return database;
};

/**
 * A simulated year of 5,000 incidents on each database, with pruning (RETENTION_DAYS 30, once a simulated day) and
 * without, side by side: what the tables hold at the end of the year.
 */
export const benchRetentionYear = async (): Promise<RetentionFigure[]> => {
  const figures: RetentionFigure[] = [];
  for (const prune of [true, false]) {
    const label = prune ? 'pruning after 30 days' : 'no pruning';
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-retention-'));
    try {
      const database = await migrated(
        await openDatabase({ target: { kind: 'pglite', dataDir: join(dir, 'data') }, command: 'bench' }),
      );
      try {
        figures.push({ case: `PGlite, ${label}`, ...(await simulateYear(database, prune)) });
      } finally {
        await database.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const postgres = benchPostgresUrl();
    if (!postgres) continue;
    const schema = `bench_retention_${process.pid}`;
    const url = new URL(postgres);
    url.searchParams.set('schema', schema);
    const admin = new pg.Client({ connectionString: postgres });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    try {
      const database = await migrated(
        await openDatabase({ target: { kind: 'postgres', url: url.href }, command: 'bench', poolSize: 1 }),
      );
      try {
        figures.push({ case: `PostgreSQL, ${label}`, ...(await simulateYear(database, prune)) });
      } finally {
        await database.close();
      }
    } finally {
      await dropSchema(postgres, schema);
    }
  }
  return figures;
};

export const formatRetentionTable = (figures: RetentionFigure[]): string =>
  [
    '| a year of … | incidents | outbox rows | outbox MB | event id rows | event ids MB | timeline rows | one day’s pruning (median) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.case} | ${f.incidents.toLocaleString('en')} | ${f.outboxRows.toLocaleString('en')} | ${f.outboxMb} | ${f.eventRows.toLocaleString('en')} | ${f.eventsMb} | ${f.timelineRows.toLocaleString('en')} | ${f.pruneMs} ms |`,
    ),
  ].join('\n');
