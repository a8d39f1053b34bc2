import type { Logger } from '../observability/logger.ts';
import { type PeriodicJob, startPeriodicJob } from '../timers/periodic-job.ts';

export type RetentionJob = PeriodicJob;

export type StartRetentionJobOptions = {
  prune: (cutoff: Date) => Promise<Record<string, number>>;
  /** How long finished work is kept (RETENTION_DAYS). */
  keepMs: number;
  now: () => Date;
  logger: Logger;
  /** Between two prunings; what they delete is days old, so an hour is often enough. */
  everyMs?: number;
};

/**
 * Prunes at start and then every hour. Replicas may prune at the same moment: deleting a row another replica
 * deleted first is no error, and each batch is short.
 */
export const startRetentionJob = ({
  prune,
  keepMs,
  now,
  logger,
  everyMs = 3_600_000,
}: StartRetentionJobOptions): RetentionJob =>
  startPeriodicJob({
    task: () =>
      prune(new Date(now().getTime() - keepMs)).then(
        (pruned) => {
          if (Object.values(pruned).some((count) => count > 0)) logger.info(pruned, 'pruned finished work');
        },
        (error: unknown) => logger.warn({ err: error }, 'pruning failed; trying again at the next round'),
      ),
    everyMs,
    runAtOnce: true,
  });
