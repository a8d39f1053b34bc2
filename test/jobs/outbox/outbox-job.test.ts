import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryReport } from '../../../src/jobs/outbox/deliver-due-effects.ts';
import { type OutboxJob, startOutboxJob } from '../../../src/jobs/outbox/outbox-job.ts';
import { createLogger, type Logger } from '../../../src/observability/logger.ts';

const POLL_MS = 500;
const IDLE: DeliveryReport = { delivered: 0, retried: 0 };
const BUSY: DeliveryReport = { delivered: 3, retried: 1 };

type Outcome = DeliveryReport | Error;

/**
 * A sweep the test drives: each call takes the next scripted outcome (idle once the script runs out), or, when
 * `hold` is set, waits until the test finishes it. It counts how many sweeps ever ran at once.
 */
const createFakeSweep = (script: Outcome[] = []) => {
  const held: { finish: (outcome: Outcome) => void }[] = [];
  const startedAt: number[] = [];
  let calls = 0;
  let running = 0;
  let mostAtOnce = 0;
  const fake = {
    hold: false,
    get calls() {
      return calls;
    },
    get mostAtOnce() {
      return mostAtOnce;
    },
    /** Milliseconds between one sweep's start and the next's; "at once" when the job did not wait. */
    gaps: () =>
      startedAt.slice(1).map((time, index) => {
        const gap = time - (startedAt[index] ?? 0);
        // A timer set for 0 ms while fake timers tick fires 1 ms later.
        return gap <= 1 ? 'at once' : gap;
      }),
    /** Finishes the oldest held sweep. */
    finish: (outcome: Outcome = IDLE) => {
      const next = held.shift();
      if (!next) throw new Error('no sweep is waiting');
      next.finish(outcome);
    },
    sweep: async (): Promise<DeliveryReport> => {
      calls += 1;
      startedAt.push(Date.now());
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      try {
        const outcome = fake.hold
          ? await new Promise<Outcome>((resolve) => held.push({ finish: resolve }))
          : (script.shift() ?? IDLE);
        if (outcome instanceof Error) throw outcome;
        return outcome;
      } finally {
        running -= 1;
      }
    },
  };
  return fake;
};

const silent = createLogger({ level: 'silent' });

/** Lets due timers fire and the promises they start settle, without waiting in real time. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('startOutboxJob', () => {
  let job: OutboxJob | undefined;

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    const stopping = job?.stop();
    await vi.runOnlyPendingTimersAsync();
    await stopping;
    job = undefined;
    vi.useRealTimers();
  });

  const start = (sweep: () => Promise<DeliveryReport>, logger: Logger = silent) => {
    job = startOutboxJob({ sweep, logger, pollMs: POLL_MS });
    return job;
  };

  it('sweeps as soon as it starts', async () => {
    const fake = createFakeSweep();
    start(fake.sweep);
    expect(fake.calls).toBe(0);
    await advance(0);
    expect(fake.calls).toBe(1);
  });

  it('sweeps again at once while there is work, then polls every pollMs', async () => {
    const fake = createFakeSweep([BUSY, { delivered: 0, retried: 2 }, { delivered: 1, retried: 0 }, IDLE]);
    start(fake.sweep);

    await advance(POLL_MS * 3 + 10);

    expect(fake.gaps()).toEqual(['at once', 'at once', 'at once', POLL_MS, POLL_MS, POLL_MS]);
  });

  it('sweeps soon after kick() instead of waiting for the poll', async () => {
    const fake = createFakeSweep();
    const outboxJob = start(fake.sweep);
    await advance(0);
    await advance(100);
    expect(fake.calls).toBe(1);

    outboxJob.kick();
    await advance(1);
    expect(fake.calls).toBe(2);
    // The poll starts over from the kicked sweep.
    await advance(POLL_MS - 10);
    expect(fake.calls).toBe(2);
    await advance(20);
    expect(fake.calls).toBe(3);
  });

  it('never runs two sweeps at once: a kick during a sweep runs one more right after it', async () => {
    const fake = createFakeSweep();
    fake.hold = true;
    const outboxJob = start(fake.sweep);
    await advance(0);
    expect(fake.calls).toBe(1);

    outboxJob.kick();
    outboxJob.kick();
    await advance(POLL_MS * 4);
    expect(fake.calls).toBe(1);

    fake.finish(IDLE);
    await advance(1);
    expect(fake.calls).toBe(2);
    // Kicked twice during one sweep: one more sweep, then back to polling.
    fake.finish(IDLE);
    await advance(POLL_MS - 10);
    expect(fake.calls).toBe(2);
    await advance(20);
    expect(fake.calls).toBe(3);
    fake.finish(IDLE);
    expect(fake.mostAtOnce).toBe(1);
  });

  it.each([
    { how: 'rejects', sweep: (): Promise<DeliveryReport> => Promise.reject(new Error('database unavailable')) },
    {
      how: 'throws before it returns a promise',
      sweep: (): Promise<DeliveryReport> => {
        throw new Error('database unavailable');
      },
    },
  ])('logs a sweep that $how and tries again at the next poll', async ({ sweep }) => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    let calls = 0;
    start(
      () => {
        calls += 1;
        return calls <= 2 ? sweep() : Promise.resolve(IDLE);
      },
      createLogger({ level: 'warn', destination }),
    );

    await advance(0);
    expect(calls).toBe(1);
    await advance(POLL_MS - 10);
    expect(calls).toBe(1);
    await advance(20);
    expect(calls).toBe(2);
    await advance(POLL_MS * 2);
    expect(calls).toBe(4);

    const warnings = lines.map((line) => JSON.parse(line));
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warn', err: expect.objectContaining({ message: 'database unavailable' }) }),
      expect.objectContaining({ level: 'warn', err: expect.objectContaining({ message: 'database unavailable' }) }),
    ]);
  });

  it('stop() waits for the sweep under way, and nothing sweeps after it', async () => {
    const fake = createFakeSweep();
    fake.hold = true;
    const outboxJob = start(fake.sweep);
    await advance(0);
    expect(fake.calls).toBe(1);

    let stopped = false;
    const stopping = outboxJob.stop().then(() => {
      stopped = true;
    });
    await advance(POLL_MS);
    expect(stopped).toBe(false);

    fake.finish(BUSY);
    await stopping;
    expect(stopped).toBe(true);

    outboxJob.kick();
    await advance(POLL_MS * 10);
    expect(fake.calls).toBe(1);
  });

  it('stop() before the first sweep means no sweep at all', async () => {
    const fake = createFakeSweep();
    await start(fake.sweep).stop();
    await advance(POLL_MS * 10);
    expect(fake.calls).toBe(0);
  });
});
