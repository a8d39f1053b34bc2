export type StatusPageCacheOptions<T> = {
  /** Renders the page (or another output of it) from the database; undefined when there is no status page. */
  build: () => Promise<T | undefined>;
  /** How long a page is served before it is rendered again. */
  ttlMs: number;
  /** The machine's clock in milliseconds (performance.now in production). */
  clock: () => number;
};

/**
 * The public page, or one of its machine-readable outputs (one cache each), served from memory: a public incident
 * brings a spike of visitors, and each would otherwise cost a database read and a render. A page is rendered at most once per `ttlMs`, however many ask at once (they wait for the
 * same rendering), so a change shows within `ttlMs`, whichever replica made it. A rendering that fails is not kept.
 */
export const createStatusPageCache = <T>({ build, ttlMs, clock }: StatusPageCacheOptions<T>) => {
  let cached: { page: Promise<T | undefined>; at: number } | undefined;
  return {
    read: (): Promise<T | undefined> => {
      if (cached !== undefined && clock() - cached.at < ttlMs) return cached.page;
      const entry = { page: build(), at: clock() };
      cached = entry;
      entry.page.catch(() => {
        if (cached === entry) cached = undefined;
      });
      return entry.page;
    },
  };
};
