import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE, seedExampleWorkspace } from '../demo/fake-slack/example-workspace.ts';
import { type FakeSlackServer, startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { postSigned, slashCommandBody } from '../demo/fake-slack/sign.ts';
import { startSitrep } from '../demo/sitrep-process.ts';
import { benchPostgresUrl, dropSchema, stopSitrep } from './bench-sitrep.ts';
import { readCpuMs } from './read-cpu-ms.ts';
import { readStatusMb } from './read-status-mb.ts';
import { waitForQuiet } from './wait-for-quiet.ts';

export type IncidentMemoryFigure = {
  case: string;
  incidents: number;
  idleRssMb: number;
  /** The highest VmRSS read: after every 50th declare, then every POLL_MS while the outbox worked. */
  busyRssMb: number;
  afterRssMb: number;
  peakRssMb: number;
  /** Sending the declares, each when the previous one was answered. */
  declaringS: number;
  /** From the first declare to the outbox empty: Slack's Tier 2 (20 channels a minute) sets the pace. */
  drainedS: number;
  /** CPU the server process (all its threads) used over that time, in seconds. */
  cpuS: number;
  /** Incident channels the fake Slack holds afterwards: equal to `incidents` when the outbox did all its work. */
  channels: number;
  slackCalls: number;
};

export type BenchMemoryAfterIncidentsOptions = { incidents?: number };

const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const EXAMPLE_CONFIG = fileURLToPath(new URL('../sitrep.example.yml', import.meta.url));
const SETTLE_MS = 3_000;
const ANSWER_WITHIN_MS = 30_000;
const POLL_MS = 2_000;
/** The outbox counts as empty when nothing pending is due within this (the weekly digest is days away). */
const DUE_HORIZON = '1 hour';
/** Slack's Tier 2 lets 1,000 channels be created in about 50 minutes. */
const DRAIN_DEADLINE_MS = 90 * 60_000;

const ZDeclared = z.object({ text: z.string().startsWith(':rotating_light: Declared incident') });

/**
 * Declares incident `n` and waits for sitrep's answer at the response URL: the acknowledgement comes before the
 * work, so waiting for it alone would pile the declares up in the process.
 */
const declare = async ({ url, slack, n }: { url: string; slack: FakeSlackServer; n: number }) => {
  const answersBefore = slack.fake.responses.length;
  const res = await postSigned({
    url: `${url}/slack/events`,
    signingSecret: SIGNING_SECRET,
    ...slashCommandBody({
      command: '/incident',
      text: `declare sev3 checkout-api Memory benchmark incident ${n}: checkout returns 502 for some cards`,
      userId: EXAMPLE_PEOPLE.alice,
      channelId: EXAMPLE_CHANNELS.general,
      responseUrl: slack.fake.newResponseUrl({ channel: EXAMPLE_CHANNELS.general, user: EXAMPLE_PEOPLE.alice }),
    }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`declare ${n} answered ${res.status}`);
  const deadline = performance.now() + ANSWER_WITHIN_MS;
  while (slack.fake.responses.length === answersBefore) {
    if (performance.now() > deadline) throw new Error(`declare ${n} was not answered within ${ANSWER_WITHIN_MS} ms`);
    await sleep(2);
  }
  const answer = slack.fake.responses.at(-1)?.body;
  if (!ZDeclared.safeParse(answer).success) throw new Error(`declare ${n} answered ${JSON.stringify(answer)}`);
};

export type OutboxTarget = {
  name: string;
  env: Record<string, string>;
  /** How the benchmark reads sitrep's outbox while it serves: PGlite's shared socket, or PostgreSQL. */
  connectionString: (env: Record<string, string>) => string;
  table: string;
};

/** Outbox messages still to send, read from the database sitrep is serving. */
export const countPending = async (target: OutboxTarget): Promise<number> => {
  const client = new pg.Client({ connectionString: target.connectionString(target.env) });
  await client.connect();
  try {
    const { rows } = await client.query<{ pending: string }>(
      `SELECT count(*) AS pending FROM ${target.table} WHERE status = 'pending' AND "runAt" <= now() + interval '${DUE_HORIZON}'`,
    );
    return Number(rows[0]?.pending ?? Number.NaN);
  } finally {
    await client.end();
  }
};

type Declared = {
  /** Waits for the outbox to empty and reads the figures; stops the process and its fake Slack either way. */
  drained: () => Promise<IncidentMemoryFigure>;
  stop: () => Promise<void>;
};

/** Starts sitrep on `target`, reads its idle memory and declares `incidents`; the outbox is left working. */
const declareAll = async (target: OutboxTarget, incidents: number): Promise<Declared> => {
  // A fake Slack of its own: both databases run at once, and channel names would otherwise be taken.
  const slack = await startFakeSlackServer();
  seedExampleWorkspace(slack.fake);
  const channelsBefore = slack.fake.state.channels.size;
  const sitrep = await startSitrep({ env: { ...target.env, SLACK_API_URL: slack.apiUrl }, readyWithinMs: 180_000 });
  const pid = sitrep.child.pid ?? 0;
  const stop = async () => {
    await stopSitrep(sitrep);
    await slack.close();
  };
  try {
    await sleep(SETTLE_MS);
    const idleRssMb = await readStatusMb(pid, 'VmRSS');
    const started = performance.now();
    const cpuFrom = await readCpuMs(pid);
    let busyRssMb = idleRssMb;
    for (let n = 1; n <= incidents; n += 1) {
      await declare({ url: sitrep.url, slack, n });
      if (n % 50 === 0) busyRssMb = Math.max(busyRssMb, await readStatusMb(pid, 'VmRSS'));
    }
    const declaringS = (performance.now() - started) / 1000;
    const drained = async (): Promise<IncidentMemoryFigure> => {
      try {
        for (;;) {
          busyRssMb = Math.max(busyRssMb, await readStatusMb(pid, 'VmRSS'));
          if ((await countPending(target)) === 0) break;
          if (performance.now() - started > DRAIN_DEADLINE_MS)
            throw new Error(`${target.name}: the outbox was not empty after ${DRAIN_DEADLINE_MS / 60_000} minutes`);
          await sleep(POLL_MS);
        }
        const drainedS = (performance.now() - started) / 1000;
        const cpuS = ((await readCpuMs(pid)) - cpuFrom) / 1000;
        await waitForQuiet({ url: sitrep.url, quietMs: SETTLE_MS });
        return {
          case: target.name,
          incidents,
          idleRssMb,
          busyRssMb,
          afterRssMb: await readStatusMb(pid, 'VmRSS'),
          peakRssMb: await readStatusMb(pid, 'VmHWM'),
          declaringS: Math.round(declaringS * 10) / 10,
          drainedS: Math.round(drainedS),
          cpuS: Math.round(cpuS),
          channels: slack.fake.state.channels.size - channelsBefore,
          slackCalls: slack.fake.calls.length,
        };
      } finally {
        await stop();
      }
    };
    return { drained, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

type MemoryAfterIncidentsRun = {
  /** Waits until every outbox is empty and returns the figures; the processes are stopped. */
  finish: () => Promise<IncidentMemoryFigure[]>;
};

/**
 * Resident memory of the real `sitrep serve` process before and after `incidents` (1,000) incidents declared
 * through signed `/incident declare` requests, on PGlite and, at the same time, on PostgreSQL when
 * TEST_DATABASE_URL or BENCH_DATABASE_URL is set: idle VmRSS after 3 s of quiet; the declares one at a time, each
 * sent when the previous one was answered ("Declared incident N"). Resolves once they are declared: the outboxes
 * then need most of an hour at Slack's pace, and `finish` waits until they are empty (every channel created, people
 * invited, announcement posted to the fake Slack) and no Slack call was made for 3 s, and reads VmRSS and VmHWM.
 */
const startMemoryAfterIncidents = async ({
  incidents = 1_000,
}: BenchMemoryAfterIncidentsOptions = {}): Promise<MemoryAfterIncidentsRun> => {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-memory-'));
  const base = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SITREP_CONFIG: EXAMPLE_CONFIG,
    LOG_LEVEL: 'warn',
  };
  const dataDir = join(dir, 'data');
  const targets: OutboxTarget[] = [
    {
      name: 'PGlite',
      env: { ...base, DATA_DIR: dataDir },
      connectionString: () => `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dataDir)}`,
      table: '"OutboxMessage"',
    },
  ];
  const postgres = benchPostgresUrl();
  const schema = `bench_memory_${process.pid}`;
  if (postgres) {
    const url = new URL(postgres);
    url.searchParams.set('schema', schema);
    targets.push({
      name: 'PostgreSQL',
      env: { ...base, DATABASE_URL: url.href },
      connectionString: () => postgres,
      table: `"${schema}"."OutboxMessage"`,
    });
  }
  const cleanUp = async () => {
    await rm(dir, { recursive: true, force: true });
    if (postgres) await dropSchema(postgres, schema);
  };
  // Both at once (each its own process and fake Slack), since Slack's pace makes each take most of an hour.
  const settled = await Promise.allSettled(targets.map((target) => declareAll(target, incidents)));
  const declared = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(declared.map((d) => d.stop()));
    await cleanUp();
    throw failed.reason;
  }
  return {
    finish: async () => {
      try {
        const figures = await Promise.allSettled(declared.map((d) => d.drained()));
        return figures.map((result) => {
          if (result.status === 'rejected') throw result.reason;
          return result.value;
        });
      } finally {
        await cleanUp();
      }
    },
  };
};

export const benchMemoryAfterIncidents = async (options: BenchMemoryAfterIncidentsOptions = {}) =>
  (await startMemoryAfterIncidents(options)).finish();

const thousands = (n: number) => n.toLocaleString('en-US');

/** The table `npm run bench` prints and writes to RESULTS.md. */
export const formatIncidentMemoryTable = (figures: IncidentMemoryFigure[]): string =>
  [
    '| memory on … | incidents declared | idle RSS | highest RSS read while the outbox worked | RSS after, quiet | peak RSS (server) | declares answered in | outbox empty after | server CPU meanwhile | incident channels | Slack calls |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.case} | ${thousands(f.incidents)} | ${f.idleRssMb} MB | ${f.busyRssMb} MB | ${f.afterRssMb} MB | ${f.peakRssMb} MB | ${f.declaringS} s | ${thousands(f.drainedS)} s | ${thousands(f.cpuS)} s | ${thousands(f.channels)} | ${thousands(f.slackCalls)} |`,
    ),
  ].join('\n');

if (import.meta.main) process.stdout.write(`${formatIncidentMemoryTable(await benchMemoryAfterIncidents())}\n`);
