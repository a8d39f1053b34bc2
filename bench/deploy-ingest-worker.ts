import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { signDeployBody } from '../src/webhooks/generic/deploy-signature.ts';

// The load generator of the deploy-ingest benchmark, on a thread of its own so that the fake Slack server and the
// bookkeeping of the benchmark never delay a request or the clock that times it. Open loop: event i is sent at
// i / rate seconds whether or not earlier ones were answered, as CI systems do not wait for each other.

const ZJob = z.object({
  url: z.string(),
  secret: z.string(),
  /** Prefix of every delivery id: ids are unique across runs on the same database. */
  idPrefix: z.string(),
  ratePerSecond: z.number().positive(),
  /** Events sent first, at the same rate over the same connections, and not measured. */
  warmUpCount: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  connections: z.number().int().positive(),
  services: z.array(z.string()).min(1),
  environments: z.array(z.string()).min(1),
});

/** What the benchmark reads back (it checks the shape with zod). */
type IngestReport = {
  /** Milliseconds from writing each measured request to reading its whole answer, for the 200s. */
  latenciesMs: number[];
  /** Non-200 answers, `stored: false` (every id is new, so a duplicate is a bug) and failed requests. */
  errors: number;
  firstError: string | undefined;
  /** From the first measured request written to the last answer read. */
  elapsedMs: number;
  /** How far behind its schedule the generator fell at worst: large means the figures undersell the rate. */
  maxScheduleLagMs: number;
};

const job = ZJob.parse(workerData);
const target = new URL('/webhooks/deploy', job.url);
const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
const LAYERS = ['artifact', 'artifact', 'artifact', 'database', 'fleet', 'feature'] as const;
const STATUSES = ['started', 'succeeded', 'succeeded', 'failed', 'rolled_back'] as const;
const REQUEST_TIMEOUT_MS = 60_000;

const bodyFor = (i: number): string =>
  JSON.stringify({
    id: `${job.idPrefix}-${i}`,
    service: job.services[i % job.services.length],
    environment: job.environments[Math.floor(i / job.services.length) % job.environments.length],
    version: `v1.${Math.floor(i / 100)}.${i % 100}`,
    layer: LAYERS[i % LAYERS.length],
    status: STATUSES[i % STATUSES.length],
    actor: 'bench',
    url: `https://ci.example.com/runs/${i}`,
    description: 'Deploy-ingest benchmark',
  });

const latenciesMs: number[] = [];
let errors = 0;
let firstError: string | undefined;
let lastAnswerAt = 0;

const recordError = (message: string) => {
  errors += 1;
  firstError ??= message;
};

// Built and signed before the clock starts: the generator shares two cores with sitrep and PostgreSQL, and what it
// spends during the run is taken from them.
const total = job.warmUpCount + job.count;
const prepared = Array.from({ length: total }, (_, i) => {
  const body = bodyFor(i);
  return { body, length: Buffer.byteLength(body), signature: signDeployBody(job.secret, body) };
});

const send = (i: number): Promise<void> =>
  new Promise((resolve) => {
    const { body, length, signature } = prepared[i] ?? prepared[0] ?? { body: '', length: 0, signature: '' };
    const started = performance.now();
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': length,
          'x-sitrep-signature': signature,
        },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          lastAnswerAt = performance.now();
          const answer = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200 || answer !== '{"stored":true}')
            recordError(`${res.statusCode}: ${answer.slice(0, 200)}`);
          else if (i >= job.warmUpCount) latenciesMs.push(lastAnswerAt - started);
          resolve();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (error) => {
      lastAnswerAt = performance.now();
      recordError(error.message);
      resolve();
    });
    req.end(body);
  });

const pending: Promise<void>[] = [];
const start = performance.now();
const measuredFrom = start + (job.warmUpCount * 1000) / job.ratePerSecond;
let maxScheduleLagMs = 0;
let next = 0;
while (next < total) {
  const now = performance.now();
  const due = Math.min(total, Math.floor(((now - start) * job.ratePerSecond) / 1000) + 1);
  for (; next < due; next += 1) {
    if (next >= job.warmUpCount) {
      maxScheduleLagMs = Math.max(maxScheduleLagMs, now - (start + (next * 1000) / job.ratePerSecond));
    }
    pending.push(send(next));
  }
  // A millisecond's sleep lets answers be read; at 1,000 events/s that is about one request per tick.
  await sleep(1);
}
await Promise.all(pending);
agent.destroy();

const report: IngestReport = {
  latenciesMs,
  errors,
  firstError,
  elapsedMs: lastAnswerAt - measuredFrom,
  maxScheduleLagMs,
};
parentPort?.postMessage(report);
