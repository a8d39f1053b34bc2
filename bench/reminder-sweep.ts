import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ZTeamConfig } from '../src/domain/team-config/team-config.ts';
import { endOfLocalDay } from '../src/domain/time/business-days.ts';
import { createReminderFlows } from '../src/flows/reminder-flows.ts';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { createActionItemStore } from '../src/store/action-item-store.ts';
import { type Database, type DatabaseTarget, openDatabase } from '../src/store/database.ts';
import { applyMigrations, readMigrations } from '../src/store/migrate.ts';
import { createOutboxStore } from '../src/store/outbox-store.ts';
import { median, RUNS, roundToTenth, WARM_UPS } from './timing.ts';

export type ReminderSweepFigure = {
  case: string;
  /** Open action items in the table. */
  actions: number;
  /** How many of them are due at the sweep's "now". */
  due: number;
  /** Median of the claim query alone, in its transaction: finding the due ones. */
  findMs: number;
  /** Median of the whole sweep: claim, plan, enqueue the reminders, update each action. */
  sweepMs: number;
  /** Slowest measured sweep. */
  sweepMaxMs: number;
  /** Whether EXPLAIN ANALYZE of the claim query shows ActionItem_nextReminderAt_idx. */
  indexUsed: boolean;
  /** The plan's first line, for RESULTS.md. */
  plan: string;
};

const INCIDENTS = 2_000;
const ACTIONS = 100_000;
/** The first DUE actions (by number) are due now; the others within the next 30 days. */
const DUE = 500;
/** Whole sweeps are slower than the claim: fewer rounds, still a median. */
const SWEEP_WARM_UPS = 1;
const SWEEP_RUNS = 9;
const ZONE = 'Europe/Paris';
/** Tuesday 1 December 2026, 10:00 in Paris: the `due` reminders of 09:00 are owed. */
const NOW = new Date('2026-12-01T09:00:00Z');
const SLOT = new Date('2026-12-01T08:00:00Z');
const DUE_AT = endOfLocalDay('2026-12-01', ZONE);
const INDEX = 'ActionItem_nextReminderAt_idx';
/** The store's claim, as `claimDueReminders` runs it, for all the due ones at once (the sweep takes them 100 at a time). */
const CLAIM_SQL = `SELECT id FROM "ActionItem"
  WHERE "nextReminderAt" <= $1 AND status = 'open'
  ORDER BY "nextReminderAt"
  LIMIT ${DUE}
  FOR UPDATE SKIP LOCKED`;

/**
 * 2,000 incidents, each with a lead, and 100,000 open actions spread over them and 200 owners in Paris, in a few
 * INSERT … SELECT generate_series statements. The first 500 actions are due at NOW (their 09:00 `due` reminder);
 * the others have their next reminder spread evenly over the next 30 days (a multiplicative hash of their number,
 * so every run seeds the same table without setseed on a pooled connection).
 */
const seed = async (database: Database): Promise<void> => {
  const run = (sql: string, ...values: unknown[]) => database.prisma.$executeRawUnsafe(sql, ...values);
  await run(
    `INSERT INTO "Incident" (id, title, severity, status, "declaredBy", "declaredAt", "updatedAt")
     SELECT md5('incident-' || n)::uuid, 'Bench incident ' || n, 1 + n % 4, 'resolved', 'U05ALICE01',
            $1::timestamptz - n * interval '1 hour', $1::timestamptz
       FROM generate_series(1, $2::int) AS n`,
    NOW,
    INCIDENTS,
  );
  await run(
    `INSERT INTO "IncidentRole" ("incidentId", role, "userId", "assignedBy", "assignedAt")
     SELECT md5('incident-' || n)::uuid, 'lead', 'U0LEAD' || lpad((n % 50)::text, 4, '0'), 'U05ALICE01', $1::timestamptz
       FROM generate_series(1, $2::int) AS n`,
    NOW,
    INCIDENTS,
  );
  await run(
    `INSERT INTO "ActionItem" (id, "incidentId", title, kind, status, "ownerId", "ownerTimeZone", "dueAt", "createdBy",
                               "createdAt", "updatedAt", "nextReminderAt")
     SELECT md5('action-' || n)::uuid, md5('incident-' || (1 + n % $1::int))::uuid, 'Bench action ' || n,
            (ARRAY['fix', 'test', 'alarm', 'doc', 'visibility'])[1 + n % 5]::"ActionKind", 'open',
            'U0OWNER' || lpad((n % 200)::text, 4, '0'), $2,
            CASE WHEN n <= $3::int THEN $4::timestamptz ELSE next_at + interval '1 day' END,
            'U05ALICE01', $5::timestamptz - interval '7 days', $5::timestamptz - interval '7 days',
            CASE WHEN n <= $3::int THEN $6::timestamptz ELSE next_at END
       FROM generate_series(1, $7::int) AS n,
            LATERAL (SELECT $5::timestamptz + (1 + (n::bigint * 7919) % 43199) * interval '1 minute' AS next_at) AS s`,
    INCIDENTS,
    ZONE,
    DUE,
    DUE_AT,
    NOW,
    SLOT,
    ACTIONS,
  );
  await run('ANALYZE');
};

