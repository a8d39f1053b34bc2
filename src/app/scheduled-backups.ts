import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TConfig } from '../config/environment.ts';
import { backupIntervalMs } from '../domain/team-config/backup-section.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { type BackupJob, startBackupJob } from '../jobs/backup-job.ts';
import type { Logger } from '../observability/logger.ts';
import { findNewestBackupAt, prepareBackupFile, pruneBackups } from '../store/backup/backup-directory.ts';

export type ScheduledBackups = {
  job: BackupJob;
  /** Seconds since the newest backup was written; +Inf while there is none. */
  readNewestAgeSeconds: () => Promise<number>;
};

const BIN = fileURLToPath(new URL('../../bin/sitrep.js', import.meta.url));

/**
 * `sitrep backup <file>` in a child process, as an operator would run it: the rows, the gzip stream and V8's heap
 * growth (some 150 MB for 10,000 incidents) come and go with the child instead of staying in the server's memory.
 */
const runBackupProcess = async ({ dataDir, file }: { dataDir: string; file: string }): Promise<void> => {
  const child = spawn(process.execPath, ['--liftoff-only', '--max-semi-space-size=2', BIN, 'backup', file], {
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`sitrep backup exited ${code}: ${stderr.trim()}`);
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
 * Starts the scheduled backups `backup.every` asks for, into `backup.path` or beside DATA_DIR (`<DATA_DIR>-backups`),
 * each by `sitrep backup` reading through this server's socket. Only for the embedded database: PostgreSQL has its
 * own tools, and several replicas would each take one. Undefined when there is nothing to schedule.
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
  const job = startBackupJob({
    everyMs,
    now,
    logger,
    ...(checkEveryMs === undefined ? {} : { checkEveryMs }),
    newestBackupAt: () => findNewestBackupAt(dir),
    backUp: async (at) => {
      const file = await prepareBackupFile(dir, at);
      await runBackupProcess({ dataDir: target.dataDir, file });
      return { file, pruned: (await pruneBackups(dir, backup.keep)).length };
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
