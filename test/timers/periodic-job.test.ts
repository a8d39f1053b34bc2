import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodicJob } from '../../src/timers/periodic-job.ts';

/** A task that records when each run started and ends only when the test lets it. */
const controlledTask = () => {
  const starts: number[] = [];
  const finishes: (() => void)[] = [];
  const task = () =>
    new Promise<void>((resolve) => {
      starts.push(Date.now());
      finishes.push(resolve);
    });
  const finish = (run: number) => finishes[run]?.();
  return { task, starts, finish };
};

describe('startPeriodicJob', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once when asked, then `everyMs` after each run ends, never two at once', async () => {
    const { task, starts, finish } = controlledTask();
    const job = startPeriodicJob({ task, everyMs: 1_000, runAtOnce: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(starts).toEqual([0]);
    finish(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts).toEqual([0, 6_000]);
    finish(1);
    await job.stop();
  });

  it('waits `everyMs` for the first run otherwise', async () => {
    const { task, starts, finish } = controlledTask();
    const job = startPeriodicJob({ task, everyMs: 1_000, runAtOnce: false });
    await vi.advanceTimersByTimeAsync(999);
    expect(starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([1_000]);
    finish(0);
    await job.stop();
  });

  it('stops: resolves once the run under way has ended, and starts no other', async () => {
    const { task, starts, finish } = controlledTask();
    const job = startPeriodicJob({ task, everyMs: 1_000, runAtOnce: true });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = job.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish(0);
    await stopping;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(starts).toEqual([0]);
  });

  it('keeps no process alive', async () => {
    vi.useRealTimers();
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const job = startPeriodicJob({ task: async () => {}, everyMs: 60_000, runAtOnce: false });
    expect(timers()).toBe(before);
    await job.stop();
  });
});
