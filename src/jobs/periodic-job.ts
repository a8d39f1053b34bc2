export type PeriodicJob = { stop: () => Promise<void> };

/**
 * Runs `task` at once and then `everyMs` after each run ends, so runs never overlap in one process. `task` says
 * itself what went wrong; it must not throw. `stop` waits for a run under way.
 */
export const startPeriodicJob = (task: () => Promise<void>, everyMs: number): PeriodicJob => {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const run = () => {
    running = task().then(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(run, everyMs);
    });
  };

  timer = setTimeout(run, 0);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
