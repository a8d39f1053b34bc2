import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { postSigned, slashCommandBody } from '../test/support/slack/sign.ts';

// The load generator of the acknowledgement benchmark, on a thread of its own so that timing a request is not
// delayed by the fake Slack server, which answers sitrep's calls on the main thread.

const ZJob = z.object({
  url: z.string(),
  signingSecret: z.string(),
  userId: z.string(),
  channelId: z.string(),
  /** One command per entry; entries in the same wave are sent at once. */
  waves: z.array(z.array(z.object({ text: z.string(), responseUrl: z.string() }))),
});

const job = ZJob.parse(workerData);

const send = async ({ text, responseUrl }: { text: string; responseUrl: string }): Promise<number> => {
  const body = slashCommandBody({
    command: '/incident',
    text,
    userId: job.userId,
    channelId: job.channelId,
    responseUrl,
  });
  const started = performance.now();
  const res = await postSigned({ url: `${job.url}/slack/events`, signingSecret: job.signingSecret, ...body });
  const elapsed = performance.now() - started;
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`/incident ${text} answered ${res.status}`);
  return elapsed;
};

const latencies: number[][] = [];
for (const wave of job.waves) latencies.push(await Promise.all(wave.map(send)));
parentPort?.postMessage(latencies);
