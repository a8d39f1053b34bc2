import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedExampleWorkspace } from '../demo/fake-slack/example-workspace.ts';
import { type FakeSlackServer, startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { ANSWER_COMMANDS, type AnswerCommand, channelsFor } from './answer-commands.ts';
import { benchDatabases, benchPostgresUrl, dropSchema, startBenchSitrep, stopSitrep } from './bench-sitrep.ts';
import {
  CONNECTIONS,
  declareIncidents,
  round2,
  runLoadWithCpu,
  SIGNING_SECRET,
  startBareBolt,
  summarise,
  thousands,
} from './command-load.ts';

export type AnswerFigure = {
  server: string;
  command: AnswerCommand['name'];
  answeredPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Every command of the run, warm-up included, once the generator stopped waiting for answers. */
  acknowledged: number;
  answered: number;
  apologies: number;
  /** Answers that were neither the apology nor what the command answers when it did its work. */
  unexpected: number;
  errors: number;
  cpuMsPerCommand: number;
};

export type AnswerRatio = { command: string; database: string; ratio: number };

const BARE_BOLT_RESPONDING = 'bare Bolt 5.1.0, ack + respond()';
/** One per connection, so that each connection's `status` moves an incident of its own. */
const INCIDENTS = 16;
/** 3 s not measured (the first seconds compile the code paths of the server and the generator), then 10 s. */
const CLOSED_LOOP = { warmUpMs: 3_000, measureMs: 10_000 } as const;

const measureAnswers = async ({
  server,
  url,
  pid,
  command,
  channelIds,
  expect,
}: {
  server: string;
  url: string;
  pid: number;
  command: AnswerCommand;
  channelIds: string[];
  expect: string;
}): Promise<AnswerFigure> => {
  const { report, cpuMs } = await runLoadWithCpu({
    url,
    pid,
    texts: command.texts,
    channelIds,
    answers: true,
    expect,
    load: {
      kind: 'closed_loop',
      connections: CONNECTIONS,
      warmUpMs: CLOSED_LOOP.warmUpMs,
      measureMs: CLOSED_LOOP.measureMs,
      waitFor: 'answer',
    },
  });
  const { p50Ms, p99Ms } = summarise(report.latenciesMs);
  return {
    server,
    command: command.name,
    answeredPerSecond: Math.round((report.latenciesMs.length * 1000) / report.elapsedMs),
    p50Ms,
    p99Ms,
    acknowledged: report.acknowledged,
    answered: report.answered,
    apologies: report.apologies,
    unexpected: report.unexpected,
    errors: report.errors,
    cpuMsPerCommand: round2(cpuMs / report.acknowledged),
  };
};

const withSlack = async <T>(work: (slack: FakeSlackServer) => Promise<T>): Promise<T> => {
  const slack = await startFakeSlackServer();
  seedExampleWorkspace(slack.fake);
  try {
    return await work(slack);
  } finally {
    await slack.close();
  }
};

/** The bare Bolt app that acknowledges and answers `Done.` through `respond()`. */
const measureBareBolt = (command: AnswerCommand): Promise<AnswerFigure> =>
  withSlack(async (slack) => {
    const bolt = await startBareBolt({ slackApiUrl: slack.apiUrl, respond: true });
    try {
      // Its answer is the same whatever the command; the channels only change what the requests carry.
      const channelIds = ['C0BENCH01', 'C0BENCH02'];
      const { url, pid } = bolt;
      return await measureAnswers({ server: BARE_BOLT_RESPONDING, url, pid, command, channelIds, expect: 'Done.' });
    } finally {
      await bolt.stop();
    }
  });

/** A fresh sitrep, database and fake Slack for `command`: INCIDENTS declared, their channels open, then loaded. */
const measureSitrep = ({
  database,
  databaseEnv,
  command,
}: {
  database: string;
  databaseEnv: Record<string, string>;
  command: AnswerCommand;
}): Promise<AnswerFigure> =>
  withSlack(async (slack) => {
    const sitrep = await startBenchSitrep({ slackApiUrl: slack.apiUrl, signingSecret: SIGNING_SECRET, databaseEnv });
    try {
      await declareIncidents({ url: sitrep.url, slack, count: INCIDENTS });
      return await measureAnswers({
        server: `sitrep on ${database}`,
        url: sitrep.url,
        pid: sitrep.child.pid ?? 0,
        command,
        channelIds: channelsFor(command, slack),
        expect: command.expect,
      });
    } finally {
      await stopSitrep(sitrep);
    }
  });

/**
 * `/incident list`, `note` and `status` answered at their response URLs, CONNECTIONS in a closed loop each sending
 * its next command once the last was answered: by a bare Bolt app that acks and responds a fixed text, and right after
 * it by sitrep (a fresh process and database for each command) on PGlite, and on PostgreSQL when TEST_DATABASE_URL or
 * BENCH_DATABASE_URL is set.
 */
export const benchAnswerThroughput = async (): Promise<{ figures: AnswerFigure[]; ratios: AnswerRatio[] }> => {
  const figures: AnswerFigure[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-answers-'));
  const postgres = benchPostgresUrl();
  const schemas: string[] = [];
  try {
    // Command by command, the bare app right before sitrep: the machine's other work changes less in between.
    for (const command of ANSWER_COMMANDS) {
      figures.push(await measureBareBolt(command));
      const schema = `bench_answers_${command.name}_${process.pid}`;
      schemas.push(schema);
      for (const [database, databaseEnv] of benchDatabases(join(dir, command.name), schema)) {
        figures.push(await measureSitrep({ database, databaseEnv, command }));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (postgres) for (const schema of schemas) await dropSchema(postgres, schema);
  }
  const ratios = figures.flatMap((sitrep) => {
    const bare = figures.find((f) => f.server === BARE_BOLT_RESPONDING && f.command === sitrep.command);
    if (sitrep.server === BARE_BOLT_RESPONDING || !bare) return [];
    const database = sitrep.server.replace('sitrep on ', '');
    return [{ command: sitrep.command, database, ratio: round2(sitrep.answeredPerSecond / bare.answeredPerSecond) }];
  });
  return { figures, ratios };
};

/** Targets from issue 23: sitrep's answers per second over the responding bare Bolt app's. */
const RATIO_TARGETS: Record<AnswerCommand['name'], number | undefined> = { list: 0.8, note: 0.5, status: undefined };

export const formatAnswerThroughputTables = ({
  figures,
  ratios,
}: {
  figures: AnswerFigure[];
  ratios: AnswerRatio[];
}): { answers: string; ratios: string } => ({
  answers: [
    `| /incident … answered by … | ${CONNECTIONS} in flight: answered | p50 (to the answer) | p99 | answered / acknowledged | apologies | other answers | errors | server CPU per command |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.command}, ${f.server} | ${thousands(f.answeredPerSecond)}/s | ${f.p50Ms} ms | ${f.p99Ms} ms | ${thousands(f.answered)}/${thousands(f.acknowledged)} | ${f.apologies} | ${f.unexpected} | ${f.errors} | ${f.cpuMsPerCommand} ms |`,
    ),
  ].join('\n'),
  ratios: [
    '| /incident … | sitrep answered/s over the responding bare Bolt app’s | target |',
    '| --- | --- | --- |',
    ...ratios.map((r) => {
      const target = RATIO_TARGETS[r.command as AnswerCommand['name']];
      return `| ${r.command}, ${r.database} | ${r.ratio} | ${target === undefined ? 'none' : `≥ ${target}`} |`;
    }),
  ].join('\n'),
});

if (import.meta.main) {
  const tables = formatAnswerThroughputTables(await benchAnswerThroughput());
  process.stdout.write(`${tables.answers}\n\n${tables.ratios}\n`);
}
