import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedExampleWorkspace } from '../demo/fake-slack/example-workspace.ts';
import { startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { ANSWER_COMMANDS, type AnswerCommand, channelsFor } from './answer-commands.ts';
import { benchDatabases, benchPostgresUrl, dropSchema, startBenchSitrep, stopSitrep } from './bench-sitrep.ts';
import { declareIncidents, runLoad, SIGNING_SECRET, summarise } from './command-load.ts';
import { countPending, type OutboxTarget } from './memory-after-incidents.ts';

export type AnswerLatencyFigure = {
  database: string;
  command: AnswerCommand['name'];
  sent: number;
  answered: number;
  apologies: number;
  unexpected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Outbox messages pending (due within the hour) when the window opened and when it closed. */
  pendingBefore: number;
  pendingAfter: number;
  /** Web API calls the fake Slack answered during the window: the outbox at work. */
  slackCalls: number;
  windowMs: number;
};

/** Incident channels the commands are sent in, opened before the backlog. */
const INCIDENTS = 16;
/**
 * The backlog: more incidents declared, each a channel to create and set up, and notes sent in a closed loop for
 * `notesMs`, each a line to post; Slack's Web API answers each call after `slackApiDelayMs`, so that the outbox
 * works through it slowly.
 */
const BACKLOG = { incidents: 40, notesMs: 5_000, slackApiDelayMs: 100 } as const;
/** The commands timed: `each` of every kind, `perSecond`. */
const PACE = { perSecond: 1, each: 30 } as const;

const outboxTarget = ({
  databaseEnv,
  schema,
}: {
  databaseEnv: Record<string, string>;
  schema: string;
}): OutboxTarget => {
  const postgres = benchPostgresUrl();
  const dataDir = databaseEnv.DATA_DIR;
  if (dataDir !== undefined) {
    // sitrep serves PGlite on a socket in its data directory; the benchmark reads through it like any client.
    const connectionString = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dataDir)}`;
    return { name: 'PGlite', env: databaseEnv, connectionString: () => connectionString, table: '"OutboxMessage"' };
  }
  if (!postgres) throw new Error('no database to read the outbox from');
  return {
    name: 'PostgreSQL',
    env: databaseEnv,
    connectionString: () => postgres,
    table: `"${schema}"."OutboxMessage"`,
  };
};

/**
 * One database: a fresh sitrep and fake Slack, INCIDENTS declared and their channels opened; then Slack slowed to
 * BACKLOG.slackApiDelayMs a call, BACKLOG.incidents more declared and notes sent in a closed loop for BACKLOG.notesMs,
 * and then each command at PACE.perSecond for PACE.each commands, timed from sending to the answer.
 */
const measureDatabase = async ({
  database,
  databaseEnv,
  schema,
}: {
  database: string;
  databaseEnv: Record<string, string>;
  schema: string;
}): Promise<AnswerLatencyFigure[]> => {
  const slack = await startFakeSlackServer();
  seedExampleWorkspace(slack.fake);
  const sitrep = await startBenchSitrep({ slackApiUrl: slack.apiUrl, signingSecret: SIGNING_SECRET, databaseEnv });
  const target = outboxTarget({ databaseEnv, schema });
  try {
    await declareIncidents({ url: sitrep.url, slack, count: INCIDENTS });
    const note = ANSWER_COMMANDS.find((c) => c.name === 'note');
    if (!note) throw new Error('no note command');
    const incidentChannels = channelsFor(note, slack);
    slack.slowApiCalls(BACKLOG.slackApiDelayMs);
    await declareIncidents({ url: sitrep.url, slack, count: BACKLOG.incidents, quiet: false });
    await runLoad({
      url: sitrep.url,
      texts: note.texts,
      channelIds: incidentChannels,
      answers: true,
      load: {
        kind: 'closed_loop',
        connections: INCIDENTS,
        warmUpMs: 0,
        measureMs: BACKLOG.notesMs,
        waitFor: 'answer',
      },
    });
    const figures: AnswerLatencyFigure[] = [];
    for (const command of ANSWER_COMMANDS) {
      const pendingBefore = await countPending(target);
      const callsBefore = slack.fake.calls.length;
      const report = await runLoad({
        url: sitrep.url,
        texts: command.texts,
        // One incident for `status`, so that its changes alternate.
        channelIds: command.inIncidentChannel ? incidentChannels.slice(0, 1) : channelsFor(command, slack),
        answers: true,
        expect: command.expect,
        load: { kind: 'paced', perSecond: PACE.perSecond, count: PACE.each },
      });
      figures.push({
        database,
        command: command.name,
        sent: PACE.each,
        answered: report.answered,
        apologies: report.apologies,
        unexpected: report.unexpected,
        ...summarise(report.latenciesMs),
        pendingBefore,
        pendingAfter: await countPending(target),
        slackCalls: slack.fake.calls.length - callsBefore,
        windowMs: Math.round(report.elapsedMs),
      });
    }
    return figures;
  } finally {
    // The measurement is over: a drain that waited 100 ms a Slack call for the backlog could outlast the grace period.
    slack.slowApiCalls(0);
    await stopSitrep(sitrep);
    await slack.close();
  }
};

/** Answer latency at PACE.perSecond command a second while the outbox works through a backlog, on each database. */
export const benchAnswerLatency = async (): Promise<AnswerLatencyFigure[]> => {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-answer-latency-'));
  const postgres = benchPostgresUrl();
  const schema = `bench_answer_latency_${process.pid}`;
  const figures: AnswerLatencyFigure[] = [];
  try {
    for (const [database, databaseEnv] of benchDatabases(dir, schema)) {
      figures.push(...(await measureDatabase({ database, databaseEnv, schema })));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (postgres) await dropSchema(postgres, schema);
  }
  return figures;
};

export const formatAnswerLatencyTable = (figures: AnswerLatencyFigure[]): string =>
  [
    `| /incident … at ${PACE.perSecond}/s, outbox busy, on … | answered / sent | apologies | other answers | p50 (to the answer) | p99 | max | outbox pending at the start → end | Slack calls meanwhile | target p99 |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.command}, ${f.database} | ${f.answered}/${f.sent} | ${f.apologies} | ${f.unexpected} | ${f.p50Ms} ms | ${f.p99Ms} ms | ${f.maxMs} ms | ${f.pendingBefore} → ${f.pendingAfter} | ${f.slackCalls} in ${(f.windowMs / 1000).toFixed(0)} s | < 100 ms |`,
    ),
  ].join('\n');

if (import.meta.main) process.stdout.write(`${formatAnswerLatencyTable(await benchAnswerLatency())}\n`);
