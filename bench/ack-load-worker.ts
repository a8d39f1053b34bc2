import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { signSlackRequest, slashCommandBody } from '../demo/fake-slack/sign.ts';

// The load generator of the acknowledgement benchmark, on a thread of its own so that timing a request is not
// delayed by the fake Slack server, which answers sitrep's calls on the main thread. Like the command benchmark's,
// it posts over keep-alive node:http connections, kept open from one wave to the next as Slack's would be.

const ZJob = z.object({
  url: z.string(),
  signingSecret: z.string(),
  userId: z.string(),
  channelId: z.string(),
  /** One command per entry; entries in the same wave are sent at once. */
  waves: z.array(z.array(z.object({ text: z.string(), responseUrl: z.string() }))),
});

const job = ZJob.parse(workerData);
const target = new URL('/slack/events', job.url);
const agent = new Agent({ keepAlive: true });

/** Sends one signed command; resolves with the milliseconds from writing it to reading its 200. */
const send = ({ text, responseUrl }: { text: string; responseUrl: string }): Promise<number> =>
  new Promise((resolve, reject) => {
    const { body } = slashCommandBody({
      command: '/incident',
      text,
      userId: job.userId,
      channelId: job.channelId,
      responseUrl,
    });
    const headers = signSlackRequest({ body, signingSecret: job.signingSecret });
    const started = performance.now();
    const req = request(
      target,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          const elapsed = performance.now() - started;
          if (res.statusCode === 200) resolve(elapsed);
          else reject(new Error(`/incident ${text} answered ${res.statusCode}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const latencies: number[][] = [];
for (const wave of job.waves) latencies.push(await Promise.all(wave.map(send)));
agent.destroy();
parentPort?.postMessage(latencies);
