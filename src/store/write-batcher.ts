/**
 * Group commit: `write` takes whatever arrived while the previous write was under way, in one go, and each caller's
 * promise settles with the write that carried its item. A burst costs a few writes, not one per item in a row.
 */
export const createWriteBatcher = <T>(write: (items: T[]) => Promise<void>) => {
  let batch: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;
  const flush = async () => {
    while (batch.length > 0) {
      const taken = batch;
      batch = [];
      try {
        await write(taken.map((entry) => entry.item));
        for (const entry of taken) entry.resolve();
      } catch (error) {
        for (const entry of taken) entry.reject(error);
      }
    }
    flushing = undefined;
  };
  return {
    add: (item: T) =>
      new Promise<void>((resolve, reject) => {
        batch.push({ item, resolve, reject });
        flushing ??= flush();
      }),
    /** Resolves once everything added so far is written (or failed). */
    drained: async () => {
      await flushing;
    },
  };
};
