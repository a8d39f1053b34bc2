import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../domain/app-error.ts';
import { type DatabaseTarget, openDatabase } from '../database.ts';
import { type BackupProgress, type BackupResult, writeBackup } from './write-backup.ts';

export type BackupDatabaseOptions = {
  target: DatabaseTarget;
  file: string;
  sitrepVersion: string;
  now: () => Date;
  onProgress?: (progress: BackupProgress) => void;
};

export type BackupDatabaseResult = BackupResult & { description: string };

/**
 * Backs up the database `target` names into `file`. The embedded database is read through the running `serve` when
 * there is one (its socket), else opened here; an embedded database that was never created is an error, not a new one.
 */
export const backupDatabase = async ({
  target,
  file,
  sitrepVersion,
  now,
  onProgress,
}: BackupDatabaseOptions): Promise<BackupDatabaseResult> => {
  if (target.kind === 'pglite' && !existsSync(join(target.dataDir, 'PG_VERSION'))) {
    throw new AppError('NOT_FOUND', {
      userMessage: `There is no embedded database in ${target.dataDir} to back up (set DATA_DIR, or DATABASE_URL for PostgreSQL).`,
    });
  }
  const database = await openDatabase({ target, command: 'backup', poolSize: 1 });
  try {
    const result = await database.withSession((session) =>
      writeBackup({
        session,
        file,
        sitrepVersion,
        source: database.description,
        now,
        ...(onProgress ? { onProgress } : {}),
      }),
    );
    return { ...result, description: database.description };
  } finally {
    await database.close();
  }
};
