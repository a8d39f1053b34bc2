import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../demo/fake-slack/example-workspace.ts';
import type { FakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { postSigned, slashCommandBody } from '../demo/fake-slack/sign.ts';
import { freePort } from '../demo/sitrep-process.ts';
import { readCpuMs } from './read-cpu-ms.ts';
import { waitForQuiet } from './wait-for-quiet.ts';

// What the command benchmarks share: the load generator on its worker thread (bench/command-load-worker.ts), the
// bare servers started as child processes, the incidents declared before measuring, and the summaries.

export const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const BOT_TOKEN = 'xoxb-bench';
const BARE_BOLT = fileURLToPath(new URL('./bare-bolt.ts', import.meta.url));
const WORKER = fileURLToPath(new URL('./command-load-worker.ts', import.meta.url));
/** Connections the closed loops keep in flight. */
export const CONNECTIONS = 16;
/** What `npm start` gives sitrep (demo/sitrep-process.ts): the bare servers run under the same flags. */
const NODE_FLAGS = ['--liftoff-only', '--max-semi-space-size=2'];

const ZReport = z.object({
  latenciesMs: z.array(z.number()),
  elapsedMs: z.number(),
  acknowledged: z.number(),
  answered: z.number(),
  apologies: z.number(),
  unexpected: z.number(),
  lastAnswerMs: z.number(),
  errors: z.number(),
  firstError: z.string().optional(),
  firstUnexpected: z.string().optional(),
});
export type Report = z.infer<typeof ZReport>;

export type Load =
  | { kind: 'one_at_a_time'; count: number }
  | { kind: 'closed_loop'; connections: number; warmUpMs: number; measureMs: number; waitFor: 'ack' | 'answer' }
  | { kind: 'paced'; perSecond: number; count: number };

export type LoadOptions = {
  url: string;
  /** Cycled: each connection sends them in turn (a paced load, each command the next one). */
  texts: string[];
  /** Where the commands are sent from; a connection keeps one (a paced load takes each in turn). */
  channelIds?: string[];
  /** Whether the server answers each command at its response URL (sitrep does; the bare ones may not). */
  answers: boolean;
  /** Text every answer holds; the others are counted as unexpected. */
  expect?: string;
  load: Load;
};

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** To a tenth of a millisecond, or a hundredth below 1 ms, so that the ratios of small latencies mean something. */
const roundMs = (ms: number) => (ms < 1 ? Math.round(ms * 100) / 100 : Math.round(ms * 10) / 10);
export const round2 = (value: number) => Math.round(value * 100) / 100;
export const thousands = (n: number) => n.toLocaleString('en-US');

/** Runs the generator on a worker thread; with `answers`, it returns once every command was answered (or stalled). */
export const runLoad = async ({ url, texts, channelIds, answers, expect, load }: LoadOptions): Promise<Report> => {
  const worker = new Worker(WORKER, {
    workerData: {
      url,
      signingSecret: SIGNING_SECRET,
      userId: EXAMPLE_PEOPLE.alice,
      channelIds: channelIds ?? [EXAMPLE_CHANNELS.general],
      texts,
      answers,
      expect,
      load,
    },
  });
  const message = await new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const report = ZReport.parse(message);
  const name = texts[0] ?? '';
  if (report.firstError) process.stderr.write(`${name}: ${report.errors} errors, the first: ${report.firstError}\n`);
  if (report.firstUnexpected) {
    process.stderr.write(`${name}: ${report.unexpected} unexpected answers, the first: ${report.firstUnexpected}\n`);
  }
  return report;
};

/** Runs `load` and reads the server's CPU time around it. */
export const runLoadWithCpu = async (options: LoadOptions & { pid: number }) => {
  const cpuFrom = await readCpuMs(options.pid);
  const report = await runLoad(options);
  return { report, cpuMs: (await readCpuMs(options.pid)) - cpuFrom };
};

export const summarise = (latenciesMs: number[]) => {
  const sorted = latenciesMs.toSorted((a, b) => a - b);
  return {
    p50Ms: roundMs(percentile(sorted, 50)),
    p99Ms: roundMs(percentile(sorted, 99)),
    maxMs: roundMs(sorted.at(-1) ?? Number.NaN),
  };
};

export type Child = { pid: number; stop: () => Promise<void> };

/** Starts a bench/ script with sitrep's Node and flags and waits for its `ready` line. */
export const startChild = async (script: string, env: Record<string, string>): Promise<Child> => {
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

/** The bare Bolt app (bench/bare-bolt.ts) on a port of its own; with `respond`, it answers each command `Done.`. */
export const startBareBolt = async ({
  slackApiUrl,
  respond,
}: {
  slackApiUrl: string;
  respond: boolean;
}): Promise<Child & { url: string }> => {
  const port = String(await freePort());
  const bolt = await startChild(BARE_BOLT, {
    PORT: port,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slackApiUrl,
    BARE_BOLT_RESPOND: String(respond),
  });
  return { ...bolt, url: `http://127.0.0.1:${port}` };
};

/**
 * Declares `count` incidents one at a time; with `quiet` (the default), waits until the outbox has opened their
 * channels.
 */
export const declareIncidents = async ({
  url,
  slack,
  count,
  quiet = true,
}: {
  url: string;
  slack: FakeSlackServer;
  count: number;
  quiet?: boolean;
}) => {
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
  if (quiet) await waitForQuiet({ url });
};
