import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { z } from 'zod';
import { startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { type SitrepProcess, startSitrep } from '../demo/sitrep-process.ts';
import { stopSitrep } from './bench-sitrep.ts';

export type DeployIngestFigure = {
  case: string;
  /** Events sent after the warm-up second, on the same connections; `rows` counts the warm-up too. */
  sent: number;
  /** Answered 200 `{stored: true}` per second, from the first measured request to the last answer. */
  achievedPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** DeployEvent rows afterwards against events sent (warm-up included): equal when nothing was lost or doubled. */
  rows: string;
  /** From sitrep's own histogram, the round's warm-up included: answers written within 50 ms of the request arriving. */
  serverWithin50Ms: string;
  /** Whether the generator kept to its schedule (within 50 ms): if not, the rate says more of it than of sitrep. */
  generatorOnSchedule: boolean;
};

export type BenchDeployIngestOptions = {
  ratePerSecond?: number;
  seconds?: number;
  /** Keep-alive connections the generator may open to sitrep. */
  connections?: number;
};

const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const DEPLOY_SECRET = 'bench-deploy-webhook-secret';
const EXAMPLE_CONFIG = fileURLToPath(new URL('../sitrep.example.yml', import.meta.url));
const WORKER = fileURLToPath(new URL('./deploy-ingest-worker.ts', import.meta.url));
/** Two services of sitrep.example.yml and one it does not list (stored all the same, marked unknown). */
const SERVICES = ['checkout-api', 'search', 'legacy-billing'];
const ENVIRONMENTS = ['production', 'staging'];
const WARM_UP_SECONDS = 1;

const ZReport = z.object({
  latenciesMs: z.array(z.number()),
  errors: z.number(),
  firstError: z.string().optional(),
  elapsedMs: z.number(),
  maxScheduleLagMs: z.number(),
});

type Load = {
  url: string;
  idPrefix: string;
  ratePerSecond: number;
  warmUpCount: number;
  count: number;
  connections: number;
};

const runLoad = async (load: Load): Promise<z.infer<typeof ZReport>> => {
  const worker = new Worker(WORKER, {
    workerData: { ...load, secret: DEPLOY_SECRET, services: SERVICES, environments: ENVIRONMENTS },
  });
  const message = await new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  return ZReport.parse(message);
};

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

const round1 = (ms: number) => Math.round(ms * 10) / 10;

const readServerCounts = async (url: string): Promise<{ within: number; all: number }> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  // Before the first request the route has no series yet: none answered.
  const count = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? 0);
  return {
    within: count(/^sitrep_http_request_duration_seconds_bucket\{le="0\.05",route="\/webhooks\/deploy"\} (\d+)/m),
    all: count(/^sitrep_http_request_duration_seconds_count\{route="\/webhooks\/deploy"\} (\d+)/m),
  };
};

const countRows = async (connection: pg.ClientConfig, table: string): Promise<number> => {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const result = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
    return z.object({ n: z.number() }).parse(result.rows[0]).n;
  } finally {
    await client.end();
  }
};

type Database = {
  name: string;
  /** Rounds measured: three on PostgreSQL, which has the target; one on PGlite, shown for comparison. */
  rounds: number;
  env: Record<string, string>;
  /** Counts the DeployEvent rows while sitrep runs (PGlite is reachable only through its socket then). */
  count: () => Promise<number>;
};

/**
 * Signed generic deploy events (`POST /webhooks/deploy`) into the real `sitrep serve` process, at a sustained
 * target rate (1,000 events/s for 10 s by default) from a worker thread over many keep-alive connections: unique
 * ids, services of the example sitrep.yml and an unknown one, production and staging. Time is from writing a request
 * to reading its answer. Afterwards the DeployEvent rows are counted: every event stored once, none lost.
 * PostgreSQL (a fresh schema, dropped afterwards) when BENCH_DATABASE_URL or TEST_DATABASE_URL is set; PGlite always.
 */
