import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedExampleWorkspace } from '../demo/fake-slack/example-workspace.ts';
import { startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { freePort } from '../demo/sitrep-process.ts';
import { benchDatabases, benchPostgresUrl, dropSchema, startBenchSitrep, stopSitrep } from './bench-sitrep.ts';
import {
  CONNECTIONS,
  declareIncidents,
  type Load,
  round2,
  runLoad,
  runLoadWithCpu,
  SIGNING_SECRET,
  startBareBolt,
  startChild,
  summarise,
  thousands,
} from './command-load.ts';

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

const BARE_HTTP = fileURLToPath(new URL('./bare-http.ts', import.meta.url));
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
const LOAD_WARM_UP_MS = 1_000;
const LOAD_MS = 10_000;

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
  const warmUp = await runLoad({
    url,
    texts: [text],
    answers,
    load: { kind: 'one_at_a_time', count: WARM_UP_REQUESTS },
  });
  const sequential = await runLoad({
    url,
    texts: [text],
    answers,
    load: { kind: 'one_at_a_time', count: ONE_AT_A_TIME },
  });
  const acks = await runLoadWithCpu({ url, texts: [text], answers, load: closedLoop('ack'), pid });
  const answered = answers
    ? await runLoadWithCpu({ url, texts: [text], answers, load: closedLoop('answer'), pid })
    : undefined;
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
      const bolt = await startBareBolt({ slackApiUrl: slack.apiUrl, respond: false });
      try {
        const { url, pid } = bolt;
        figures.push(await measure({ name: BARE_BOLT_CASE, url, text: SITREP_TEXT, answers: false, pid }));
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
