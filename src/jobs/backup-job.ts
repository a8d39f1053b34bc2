import type { Logger } from '../observability/logger.ts';
import { type PeriodicJob, startPeriodicJob } from '../timers/periodic-job.ts';

export type BackupJob = PeriodicJob;

export type StartBackupJobOptions = {
  /** A backup is due once the newest is this old (`backup.every`). */
  everyMs: number;
  /** When the newest backup was written, if there is one. */
  newestBackupAt: () => Promise<Date | undefined>;
  /** Writes a backup taken now, and deletes those past `backup.keep`; says what it wrote. */
  backUp: (at: Date) => Promise<Record<string, unknown>>;
  now: () => Date;
  logger: Logger;
  /** Between two looks at the newest backup's age. */
  checkEveryMs?: number;
};

/**
 * Backs up the embedded database whenever the newest backup is `everyMs` old, looking every minute: a restart
 * neither skips a backup that was due nor takes one that was just taken. A failed backup is logged and tried again at
 * the next look.
 */
export const startBackupJob = ({
  everyMs,
  newestBackupAt,
  backUp,
  now,
  logger,
  checkEveryMs = 60_000,
}: StartBackupJobOptions): BackupJob =>
  startPeriodicJob({
    task: async () => {
      try {
        const newest = await newestBackupAt();
        if (newest !== undefined && now().getTime() - newest.getTime() < everyMs) return;
        logger.info(await backUp(now()), 'backed up the embedded database');
      } catch (error) {
        logger.error({ err: error }, 'the scheduled backup failed; trying again in a minute');
      }
    },
    everyMs: checkEveryMs,
    runAtOnce: true,
  });
