import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE, seedExampleWorkspace } from '../demo/fake-slack/example-workspace.ts';
import { type FakeSlackServer, startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { postSigned, slashCommandBody } from '../demo/fake-slack/sign.ts';
import { freePort } from '../demo/sitrep-process.ts';
import { benchDatabases, benchPostgresUrl, dropSchema, startBenchSitrep, stopSitrep } from './bench-sitrep.ts';
import { readCpuMs } from './read-cpu-ms.ts';
import { waitForQuiet } from './wait-for-quiet.ts';

export type CommandFigure = {
  case: string;
  /** One at a time: requests acknowledged, and their latency. */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Closed loop, CONNECTIONS in flight, each sent when the last was acknowledged: 200s per second, their latency. */
  perSecond: number;
  loadP50Ms: number;
  loadP99Ms: number;
  /** CPU of the server process (all its threads) over that closed loop and until every command was answered. */
  cpuMsPerCommand: number;
  /** sitrep only: what happens after the acknowledgement. */
  work: CommandWork | undefined;
  errors: number;
};

export type CommandWork = {
  /** After the closed loop on acknowledgements: commands acknowledged, then answered at their response URL. */
  acknowledged: number;
  answered: number;
  /** Answers that were the apology for a command that failed after its acknowledgement. */
  apologies: number;
  /** From the last acknowledgement to the last answer. */
  lastAnswerMs: number;
  /** Closed loop, CONNECTIONS in flight, each sent when the last was answered: answers per second, their latency. */
  answeredPerSecond: number;
  answerP50Ms: number;
  answerP99Ms: number;
  answerApologies: number;
  answerCpuMsPerCommand: number;
};

export type CommandRatio = {
  case: string;
  throughput: number;
  /** sitrep's answered commands per second (waiting for each answer) over the bare server's acknowledgements. */
  answeredThroughput: number;
  p50: number;
  p99: number;
};

export type CommandBench = { figures: CommandFigure[]; ratios: CommandRatio[] };

const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const BOT_TOKEN = 'xoxb-bench';
const WORKER = fileURLToPath(new URL('./command-load-worker.ts', import.meta.url));
const BARE_BOLT = fileURLToPath(new URL('./bare-bolt.ts', import.meta.url));
const BARE_HTTP = fileURLToPath(new URL('./bare-http.ts', import.meta.url));
/** What `npm start` gives sitrep (demo/sitrep-process.ts): the bare servers run under the same flags. */
const NODE_FLAGS = ['--liftoff-only', '--max-semi-space-size=2'];
/** sitrep's command: a read of the open incidents, answered at the response URL with Block Kit. */
const SITREP_TEXT = 'list';
/** A command that reads nothing and answers a fixed text: the cost of sitrep's layers without the database. */
const HELP_TEXT = 'help';
const BARE_HTTP_CASE = 'bare node:http';
const BARE_BOLT_CASE = 'bare Bolt 5.1.0';
/** Open incidents `list` shows; declared (and their channels opened) before measuring. */
const OPEN_INCIDENTS = 5;
const WARM_UP_REQUESTS = 200;
const ONE_AT_A_TIME = 500;
const CONNECTIONS = 16;
const LOAD_WARM_UP_MS = 1_000;
const LOAD_MS = 10_000;

const ZReport = z.object({
  latenciesMs: z.array(z.number()),
  elapsedMs: z.number(),
  acknowledged: z.number(),
  answered: z.number(),
  apologies: z.number(),
  lastAnswerMs: z.number(),
  errors: z.number(),
  firstError: z.string().optional(),
});
type Report = z.infer<typeof ZReport>;

type Load =
  | { kind: 'one_at_a_time'; count: number }
  | { kind: 'closed_loop'; connections: number; warmUpMs: number; measureMs: number; waitFor: 'ack' | 'answer' };

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** To a tenth of a millisecond, or a hundredth below 1 ms, so that the ratios of small latencies mean something. */
const roundMs = (ms: number) => (ms < 1 ? Math.round(ms * 100) / 100 : Math.round(ms * 10) / 10);
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Runs the generator on a worker thread; with `answers`, it returns once every command was answered (or stalled). */
const runLoad = async ({
  url,
  text,
  answers,
  load,
}: {
  url: string;
  text: string;
  answers: boolean;
  load: Load;
}): Promise<Report> => {
  const worker = new Worker(WORKER, {
    workerData: {
      url,
      signingSecret: SIGNING_SECRET,
      userId: EXAMPLE_PEOPLE.alice,
      channelId: EXAMPLE_CHANNELS.general,
      text,
      answers,
      load,
    },
  });
  const message = await new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const report = ZReport.parse(message);
  if (report.firstError) process.stderr.write(`${text}: ${report.errors} errors, the first: ${report.firstError}\n`);
  return report;
};

const summarise = (latenciesMs: number[]) => {
  const sorted = latenciesMs.toSorted((a, b) => a - b);
  return {
    p50Ms: roundMs(percentile(sorted, 50)),
    p99Ms: roundMs(percentile(sorted, 99)),
    maxMs: roundMs(sorted.at(-1) ?? Number.NaN),
  };
};

/** Runs `load` and reads the server's CPU time around it. */
const runLoadWithCpu = async (options: { url: string; text: string; answers: boolean; load: Load; pid: number }) => {
  const cpuFrom = await readCpuMs(options.pid);
  const report = await runLoad(options);
  return { report, cpuMs: (await readCpuMs(options.pid)) - cpuFrom };
};

/**
 * Warm-up, one at a time, the closed loop on acknowledgements, and for sitrep the closed loop on answers, against a
 * server already listening at `url`.
 */
const measure = async ({
  name,
  url,
  text,
  answers,
  pid,
}: {
  name: string;
  url: string;
  text: string;
  /** Whether the server answers each command at its response URL (sitrep does; the bare ones do not). */
  answers: boolean;
  pid: number;
}): Promise<CommandFigure> => {
  const closedLoop = (waitFor: 'ack' | 'answer'): Load => ({
    kind: 'closed_loop',
    connections: CONNECTIONS,
    warmUpMs: LOAD_WARM_UP_MS,
    measureMs: LOAD_MS,
    waitFor,
  });
  // Not measured: the first requests compile the code paths of the server (and of the generator).
  const warmUp = await runLoad({ url, text, answers, load: { kind: 'one_at_a_time', count: WARM_UP_REQUESTS } });
  const sequential = await runLoad({ url, text, answers, load: { kind: 'one_at_a_time', count: ONE_AT_A_TIME } });
  const acks = await runLoadWithCpu({ url, text, answers, load: closedLoop('ack'), pid });
  const answered = answers ? await runLoadWithCpu({ url, text, answers, load: closedLoop('answer'), pid }) : undefined;
  const oneAtATime = summarise(sequential.latenciesMs);
  const underLoad = summarise(acks.report.latenciesMs);
  const answerLatency = answered && summarise(answered.report.latenciesMs);
  return {
    case: name,
    requests: sequential.latenciesMs.length,
    ...oneAtATime,
    perSecond: Math.round((acks.report.latenciesMs.length * 1000) / acks.report.elapsedMs),
    loadP50Ms: underLoad.p50Ms,
    loadP99Ms: underLoad.p99Ms,
    cpuMsPerCommand: round2(acks.cpuMs / acks.report.acknowledged),
    work:
      answered && answerLatency
        ? {
            acknowledged: acks.report.acknowledged,
            answered: acks.report.answered,
            apologies: acks.report.apologies,
            lastAnswerMs: Math.round(acks.report.lastAnswerMs),
            answeredPerSecond: Math.round((answered.report.latenciesMs.length * 1000) / answered.report.elapsedMs),
            answerP50Ms: answerLatency.p50Ms,
            answerP99Ms: answerLatency.p99Ms,
            answerApologies: answered.report.apologies,
            answerCpuMsPerCommand: round2(answered.cpuMs / answered.report.acknowledged),
          }
        : undefined,
    errors: [warmUp, sequential, acks.report, answered?.report].reduce((sum, r) => sum + (r?.errors ?? 0), 0),
  };
};

type Child = { pid: number; stop: () => Promise<void> };

/** Starts a bench/ script with sitrep's Node and flags and waits for its `ready` line. */
const startChild = async (script: string, env: Record<string, string>): Promise<Child> => {
  const child = spawn(process.execPath, [...NODE_FLAGS, script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code} before it was ready:\n${output}`)));
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await ready.finally(() => clearTimeout(timeout));
  return {
    pid: child.pid ?? 0,
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
};

/** Declares `count` incidents one at a time and waits until the outbox has opened their channels. */
const declareIncidents = async ({ url, slack, count }: { url: string; slack: FakeSlackServer; count: number }) => {
  for (let i = 0; i < count; i += 1) {
    const res = await postSigned({
      url: `${url}/slack/events`,
      signingSecret: SIGNING_SECRET,
      ...slashCommandBody({
        command: '/incident',
        text: `declare sev3 checkout-api Open incident ${i + 1} for the list`,
        userId: EXAMPLE_PEOPLE.alice,
        channelId: EXAMPLE_CHANNELS.general,
        responseUrl: slack.fake.newResponseUrl({ channel: EXAMPLE_CHANNELS.general, user: EXAMPLE_PEOPLE.alice }),
      }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`declare answered ${res.status}`);
  }
  await waitForQuiet({ url });
};

const ratio = (a: number, b: number) => round2(a / b);

/**
 * `/incident` acknowledged by sitrep (the real process, `list` over OPEN_INCIDENTS open incidents, on PGlite and on
 * PostgreSQL when TEST_DATABASE_URL or BENCH_DATABASE_URL is set), by a bare Bolt app with a no-op listener and by
 * a bare node:http server, each a child process with the same Node and flags, loaded by the same generator on a
 * worker thread: one at a time, then CONNECTIONS in flight in a closed loop. Ratios are sitrep's over the bare ones.
 */
export const benchCommandThroughput = async (): Promise<CommandBench> => {
  const slack = await startFakeSlackServer();
  seedExampleWorkspace(slack.fake);
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-commands-'));
  const postgres = benchPostgresUrl();
  const schema = `bench_commands_${process.pid}`;
  const figures: CommandFigure[] = [];
  try {
    {
      const port = String(await freePort());
      const bare = await startChild(BARE_HTTP, { PORT: port });
      try {
        const url = `http://127.0.0.1:${port}`;
        figures.push(await measure({ name: BARE_HTTP_CASE, url, text: SITREP_TEXT, answers: false, pid: bare.pid }));
      } finally {
        await bare.stop();
      }
    }
    {
      const port = String(await freePort());
      const bolt = await startChild(BARE_BOLT, {
        PORT: port,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: slack.apiUrl,
      });
      try {
        const url = `http://127.0.0.1:${port}`;
        figures.push(await measure({ name: BARE_BOLT_CASE, url, text: SITREP_TEXT, answers: false, pid: bolt.pid }));
      } finally {
        await bolt.stop();
      }
    }
    const databases = benchDatabases(dir, schema);
    for (const [database, databaseEnv] of databases) {
      const sitrep = await startBenchSitrep({ slackApiUrl: slack.apiUrl, signingSecret: SIGNING_SECRET, databaseEnv });
      try {
        await declareIncidents({ url: sitrep.url, slack, count: OPEN_INCIDENTS });
        const pid = sitrep.child.pid ?? 0;
        // `help` reads nothing: with it, what `list` costs more is the database read and the larger answer.
        if (database === 'PGlite') {
          const name = `sitrep on ${database}, ${HELP_TEXT}`;
          figures.push(await measure({ name, url: sitrep.url, text: HELP_TEXT, answers: true, pid }));
        }
        const name = `sitrep on ${database}, ${SITREP_TEXT}`;
        figures.push(await measure({ name, url: sitrep.url, text: SITREP_TEXT, answers: true, pid }));
      } finally {
        await stopSitrep(sitrep);
      }
    }
  } finally {
    await slack.close();
    await rm(dir, { recursive: true, force: true });
    if (postgres) await dropSchema(postgres, schema);
  }
  const http = figures.find((f) => f.case === BARE_HTTP_CASE);
  const bolt = figures.find((f) => f.case === BARE_BOLT_CASE);
  const ratios = figures
    .filter((f) => f.case.startsWith('sitrep'))
    .flatMap((sitrep) =>
      [bolt, http].flatMap((bare) =>
        bare
          ? [
              {
                case: `${sitrep.case} / ${bare.case}`,
                throughput: ratio(sitrep.perSecond, bare.perSecond),
                answeredThroughput: ratio(sitrep.work?.answeredPerSecond ?? Number.NaN, bare.perSecond),
                p50: ratio(sitrep.p50Ms, bare.p50Ms),
                p99: ratio(sitrep.p99Ms, bare.p99Ms),
              },
            ]
          : [],
      ),
    );
  return { figures, ratios };
};

