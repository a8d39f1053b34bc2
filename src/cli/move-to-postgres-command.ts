import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSitrepVersion } from '../config/sitrep-version.ts';
import { MIGRATIONS_DIR } from '../main.ts';
import { backupDatabase } from '../store/backup/backup-database.ts';
import { restoreDatabase } from '../store/backup/restore-database.ts';
import { readLockHolder } from '../store/data-dir-lock.ts';
import { readMigrations } from '../store/migrate.ts';
import type { CommandCall } from './command-exit.ts';
import { EXIT } from './command-exit.ts';
import { createProgressLine, formatCount, runFileCommand } from './file-command.ts';

const MOVE_USAGE = 'usage: sitrep move-to-postgres <postgresql://user:password@host:5432/database>';

/**
 * `sitrep move-to-postgres <DATABASE_URL>`: copies the embedded database (DATA_DIR) into an empty PostgreSQL database
 * (a backup restored there in one transaction, every table's rows read back against the copy's counts and checksums
 * before it commits) and prints the `.env` line. `serve` must be stopped: what it wrote after the copy would stay
 * behind. A failed run leaves the target without a row, so it can simply be run again.
 */
export const runMoveToPostgresCommand = (call: CommandCall): Promise<number> =>
  runFileCommand({
    ...call,
    command: 'move-to-postgres',
    usage: MOVE_USAGE,
    run: async ({ argument: url, config, stdout, stderr, fail }) => {
      if (!/^postgres(ql)?:\/\//.test(url)) return fail(MOVE_USAGE, EXIT.usage);
      if (config.database.kind !== 'pglite') {
        return fail('DATABASE_URL is set: sitrep already uses PostgreSQL, there is no embedded database to move.', 2);
      }
      const holder = await readLockHolder(config.database.dataDir);
      if (holder) {
        return fail(
          `sitrep ${holder.command} (pid ${holder.pid}) is using ${config.database.dataDir}: stop it first, or what it writes after the copy stays behind.`,
          EXIT.usage,
        );
      }
      const dir = await mkdtemp(join(tmpdir(), 'sitrep-move-'));
      const file = join(dir, 'embedded.sitrep.gz');
      const progress = createProgressLine(stderr, 'move-to-postgres');
      try {
        const sitrepVersion = readSitrepVersion();
        await backupDatabase({
          target: config.database,
          file,
          sitrepVersion,
          now: () => new Date(),
          onProgress: ({ table, rows }) => progress(`copied ${table}: ${formatCount(rows)} rows`),
        });
        const { backup, description } = await restoreDatabase({
          target: { kind: 'postgres', url },
          file,
          migrations: await readMigrations(MIGRATIONS_DIR),
          sitrepVersion,
          command: 'move-to-postgres',
          onProgress: ({ step, table, rows }) => progress(`${step} ${table}: ${formatCount(rows)} rows`),
        });
        const lines = backup.trailer.tables.map(
          ({ name, rows, sha256 }) =>
            `  ${name.padEnd(22)} ${formatCount(rows).padStart(10)} rows  sha256 ${sha256.slice(0, 16)}`,
        );
        stdout.write(
          `Copied ${config.database.dataDir} into ${description}; every table matches the copy:\n${lines.join('\n')}\n` +
            `Put this line in .env (in place of DATA_DIR) and start sitrep again:\nDATABASE_URL=${url}\n`,
        );
        return EXIT.done;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  });
