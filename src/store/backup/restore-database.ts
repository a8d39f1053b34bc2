import { type DatabaseTarget, openDatabase } from '../database.ts';
import type { LocalMigration } from '../migrate.ts';
import { type InspectedBackup, inspectBackup } from './inspect-backup.ts';
import { type RestoreProgress, restoreBackup } from './restore-backup.ts';

export type RestoreDatabaseOptions = {
  target: DatabaseTarget;
  file: string;
  migrations: LocalMigration[];
  sitrepVersion: string;
  /** The command restoring, written into the embedded database's lock meanwhile. */
  command: string;
  onProgress?: (progress: RestoreProgress) => void;
};

export type RestoreDatabaseResult = { backup: InspectedBackup; description: string };

/**
 * Restores `file` into the database `target` names: the file is read whole and checked first, then the target is
 * opened (an empty DATA_DIR is created), refused when it holds data, and restored in one transaction. An embedded
 * database in use by a running sitrep is refused (DATABASE_LOCKED): its server would go on writing beside the restore.
 */
export const restoreDatabase = async ({
  target,
  file,
  migrations,
  sitrepVersion,
  command,
  onProgress,
}: RestoreDatabaseOptions): Promise<RestoreDatabaseResult> => {
  const backup = await inspectBackup({ file, migrations, sitrepVersion });
  const database = await openDatabase({ target, command, poolSize: 1, exclusive: true });
  try {
    await database.withSession((session) =>
      restoreBackup({
        session,
        backup,
        migrations,
        target: database.description,
        ...(onProgress ? { onProgress } : {}),
      }),
    );
    return { backup, description: database.description };
  } finally {
    await database.close();
  }
};
