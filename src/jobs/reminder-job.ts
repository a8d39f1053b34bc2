import type { ReminderSweep } from '../flows/reminder-flows.ts';
import type { Logger } from '../observability/logger.ts';
import { type PeriodicJob, startPeriodicJob } from '../timers/periodic-job.ts';

export type ReminderJob = PeriodicJob;

export type StartReminderJobOptions = {
  sweep: () => Promise<ReminderSweep>;
  logger: Logger;
  /** Between sweeps. Reminders are due on the hour, so a minute is late enough for nobody to notice. */
  everyMs?: number;
};

/**
 * The reminder job: a sweep at start and then every minute. Sweeps never overlap in one process; replicas are
 * kept apart by the claim in the database, and a reminder planned twice is written once (its key).
 */
export const startReminderJob = ({ sweep, logger, everyMs = 60_000 }: StartReminderJobOptions): ReminderJob =>
  startPeriodicJob({
    task: () =>
      sweep().then(
        (report) => {
          if (report.claimed > 0 || report.digest) logger.info(report, 'reminder sweep');
        },
        (error: unknown) => logger.warn({ err: error }, 'reminder sweep failed; trying again at the next one'),
      ),
    everyMs,
    runAtOnce: true,
  });
