import type { Logger } from '../observability/logger.ts';
import { startPeriodicJob } from '../timers/periodic-job.ts';

export type StatuspageJob = {
  /** Looks soon: a change was written (an impact window, a resolution, a severity) that may change a component. */
  kick: () => void;
  stop: () => Promise<void>;
};

export type StartStatuspageJobOptions = {
  /** Writes an outbox effect for each component whose state differs from what was last pushed to it. */
  enqueueChanges: () => Promise<number>;
  logger: Logger;
  /**
   * Between two looks when nothing kicks it: maintenance starts and ends by the clock, with no change written, and a
   * kick lost to a crash is made up for.
   */
  everyMs?: number;
};

/**
 * Notices when a service's state on the status page changed and hands the push to the outbox. Looks run one at a
 * time in this process (a kick during one asks for one more after it); replicas' looks agree through the effects'
 * keys.
 */
export const startStatuspageJob = ({ enqueueChanges, logger, everyMs = 15_000 }: StartStatuspageJobOptions) => {
  let chain: Promise<void> = Promise.resolve();
  let queued = false;
  const look = (): Promise<void> => {
    if (queued) return chain;
    queued = true;
    chain = chain.then(async () => {
      queued = false;
      await enqueueChanges().catch((error: unknown) =>
        logger.warn({ err: error }, 'could not compare the Statuspage components with sitrep; trying again shortly'),
      );
    });
    return chain;
  };
  const periodic = startPeriodicJob({ task: look, everyMs, runAtOnce: true });
  return {
    kick: () => {
      void look();
    },
    stop: async () => {
      await periodic.stop();
      await chain;
    },
  } satisfies StatuspageJob;
};
