import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/domain/batcher.ts';

/** A run that records each batch it was given and finishes only when the test releases it. */
const controlledRun = () => {
  const batches: number[][] = [];
  const releases: ((fail?: Error) => void)[] = [];
  const run = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      releases.push((fail) => (fail ? reject(fail) : resolve(items.map((item) => `done ${item}`))));
    });
  const release = (index: number, fail?: Error) => releases[index]?.(fail);
  return { run, batches, release };
};

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Every failure is some item's fault: what the batcher does unless the database is out of reach. */
const always = () => true;

describe('createBatcher', () => {
  it('runs a lone item at once, and groups what arrives meanwhile into the next run', async () => {
    const { run, batches, release } = controlledRun();
    const batcher = createBatcher({ run, maxBatch: 100, concurrency: 1, isolates: always });
    const first = batcher.submit(1);
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((item) => batcher.submit(item));
    expect(batches).toEqual([[1]]);
    release(0);
    expect(await first).toBe('done 1');
    await settle();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    release(1);
    expect(await Promise.all(rest)).toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('takes at most maxBatch items a run, and runs up to `concurrency` at once', async () => {
    const { run, batches, release } = controlledRun();
    const batcher = createBatcher({ run, maxBatch: 2, concurrency: 2, isolates: always });
    const results = [1, 2, 3, 4, 5, 6].map((item) => batcher.submit(item));
    expect(batches).toEqual([[1], [2]]);
    release(0);
    await settle();
    expect(batches).toEqual([[1], [2], [3, 4]]);
    release(1);
    await settle();
    expect(batches).toEqual([[1], [2], [3, 4], [5, 6]]);
    release(2);
    release(3);
    expect(await Promise.all(results)).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5', 'done 6']);
  });

  it('rejects the items of a failed run only, and goes on with the next', async () => {
    const { run, release } = controlledRun();
    const batcher = createBatcher({ run, maxBatch: 10, concurrency: 1, isolates: always });
    const first = batcher.submit(1);
    const second = batcher.submit(2);
    release(0, new Error('database gone'));
    await expect(first).rejects.toThrow('database gone');
    await settle();
    release(1);
    expect(await second).toBe('done 2');
  });

  it('runs each item of a failed batch alone, so only the one at fault fails', async () => {
    const runs: number[][] = [];
    const run = async (items: number[]) => {
      runs.push(items);
      if (items.includes(13)) throw new Error('refused 13');
      return items.map((item) => `done ${item}`);
    };
    const batcher = createBatcher({ run, maxBatch: 10, concurrency: 1, isolates: always });
    const first = batcher.submit(1);
    const batched = [12, 13, 14].map((item) => batcher.submit(item));
    const results = await Promise.allSettled([first, ...batched]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'done 1' },
      { status: 'fulfilled', value: 'done 12' },
      { status: 'rejected', reason: new Error('refused 13') },
      { status: 'fulfilled', value: 'done 14' },
    ]);
    expect(runs).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('isolates a failed batch within its own run, before the next batch starts', async () => {
    const { run, batches, release } = controlledRun();
    const batcher = createBatcher({ run, maxBatch: 10, concurrency: 1, isolates: always });
    const first = batcher.submit(1);
    const batched = [batcher.submit(2), batcher.submit(3)];
    release(0);
    await first;
    await settle();
    const later = batcher.submit(4);
    release(1, new Error('refused'));
    await settle();
    expect(batches).toEqual([[1], [2, 3], [2]]);
    release(2);
    await settle();
    expect(batches).toEqual([[1], [2, 3], [2], [3]]);
    release(3);
    expect(await Promise.all(batched)).toEqual(['done 2', 'done 3']);
    await settle();
    expect(batches).toEqual([[1], [2, 3], [2], [3], [4]]);
    release(4);
    expect(await later).toBe('done 4');
  });

  it('rejects the whole batch at once when no item is at fault (the database is out of reach)', async () => {
    const { run, batches, release } = controlledRun();
    const unreachable = new Error('connect ECONNREFUSED');
    const batcher = createBatcher({ run, maxBatch: 10, concurrency: 1, isolates: (error) => error !== unreachable });
    const first = batcher.submit(1);
    const batched = [batcher.submit(2), batcher.submit(3)];
    release(0);
    await first;
    await settle();
    release(1, unreachable);
    const results = await Promise.allSettled(batched);
    expect(results).toEqual([
      { status: 'rejected', reason: unreachable },
      { status: 'rejected', reason: unreachable },
    ]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('rejects every item of a run that answers the wrong number of results', async () => {
    const batcher = createBatcher({ run: async () => ['only one'], maxBatch: 10, concurrency: 1, isolates: always });
    const first = batcher.submit(1);
    const queued = [batcher.submit(2), batcher.submit(3)];
    expect(await first).toBe('only one');
    await expect(Promise.all(queued)).rejects.toThrow('a batch of 2 gave 1 results');
  });

  it('by default runs one batch at a time with all that waits, and fails a failed batch whole', async () => {
    const { run, batches, release } = controlledRun();
    const batcher = createBatcher({ run });
    const first = batcher.submit(1);
    const batched = Array.from({ length: 300 }, (_, i) => batcher.submit(i + 2));
    release(0);
    await first;
    await settle();
    expect(batches.map((batch) => batch.length)).toEqual([1, 300]);
    release(1, new Error('disk full'));
    await expect(Promise.all(batched)).rejects.toThrow('disk full');
    expect(batches).toHaveLength(2);
  });

  it('is drained once every item submitted, and every item submitted meanwhile, has settled', async () => {
    const { run, batches, release } = controlledRun();
    const batcher = createBatcher({ run });
    const items = [1, 2, 3].map((item) => batcher.submit(item));
    let drained = false;
    const draining = batcher.drained().then(() => {
      drained = true;
    });
    release(0);
    await settle();
    const late = batcher.submit(4);
    release(1);
    await Promise.all(items);
    await settle();
    expect([drained, batches]).toEqual([false, [[1], [2, 3], [4]]]);
    release(2);
    await draining;
    expect(await late).toBe('done 4');
    await batcher.drained();
  });
});