/** Makes the first DUE actions due again, and forgets the reminders a sweep wrote, so every round does the same. */
const rearm = async (database: Database): Promise<void> => {
  await database.prisma.$executeRawUnsafe(
    `UPDATE "ActionItem" SET "nextReminderAt" = $1, "escalatedAt" = NULL
      WHERE id IN (SELECT md5('action-' || n)::uuid FROM generate_series(1, $2::int) AS n)`,
    SLOT,
    DUE,
  );
  await database.prisma.$executeRawUnsafe('DELETE FROM "OutboxMessage"');
};

/** The claim query alone, in a transaction of its own (which then commits without changing anything). */
const timeClaim = async (database: Database): Promise<{ ms: number; rows: number }> =>
  database.prisma.$transaction(async (tx) => {
    const started = performance.now();
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(CLAIM_SQL, NOW);
    return { ms: performance.now() - started, rows: rows.length };
  });

const explainClaim = async (database: Database): Promise<string[]> =>
  database.prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${CLAIM_SQL}`, NOW);
    return rows.map((row) => row['QUERY PLAN']);
  });

const measure = async (name: string, database: Database): Promise<ReminderSweepFigure> => {
  await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
  await seed(database);
  const open = await database.prisma.actionItem.count({ where: { status: 'open' } });
  const due = await database.prisma.actionItem.count({ where: { status: 'open', nextReminderAt: { lte: NOW } } });

  const plan = await explainClaim(database);
  process.stderr.write(`reminder sweep, ${name}: EXPLAIN ANALYZE of the claim query\n${plan.join('\n')}\n\n`);

  const finds: number[] = [];
  for (let round = 0; round < WARM_UPS + RUNS; round += 1) {
    const { ms, rows } = await timeClaim(database);
    if (rows !== DUE) throw new Error(`the claim query found ${rows} due actions, expected ${DUE}`);
    if (round >= WARM_UPS) finds.push(ms);
  }

  const team = ZTeamConfig.parse({ team: { timeZone: ZONE } });
  const flows = createReminderFlows({
    actions: createActionItemStore(database.prisma),
    outbox: createOutboxStore(database.prisma),
    holidays: { isHoliday: () => false },
    team,
    now: () => NOW,
    onEffects: () => {},
  });
  const sweeps: number[] = [];
  for (let round = 0; round < SWEEP_WARM_UPS + SWEEP_RUNS; round += 1) {
    await rearm(database);
    const started = performance.now();
    const result = await flows.sweep();
    const ms = performance.now() - started;
    const reminders = await database.prisma.outboxMessage.count({ where: { kind: 'action.remind' } });
    if (result.claimed !== DUE || reminders !== DUE) {
      throw new Error(`the sweep claimed ${result.claimed} and enqueued ${reminders} reminders, expected ${DUE}`);
    }
    if (round >= SWEEP_WARM_UPS) sweeps.push(ms);
  }

  return {
    case: name,
    actions: open,
    due,
    findMs: roundToTenth(median(finds)),
    sweepMs: roundToTenth(median(sweeps)),
    sweepMaxMs: roundToTenth(Math.max(...sweeps)),
    indexUsed: plan.some((line) => line.includes(INDEX)),
    plan: plan.find((line) => line.includes('Scan')) ?? plan[0] ?? '',
  };
};

const withDatabase = async <T>(target: DatabaseTarget, work: (database: Database) => Promise<T>): Promise<T> => {
  const database = await openDatabase({ target, command: 'bench' });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
};

/**
 * The reminder sweep over 100,000 open action items of 2,000 incidents, 500 of them due: the claim query alone
 * (`FOR UPDATE SKIP LOCKED`, in a transaction, median of 20 runs after 5 warm-ups) and the whole sweep as the
 * reminder job runs it (`createReminderFlows(…).sweep()` with the real stores: claim, plan, enqueue 500 reminders,
 * update each action; median of 9 after 1 warm-up, the 500 made due again and the outbox emptied before each). On
 * PGlite as `sitrep serve` opens it (worker thread, one connection on its socket), and on PostgreSQL in a fresh
 * schema (dropped afterwards) when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
 */
export const benchReminderSweep = async (): Promise<ReminderSweepFigure[]> => {
  const figures: ReminderSweepFigure[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-reminders-'));
  try {
    figures.push(await withDatabase({ kind: 'pglite', dataDir: dir }, (database) => measure('PGlite', database)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) {
    process.stderr.write('reminder sweep: set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure it on PostgreSQL\n');
    return figures;
  }
  const schema = `bench_reminders_${process.pid}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  try {
    figures.push(
      await withDatabase({ kind: 'postgres', url: url.href }, (database) => measure('PostgreSQL', database)),
    );
  } finally {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
  return figures;
};

export const formatReminderSweepTable = (figures: ReminderSweepFigure[]): string =>
  [
    '| reminder sweep on … | open actions | due | finding the due ones (claim query) | whole sweep (median) | slowest sweep | index |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.case} | ${f.actions} | ${f.due} | ${f.findMs} ms | ${f.sweepMs} ms | ${f.sweepMaxMs} ms | ${f.indexUsed ? INDEX : `not used: ${f.plan.trim()}`} |`,
    ),
  ].join('\n');

if (import.meta.main) process.stdout.write(`${formatReminderSweepTable(await benchReminderSweep())}\n`);
