import { once } from 'node:events';
import { Agent, createServer, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { signSlackRequest, slashCommandBody } from '../demo/fake-slack/sign.ts';

// The load generator of the command benchmark, on a thread of its own, the same for sitrep, the bare Bolt app and
// the bare node:http server: signed `/incident <text>` requests, exactly as Slack posts them (demo/fake-slack/
// sign.ts), over keep-alive node:http connections, each signed when it is sent. It also plays Slack's response
// URLs: every command carries one of its own, so it sees when (and with what) sitrep answered it. Shapes:
// - one at a time: `count` requests on one connection, each sent when the previous one was acknowledged;
// - closed loop: `connections` requests in flight, each connection sending its next request as soon as its last
//   one was acknowledged (`waitFor: 'ack'`) or answered at its response URL (`waitFor: 'answer'`), for
//   `warmUpMs` unmeasured and then `measureMs` measured;
// - paced: `count` commands, the i-th sent at i / `perSecond` s whatever became of the others, each timed to its
//   answer.
// Each connection sends `texts` in turn from one of `channelIds`; a paced load takes the next of each every time.
// With `answers`, it then waits until every acknowledged command was answered, or none was for STALL_MS.

const ZJob = z.object({
  url: z.string(),
  signingSecret: z.string(),
  userId: z.string(),
  channelIds: z.tuple([z.string()], z.string()),
  texts: z.tuple([z.string()], z.string()),
  /** Whether the server answers each command at its response URL (sitrep does; the bare servers do not). */
  answers: z.boolean(),
  /** Text every answer should hold; the others are counted as unexpected. */
  expect: z.string().optional(),
  load: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('one_at_a_time'), count: z.number().int().positive() }),
    z.object({
      kind: z.literal('closed_loop'),
      connections: z.number().int().positive(),
      warmUpMs: z.number().nonnegative(),
      measureMs: z.number().positive(),
      waitFor: z.enum(['ack', 'answer']),
    }),
    z.object({ kind: z.literal('paced'), perSecond: z.number().positive(), count: z.number().int().positive() }),
  ]),
});

/** What the benchmark reads back (it checks the shape with zod). */
export type CommandLoadReport = {
  /** Milliseconds from writing each measured request to reading its 200 (or to its answer, `waitFor: 'answer'`). */
  latenciesMs: number[];
  /** Length of the measured window: `measureMs`, or from the first request to the last acknowledgement. */
  elapsedMs: number;
  /** Every 200, warm-up and the edges of the window included: the commands the server now has to answer. */
  acknowledged: number;
  /** Posts to the response URLs, and those that were sitrep's apology for a command that failed. */
  answered: number;
  apologies: number;
  /** Answers that were neither an apology nor held `expect`. */
  unexpected: number;
  /** From the last request acknowledged to the last answer. */
  lastAnswerMs: number;
  errors: number;
  firstError: string | undefined;
  firstUnexpected: string | undefined;
};

const job = ZJob.parse(workerData);
const target = new URL('/slack/events', job.url);
const REQUEST_TIMEOUT_MS = 30_000;
const STALL_MS = 10_000;
const DRAIN_DEADLINE_MS = 300_000;
const APOLOGY = 'Sorry, something went wrong';

const waitingForAnswer = new Map<string, () => void>();
let answered = 0;
let apologies = 0;
let unexpected = 0;
let firstUnexpected: string | undefined;
let lastAnswerAt = 0;
const responses = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    answered += 1;
    lastAnswerAt = performance.now();
    const body = Buffer.concat(chunks).toString();
    if (body.includes(APOLOGY)) apologies += 1;
    else if (job.expect !== undefined && !body.includes(job.expect)) {
      unexpected += 1;
      firstUnexpected ??= body.slice(0, 300);
    }
    const path = req.url ?? '';
    waitingForAnswer.get(path)?.();
    waitingForAnswer.delete(path);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
responses.listen(0, '127.0.0.1');
await once(responses, 'listening');
const address = responses.address();
const responseBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

let sent = 0;
let acknowledged = 0;
let lastAckAt = 0;
let errors = 0;
let firstError: string | undefined;

const fail = (message: string) => {
  errors += 1;
  firstError ??= message;
};

type Command = { text: string; channelId: string };

/** The `n`-th of a cycled list. */
const nth = (list: [string, ...string[]], n: number): string => list[n % list.length] ?? list[0];

