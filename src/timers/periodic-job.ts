export type PeriodicJobOptions = {
  /** Says itself what went wrong; it must not throw. */
  task: () => Promise<void>;
  /** Between the end of one run and the start of the next. */
  everyMs: number;
  /** Whether the first run starts at once (on the next turn of the event loop) or `everyMs` from now. */
  runAtOnce: boolean;
};

export type PeriodicJob = {
  /** Starts no further run; resolves once a run under way has ended (a caller in a hurry need not wait). */
  stop: () => Promise<void>;
};

/**
 * Runs `task` every `everyMs` after the last run ended, so runs never overlap in one process. The timer keeps no
 * process alive: each job lasts as long as the process it serves.
 */
export const startPeriodicJob = ({ task, everyMs, runAtOnce }: PeriodicJobOptions): PeriodicJob => {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (ms: number) => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = () => {
    running = task().then(() => {
      running = undefined;
      if (!stopped) schedule(everyMs);
    });
  };

  schedule(runAtOnce ? 0 : everyMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
