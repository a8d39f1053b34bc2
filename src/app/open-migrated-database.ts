import type { TConfig } from '../config/environment.ts';
import type { Logger } from '../observability/logger.ts';
import { type Database, openDatabase } from '../store/database.ts';
import type { EmbeddedServer } from '../store/embedded-server.ts';
import { applyMigrations, type LocalMigration, readMigrations } from '../store/migrate.ts';

export type OpenMigratedDatabaseOptions = {
  target: TConfig['database'];
  migrationsDir: string;
  logger: Logger;
  /** The embedded database, already being started for `target`. */
  embedded?: Promise<EmbeddedServer> | undefined;
};

export type MigratedDatabase = { database: Database; migrations: LocalMigration[] };

/**
 * Opens the database for `serve` (holding its connections, sharing the embedded one) and applies the migrations it
 * has not run yet; closes it again when they fail. The migrations read are returned for the readiness check.
 */
export const openMigratedDatabase = async ({
  target,
  migrationsDir,
  logger,
  embedded,
}: OpenMigratedDatabaseOptions): Promise<MigratedDatabase> => {
  const database = await openDatabase({
    target,
    command: 'serve',
    shareEmbedded: true,
    holdConnections: true,
    embedded,
  });
  if (database.created) {
    logger.info({ from: database.created.from, ms: database.created.ms }, 'created the embedded database');
  }
  try {
    const migrations = await readMigrations(migrationsDir);
    const result = await database.withSession((session) => applyMigrations(session, migrations));
    if (result.appliedNow.length > 0) logger.info({ migrations: result.appliedNow }, 'applied migrations');
    for (const name of result.modified)
      logger.warn({ migration: name }, 'a migration file changed after it was applied');
    return { database, migrations };
  } catch (error) {
    await database.close();
    throw error;
  }
};
