import { resolve } from 'node:path';
import { readSitrepVersion } from '../config/sitrep-version.ts';
import { MIGRATIONS_DIR } from '../main.ts';
import { restoreDatabase } from '../store/backup/restore-database.ts';
import { readMigrations } from '../store/migrate.ts';
import type { CommandCall } from './command-exit.ts';
import { EXIT } from './command-exit.ts';
import { createProgressLine, formatCount, runFileCommand } from './file-command.ts';

const RESTORE_USAGE = 'usage: sitrep restore <file>   (into an empty DATA_DIR, or the empty database of DATABASE_URL)';

/**
 * `sitrep restore <file>`: a backup into an empty database, all or nothing. Returns 0 once restored and migrated; 2
 * for a damaged file, a file from a newer schema, a target that is not empty or in use, or arguments to fix; 1 for
 * anything else. Each failure is one line on stderr.
 */
export const runRestoreCommand = (call: CommandCall): Promise<number> =>
  runFileCommand({
    ...call,
    command: 'restore',
    usage: RESTORE_USAGE,
    run: async ({ argument, config, stdout, stderr }) => {
      const progress = createProgressLine(stderr, 'restore');
      const { backup, description } = await restoreDatabase({
        target: config.database,
        file: resolve(call.cwd, argument),
        migrations: await readMigrations(MIGRATIONS_DIR),
        sitrepVersion: readSitrepVersion(),
        command: 'restore',
        onProgress: ({ step, table, rows }) => progress(`${step} ${table}: ${formatCount(rows)} rows`),
      });
      const rows = backup.trailer.tables.reduce((sum, table) => sum + table.rows, 0);
      stdout.write(
        `Restored ${backup.file} (sitrep ${backup.header.sitrepVersion}, ${backup.header.createdAt}, migration ${backup.header.migration}) into ${description}: ${backup.trailer.tables.length} tables, ${formatCount(rows)} rows, each table checked against the file.\n`,
      );
      return EXIT.done;
    },
  });