const thousands = (n: number) => n.toLocaleString('en-US');

export type CommandTables = { acknowledgements: string; work: string; ratios: string };

/** The three tables `npm run bench` prints and writes to RESULTS.md. */
export const formatCommandTables = ({ figures, ratios }: CommandBench): CommandTables => ({
  acknowledgements: [
    `| /incident acknowledged by … | one at a time | p50 | p99 | max | ${CONNECTIONS} in flight: acknowledged | p50 | p99 | server CPU per command | errors |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.case} | ${f.requests} | ${f.p50Ms} ms | ${f.p99Ms} ms | ${f.maxMs} ms | ${thousands(f.perSecond)}/s | ${f.loadP50Ms} ms | ${f.loadP99Ms} ms | ${f.cpuMsPerCommand} ms | ${f.errors} |`,
    ),
  ].join('\n'),
  work: [
    `| sitrep, after the acknowledgement … | ${CONNECTIONS} in flight on acks: answered / acknowledged | of which apologies | last answer after the last ack | ${CONNECTIONS} in flight on answers: answered | p50 (to the answer) | p99 | apologies | server CPU per command |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.flatMap(({ case: name, work: w }) =>
      w
        ? [
            `| ${name} | ${thousands(w.answered)}/${thousands(w.acknowledged)} | ${thousands(w.apologies)} | ${(w.lastAnswerMs / 1000).toFixed(1)} s | ${thousands(w.answeredPerSecond)}/s | ${w.answerP50Ms} ms | ${w.answerP99Ms} ms | ${thousands(w.answerApologies)} | ${w.answerCpuMsPerCommand} ms |`,
          ]
        : [],
    ),
  ].join('\n'),
  ratios: [
    '| sitrep over … | throughput (acknowledged/s) | throughput (sitrep answered/s over acknowledged/s) | p50 one at a time | p99 one at a time |',
    '| --- | --- | --- | --- | --- |',
    ...ratios.map((r) => `| ${r.case} | ${r.throughput} | ${r.answeredThroughput} | ${r.p50} | ${r.p99} |`),
  ].join('\n'),
});

if (import.meta.main) {
  const tables = formatCommandTables(await benchCommandThroughput());
  process.stdout.write(`${tables.acknowledgements}\n\n${tables.work}\n\n${tables.ratios}\n`);
}
