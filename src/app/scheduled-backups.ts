import { resolve } from 'node:path';
import type { TConfig } from '../config/environment.ts';
import { readSitrepVersion } from '../config/sitrep-version.ts';
import { backupIntervalMs } from '../domain/team-config/backup-section.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { type BackupJob, startBackupJob } from '../jobs/backup-job.ts';
import type { Logger } from '../observability/logger.ts';
import { backupDatabase } from '../store/backup/backup-database.ts';
import { findNewestBackupAt, prepareBackupFile, pruneBackups } from '../store/backup/backup-directory.ts';

export type ScheduledBackups = {
  job: BackupJob;
  /** Seconds since the newest backup was written; +Inf while there is none. */
  readNewestAgeSeconds: () => Promise<number>;
};

export type StartScheduledBackupsOptions = {
  target: TConfig['database'];
  backup: TTeamConfig['backup'];
  /** Where relative paths in sitrep.yml start. */
  cwd: string;
  now: () => Date;
  logger: Logger;
  /** Between two looks at the newest backup's age (tests shorten it). */
  checkEveryMs?: number;
};

/**
 * Starts the scheduled backups `backup.every` asks for, into `backup.path` or beside DATA_DIR (`<DATA_DIR>-backups`).
 * Only for the embedded database, read through this server's own socket: PostgreSQL has its own tools, and several
 * replicas would each take one. Undefined when there is nothing to schedule.
 */
export const startScheduledBackups = ({
  target,
  backup,
  cwd,
  now,
  logger,
  checkEveryMs,
}: StartScheduledBackupsOptions): ScheduledBackups | undefined => {
  const everyMs = backup.every === undefined ? undefined : backupIntervalMs(backup.every);
  if (everyMs === undefined) return undefined;
  if (target.kind !== 'pglite') {
    logger.warn('backup.every applies to the embedded database only; back PostgreSQL up with its own tools');
    return undefined;
  }
  const dir = backup.path === undefined ? `${target.dataDir}-backups` : resolve(cwd, backup.path);
  const sitrepVersion = readSitrepVersion();
  const job = startBackupJob({
    everyMs,
    now,
    logger,
    ...(checkEveryMs === undefined ? {} : { checkEveryMs }),
    newestBackupAt: () => findNewestBackupAt(dir),
    backUp: async (at) => {
      const file = await prepareBackupFile(dir, at);
      const { trailer } = await backupDatabase({ target, file, sitrepVersion, now });
      const pruned = await pruneBackups(dir, backup.keep);
      return { file, rows: trailer.tables.reduce((sum, table) => sum + table.rows, 0), pruned: pruned.length };
    },
  });
  return {
    job,
    readNewestAgeSeconds: async () => {
      const newest = await findNewestBackupAt(dir);
      return newest === undefined ? Number.POSITIVE_INFINITY : (now().getTime() - newest.getTime()) / 1000;
    },
  };
};
