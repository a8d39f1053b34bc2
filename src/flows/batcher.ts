export type BatcherOptions<T, R> = {
  /** Runs one batch; answers one result per item, in the order given. */
  run: (items: T[]) => Promise<R[]>;
  /** The most items one run takes; the rest wait for the next. */
  maxBatch: number;
  /** Runs in flight at once: one keeps batches large, a second keeps the database busy while a batch returns. */
  concurrency: number;
};

export type Batcher<T, R> = {
  /** Resolves with the item's result once its batch ran, or rejects with the batch's error. */
  submit: (item: T) => Promise<R>;
};

type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Group commit: items submitted while a run is in flight wait and go together in the next run, so a thousand
 * webhook requests a second cost tens of database round trips rather than thousands. An idle batcher runs an item at
 * once: alone, it waits for nothing.
 */
export const createBatcher = <T, R>({ run, maxBatch, concurrency }: BatcherOptions<T, R>): Batcher<T, R> => {
  const queue: Waiting<T, R>[] = [];
  let running = 0;

  const drain = () => {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      running += 1;
      run(batch.map((waiting) => waiting.item))
        .then((results) => {
          if (results.length !== batch.length) {
            throw new Error(`a batch of ${batch.length} gave ${results.length} results`);
          }
          for (const [i, result] of results.entries()) batch[i]?.resolve(result);
        })
        .catch((error: unknown) => {
          for (const waiting of batch) waiting.reject(error);
        })
        .finally(() => {
          running -= 1;
          drain();
        });
    }
  };

  return {
    submit: (item) =>
      new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        drain();
      }),
  };
};
