import { MIGRATIONS_DIR } from '../main.ts';
import { openDatabase } from '../store/database.ts';
import { applyMigrations, readMigrations } from '../store/migrate.ts';
import { type CommandCall, EXIT, runConfiguredCommand } from './command-exit.ts';

/**
 * `sitrep migrate`: applies the pending migrations and says which. Returns the exit code: 0 up to date, 2 for a
 * configuration to fix or a database another sitrep holds, 1 on anything else; each failure is one line on stderr.
 */
export const runMigrateCommand = async ({ env, cwd, stdout = process.stdout, stderr }: CommandCall): Promise<number> =>
  runConfiguredCommand({
    env,
    cwd,
    stderr,
    needsSlack: false,
    work: async ({ config }) => {
      const database = await openDatabase({ target: config.database, command: 'migrate', poolSize: 1 });
      try {
        const result = await database.withSession(async (session) =>
          applyMigrations(session, await readMigrations(MIGRATIONS_DIR)),
        );
        stdout.write(
          result.appliedNow.length > 0
            ? `Applied ${result.appliedNow.length} migration(s) to ${database.description}:\n${result.appliedNow.map((n) => `  ${n}`).join('\n')}\n`
            : `${database.description} is up to date (${result.applied.length} migrations applied).\n`,
        );
        return EXIT.done;
      } finally {
        await database.close();
      }
    },
  });
