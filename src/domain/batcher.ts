export type BatcherOptions<T, R> = {
  /** Runs one batch; answers one result per item, in the order given. */
  run: (items: T[]) => Promise<R[]>;
  /** The most items one run takes; the rest wait for the next. All that waits, when not given. */
  maxBatch?: number;
  /**
   * Runs in flight at once (one when not given): one keeps batches large, a second keeps the database busy while a
   * batch returns.
   */
  concurrency?: number;
  /**
   * Whether a batch that failed with `error` is run again item by item, to find the one at fault. Not when no item
   * is (the database is unreachable): every retry would fail the same way, each after its own timeout. Never, when
   * not given: a write that fails as a whole (a torn file) fails every item in it.
   */
  isolates?: (error: unknown) => boolean;
};

export type Batcher<T, R> = {
  /**
   * Resolves with the item's result once its batch ran. When a batch of several fails and `isolates` the error,
   * each of its items is run again alone: this rejects with the error of the item's own run (or the batch's), or
   * when a run answers the wrong number of results.
   */
  submit: (item: T) => Promise<R>;
  /** Resolves once every item submitted so far, and any submitted meanwhile, has settled. */
  drained: () => Promise<void>;
};

type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Group commit: items submitted while a run is in flight wait and go together in the next run, so a thousand
 * webhook requests a second cost tens of database round trips rather than thousands, and a burst of journaled
 * commands a few writes. An idle batcher runs an item at once: alone, it waits for nothing.
 */
export const createBatcher = <T, R>({
  run,
  maxBatch = Number.POSITIVE_INFINITY,
  concurrency = 1,
  isolates = () => false,
}: BatcherOptions<T, R>): Batcher<T, R> => {
  const queue: Waiting<T, R>[] = [];
  const running = new Set<Promise<void>>();

  const settle = async (batch: Waiting<T, R>[]): Promise<void> => {
    let results: R[];
    try {
      results = await run(batch.map((waiting) => waiting.item));
    } catch (error) {
      if (batch.length === 1 || !isolates(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // One item the database refuses fails the statement or transaction it shares with the others: alone, only it
      // fails. One after another, in this run's slot, so isolating never runs more at once than `concurrency`.
      for (const waiting of batch) await settle([waiting]);
      return;
    }
    if (results.length !== batch.length) {
      const error = new Error(`a batch of ${batch.length} gave ${results.length} results`);
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const [i, result] of results.entries()) batch[i]?.resolve(result);
  };

  const drain = () => {
    while (running.size < concurrency && queue.length > 0) {
      const batchRun = settle(queue.splice(0, maxBatch)).finally(() => {
        running.delete(batchRun);
        drain();
      });
      running.add(batchRun);
    }
  };

  return {
    submit: (item) =>
      new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        drain();
      }),
    drained: async () => {
      // A run that ends starts the next batch before this wakes, so the loop ends only when nothing is left.
      while (running.size > 0) await Promise.all(running);
    },
  };
};