/**
 * Sends one signed command. Resolves with its acknowledgement latency, or with its answer latency when `untilAnswer`;
 * undefined when it failed (counted in `errors`).
 */
const send = (agent: Agent, { text, channelId }: Command, untilAnswer = false): Promise<number | undefined> =>
  new Promise((resolve) => {
    sent += 1;
    const path = `/r/${sent}`;
    const { body } = slashCommandBody({
      command: '/incident',
      text,
      userId: job.userId,
      channelId,
      responseUrl: `${responseBase}${path}`,
    });
    const headers = signSlackRequest({ body, signingSecret: job.signingSecret });
    const started = performance.now();
    const failed = (message: string) => {
      fail(message);
      resolve(undefined);
    };
    if (untilAnswer) {
      const timeout = setTimeout(() => {
        waitingForAnswer.delete(path);
        failed(`no answer within ${REQUEST_TIMEOUT_MS} ms`);
      }, REQUEST_TIMEOUT_MS);
      waitingForAnswer.set(path, () => {
        clearTimeout(timeout);
        resolve(performance.now() - started);
      });
    }
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const elapsed = performance.now() - started;
          if (res.statusCode !== 200) {
            waitingForAnswer.delete(path);
            return failed(`answered ${res.statusCode}`);
          }
          acknowledged += 1;
          lastAckAt = performance.now();
          if (!untilAnswer) resolve(elapsed);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no acknowledgement within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (error) => {
      waitingForAnswer.delete(path);
      failed(error.message);
    });
    req.end(body);
  });

const runOneAtATime = async (count: number) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const latency = await send(agent, { text: nth(job.texts, i), channelId: job.channelIds[0] });
    if (latency !== undefined) latenciesMs.push(latency);
  }
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { latenciesMs, elapsedMs };
};

const runClosedLoop = async ({
  connections,
  warmUpMs,
  measureMs,
  waitFor,
}: {
  connections: number;
  warmUpMs: number;
  measureMs: number;
  waitFor: 'ack' | 'answer';
}) => {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latenciesMs: number[] = [];
  const measureFrom = performance.now() + warmUpMs;
  const measureUntil = measureFrom + measureMs;
  const loop = async (_: unknown, connection: number) => {
    const channelId = nth(job.channelIds, connection);
    for (let n = 0; performance.now() < measureUntil; n += 1) {
      const sentAt = performance.now();
      const latency = await send(agent, { text: nth(job.texts, n), channelId }, waitFor === 'answer');
      // A request counts when it was both sent and done inside the window.
      if (latency !== undefined && sentAt >= measureFrom && sentAt + latency <= measureUntil) latenciesMs.push(latency);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  agent.destroy();
  return { latenciesMs, elapsedMs: measureMs };
};

/** Open loop: a command every 1 / `perSecond` s on its schedule, each timed from sending to its answer. */
const runPaced = async ({ perSecond, count }: { perSecond: number; count: number }) => {
  const agent = new Agent({ keepAlive: true });
  const started = performance.now();
  const sending = Array.from({ length: count }, async (_, i) => {
    await sleep(Math.max(0, started + (i * 1000) / perSecond - performance.now()));
    return send(agent, { text: nth(job.texts, i), channelId: nth(job.channelIds, i) }, true);
  });
  const latenciesMs = (await Promise.all(sending)).filter((latency) => latency !== undefined);
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { latenciesMs, elapsedMs };
};

const measured =
  job.load.kind === 'one_at_a_time'
    ? await runOneAtATime(job.load.count)
    : job.load.kind === 'paced'
      ? await runPaced(job.load)
      : await runClosedLoop(job.load);
if (job.answers) {
  const started = performance.now();
  let seen = answered;
  let progressAt = started;
  while (answered < acknowledged && performance.now() - progressAt < STALL_MS) {
    if (performance.now() - started > DRAIN_DEADLINE_MS) break;
    await sleep(10);
    if (answered > seen) {
      seen = answered;
      progressAt = performance.now();
    }
  }
}
responses.close();
responses.closeAllConnections();
const report: CommandLoadReport = {
  ...measured,
  acknowledged,
  answered,
  apologies,
  unexpected,
  lastAnswerMs: Math.max(0, lastAnswerAt - lastAckAt),
  errors,
  firstError,
  firstUnexpected,
};
parentPort?.postMessage(report);
