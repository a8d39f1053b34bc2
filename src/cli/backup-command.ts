import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readSitrepVersion } from '../config/sitrep-version.ts';
import { backupDatabase } from '../store/backup/backup-database.ts';
import type { CommandCall } from './command-exit.ts';
import { EXIT } from './command-exit.ts';
import { createProgressLine, formatCount, runFileCommand } from './file-command.ts';

const BACKUP_USAGE =
  'usage: sitrep backup <file>   (a gzip file; the embedded database is read through a running serve)';

/**
 * `sitrep backup <file>`: every table of the database (DATA_DIR or DATABASE_URL) in one consistent snapshot, while
 * `serve` runs. Returns 0 once the file is whole, 2 for what a person must fix, 1 for anything else.
 */
export const runBackupCommand = (call: CommandCall): Promise<number> =>
  runFileCommand({
    ...call,
    command: 'backup',
    usage: BACKUP_USAGE,
    run: async ({ argument, config, stdout, stderr, fail }) => {
      const file = resolve(call.cwd, argument);
      if (!existsSync(dirname(file)))
        return fail(`there is no directory ${dirname(file)} to write ${file} in`, EXIT.usage);
      const started = Date.now();
      const progress = createProgressLine(stderr, 'backup');
      const { header, trailer, description } = await backupDatabase({
        target: config.database,
        file,
        sitrepVersion: readSitrepVersion(),
        now: () => new Date(),
        onProgress: ({ table, rows, tablesDone, tables }) =>
          progress(`${table}: ${formatCount(rows)} rows (${tablesDone}/${tables} tables done)`),
      });
      const rows = trailer.tables.reduce((sum, table) => sum + table.rows, 0);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stdout.write(
        `Backed up ${description} to ${file}: ${trailer.tables.length} tables, ${formatCount(rows)} rows, at migration ${header.migration}, in ${seconds} s.\n`,
      );
      return EXIT.done;
    },
  });
