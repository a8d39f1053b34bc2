import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE, seedExampleWorkspace } from '../demo/fake-slack/example-workspace.ts';
import { type FakeSlackServer, startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { benchDatabases, benchPostgresUrl, dropSchema, startBenchSitrep, stopSitrep } from './bench-sitrep.ts';

export type AckFigure = {
  case: string;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From sitrep's own histogram: acknowledgements written within 50 ms of the request arriving. */
  serverWithin50Ms: string;
};

const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
/** Waves of 20 declares: 500 acknowledgements, so that the 99th percentile is not the second slowest of them. */
const BURSTS = 25;
const WORKER = fileURLToPath(new URL('./ack-load-worker.ts', import.meta.url));

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

const round = (ms: number) => Math.round(ms * 10) / 10;

type Wave = { text: string; responseUrl: string }[];

const runWaves = async ({ url, slack, waves }: { url: string; slack: FakeSlackServer; waves: string[][] }) => {
  const mint = () => slack.fake.newResponseUrl({ channel: EXAMPLE_CHANNELS.general, user: EXAMPLE_PEOPLE.alice });
  const jobWaves: Wave[] = waves.map((wave) => wave.map((text) => ({ text, responseUrl: mint() })));
  const worker = new Worker(WORKER, {
    workerData: {
      url,
      signingSecret: SIGNING_SECRET,
      userId: EXAMPLE_PEOPLE.alice,
      channelId: EXAMPLE_CHANNELS.general,
      waves: jobWaves,
    },
  });
  const message = await new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  return z.array(z.array(z.number())).parse(message).flat();
};

/** Acknowledgements within 50 ms, and all of them, from sitrep's request-duration histogram for /slack/events. */
const readServerCounts = async (url: string): Promise<{ within: number; all: number }> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? Number.NaN);
  return {
    within: count(/^sitrep_http_request_duration_seconds_bucket\{le="0\.05",route="\/slack\/events"\} (\d+)/m),
    all: count(/^sitrep_http_request_duration_seconds_count\{route="\/slack\/events"\} (\d+)/m),
  };
};

/**
 * How long Slack waits for sitrep's acknowledgement of `/incident …`: from sending the signed request to the 200,
 * against the real process on PGlite (and PostgreSQL when TEST_DATABASE_URL or BENCH_DATABASE_URL is set). The
 * load comes from a worker thread; the fake Slack server answers sitrep's calls on the main thread. Every declare
 * sets off the outbox's Slack work, so later commands are acknowledged while that work runs.
 */
export const benchAckLatency = async ({ rounds = 150 } = {}): Promise<AckFigure[]> => {
  const slack = await startFakeSlackServer();
  seedExampleWorkspace(slack.fake);
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-ack-'));
  const figures: AckFigure[] = [];
  const postgres = benchPostgresUrl();
  const schema = `bench_ack_${process.pid}`;
  const databases = benchDatabases(dir, schema);
  try {
    for (const [database, databaseEnv] of databases) {
      const sitrep = await startBenchSitrep({ slackApiUrl: slack.apiUrl, signingSecret: SIGNING_SECRET, databaseEnv });
      try {
        const measure = async (name: string, waves: string[][]) => {
          const before = await readServerCounts(sitrep.url);
          const sorted = (await runWaves({ url: sitrep.url, slack, waves })).toSorted((a, b) => a - b);
          const after = await readServerCounts(sitrep.url);
          figures.push({
            case: `${database}, ${name}`,
            requests: sorted.length,
            p50Ms: round(percentile(sorted, 50)),
            p95Ms: round(percentile(sorted, 95)),
            p99Ms: round(percentile(sorted, 99)),
            maxMs: round(sorted.at(-1) ?? Number.NaN),
            serverWithin50Ms: `${after.within - before.within}/${after.all - before.all}`,
          });
        };
        // Warm-up, not measured: the first requests compile Bolt's and sitrep's code paths.
        await runWaves({ url: sitrep.url, slack, waves: Array.from({ length: 20 }, () => ['help']) });
        await measure(
          'one at a time (declare, status, list)',
          Array.from({ length: rounds }, (_, i) => [
            [`declare sev3 Benchmark incident ${i + 1}`],
            [`status ${i + 1} identified Found it`],
            ['list'],
          ]).flat(),
        );
        await measure(
          `20 declares at once (×${BURSTS})`,
          Array.from({ length: BURSTS }, (_, wave) =>
            Array.from({ length: 20 }, (_, i) => `declare sev2 Burst ${wave}-${i}: all at once`),
          ),
        );
      } finally {
        await stopSitrep(sitrep);
      }
    }
  } finally {
    await slack.close();
    await rm(dir, { recursive: true, force: true });
    if (postgres) await dropSchema(postgres, schema);
  }
  return figures;
};

export const formatAckTable = (acks: AckFigure[]): string =>
  [
    '| /incident … | requests | p50 | p95 | p99 | max | acknowledged within 50 ms (server) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...acks.map(
      (f) =>
        `| ${f.case} | ${f.requests} | ${f.p50Ms} ms | ${f.p95Ms} ms | ${f.p99Ms} ms | ${f.maxMs} ms | ${f.serverWithin50Ms} |`,
    ),
  ].join('\n');