export const benchDeployIngest = async ({
  ratePerSecond = 1000,
  seconds = 10,
  connections = 64,
}: BenchDeployIngestOptions = {}): Promise<DeployIngestFigure[]> => {
  const postgres = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const schema = `bench_deploys_${process.pid}`;
  const admin = postgres ? new pg.Client({ connectionString: postgres }) : undefined;
  if (admin) {
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  }
  const slack = await startFakeSlackServer();
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-deploys-'));
  const dataDir = join(dir, 'data');
  const databases: Database[] = [];
  if (postgres) {
    const url = new URL(postgres);
    url.searchParams.set('schema', schema);
    databases.push({
      name: 'PostgreSQL',
      rounds: 3,
      env: { DATABASE_URL: url.href },
      count: () => countRows({ connectionString: postgres }, `"${schema}"."DeployEvent"`),
    });
  }
  databases.push({
    name: 'PGlite',
    rounds: 1,
    env: { DATA_DIR: dataDir },
    // `serve` shares the embedded database on a Unix socket in DATA_DIR, as psql -h ./data reaches it.
    count: () => countRows({ host: dataDir, user: 'postgres', database: 'postgres' }, '"DeployEvent"'),
  });
  const figures: DeployIngestFigure[] = [];
  try {
    for (const { rounds, ...database } of databases) {
      const sitrep: SitrepProcess = await startSitrep({
        env: {
          SLACK_BOT_TOKEN: 'xoxb-bench',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.apiUrl,
          SITREP_CONFIG: EXAMPLE_CONFIG,
          DEPLOY_WEBHOOK_SECRET: DEPLOY_SECRET,
          LOG_LEVEL: 'warn',
          ...database.env,
        },
        readyWithinMs: 60_000,
      });
      try {
        const count = Math.round(ratePerSecond * seconds);
        let before = await readServerCounts(sitrep.url);
        // Each round is a run of its own on the same process: the table shows every one, so that a noisy neighbour
        // on this shared machine is seen rather than averaged away.
        for (let round = 1; round <= rounds; round += 1) {
          // The first second is not measured: it compiles the webhook's code paths and opens the connections, and
          // the measured events follow it on the same connections without a pause.
          const report = await runLoad({
            url: sitrep.url,
            ratePerSecond,
            connections,
            idPrefix: `round-${round}`,
            warmUpCount: ratePerSecond * WARM_UP_SECONDS,
            count,
          });
          const sorted = report.latenciesMs.toSorted((a, b) => a - b);
          const rows = await database.count();
          const after = await readServerCounts(sitrep.url);
          const expected = round * (ratePerSecond * WARM_UP_SECONDS + count);
          if (report.firstError !== undefined) {
            process.stderr.write(`${database.name}: ${report.errors} errors, the first: ${report.firstError}\n`);
          }
          figures.push({
            case: `${database.name}, ${ratePerSecond.toLocaleString('en')}/s for ${seconds} s, round ${round}`,
            sent: count,
            achievedPerSecond: Math.round(sorted.length / (report.elapsedMs / 1000)),
            p50Ms: round1(percentile(sorted, 50)),
            p95Ms: round1(percentile(sorted, 95)),
            p99Ms: round1(percentile(sorted, 99)),
            maxMs: round1(sorted.at(-1) ?? Number.NaN),
            errors: report.errors,
            rows: `${rows.toLocaleString('en')}/${expected.toLocaleString('en')}`,
            serverWithin50Ms: `${(after.within - before.within).toLocaleString('en')}/${(after.all - before.all).toLocaleString('en')}`,
            generatorOnSchedule: report.maxScheduleLagMs < 50,
          });
          before = after;
        }
      } finally {
        await stopSitrep(sitrep);
      }
    }
  } finally {
    await slack.close();
    await rm(dir, { recursive: true, force: true });
    if (admin) {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    }
  }
  return figures;
};
