import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../domain/app-error.ts';
import type { SqlSession } from './sql-session.ts';

/** The advisory lock id Prisma's migrate uses, so sitrep and `prisma migrate deploy` never run at once. */
export const MIGRATION_LOCK_ID = 72707369;

/** Prisma's own table, column for column, so `prisma migrate status` and `deploy` read what sitrep wrote. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export type LocalMigration = { name: string; script: string; checksum: string };

type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
};

/** Prisma's checksum: the SHA-256 of the script, in lowercase hex. */
export const checksumOf = (script: string): string => createHash('sha256').update(script).digest('hex');

/** The migrations in Prisma's layout (`<timestamp>_<name>/migration.sql`), oldest first. */
export const readMigrations = async (dir: string): Promise<LocalMigration[]> => {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, script, checksum: checksumOf(script) };
    }),
  );
};

export type MigrationStatus = {
  applied: string[];
  pending: string[];
  failed: string[];
  /** Applied, but the file changed since: Prisma warns about these too. */
  modified: string[];
};

const readApplied = async (session: SqlSession): Promise<MigrationRow[]> => {
  const [table] = await session.query<{ name: string | null }>(`SELECT to_regclass('"_prisma_migrations"') AS name`);
  if (!table?.name) return [];
  return session.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs
       FROM "_prisma_migrations" ORDER BY started_at`,
  );
};

const statusFrom = (local: LocalMigration[], rows: MigrationRow[]): MigrationStatus => {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const finished = new Map(live.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]));
  return {
    applied: local.filter((m) => finished.has(m.name)).map((m) => m.name),
    pending: local.filter((m) => !finished.has(m.name)).map((m) => m.name),
    failed: live.filter((row) => row.finished_at === null).map((row) => row.migration_name),
    modified: local
      .filter((m) => {
        const row = finished.get(m.name);
        return row !== undefined && row.checksum !== m.checksum;
      })
      .map((m) => m.name),
  };
};

export const readMigrationStatus = async (session: SqlSession, local: LocalMigration[]): Promise<MigrationStatus> =>
  statusFrom(local, await readApplied(session));

/** The database's own words from a failed migration's log, as Prisma and sitrep write it. */
const databaseErrorOf = (logs: string): string => {
  const lines = logs.split('\n');
  const marker = lines.findIndex((line) => line.startsWith('Database error'));
  return (lines.slice(marker + 1).find((line) => line.trim() !== '') ?? logs).trim();
};

const failedMigrationError = (name: string, logs: string | null): AppError =>
  new AppError('MIGRATION_FAILED', {
    userMessage:
      `Migration ${name} failed earlier and the database needs a look before sitrep can start.` +
      (logs ? ` The database said: ${databaseErrorOf(logs)}.` : '') +
      ` Fix or undo what it left behind, then mark it rolled back with` +
      ` UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${name}'` +
      ` (or \`prisma migrate resolve --rolled-back ${name}\`) and start again.`,
  });

export type ApplyMigrationsResult = MigrationStatus & { appliedNow: string[] };

/**
 * Applies pending migrations exactly as `prisma migrate deploy` does: under advisory lock 72707369, one row per
 * migration in `_prisma_migrations` (started, then finished with one applied step, or left unfinished with logs).
 * A migration that failed before stops everything until a person resolves it, as Prisma's P3009 does.
 */
export const applyMigrations = async (session: SqlSession, local: LocalMigration[]): Promise<ApplyMigrationsResult> => {
  await session.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`);
  try {
    await session.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await readApplied(session);
    const before = statusFrom(local, rows);
    const firstFailed = before.failed[0];
    if (firstFailed !== undefined) {
      throw failedMigrationError(firstFailed, rows.find((row) => row.migration_name === firstFailed)?.logs ?? null);
    }
    const appliedNow: string[] = [];
    for (const migration of local.filter((m) => before.pending.includes(m.name))) {
      const id = randomUUID();
      await session.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
        [id, migration.checksum, migration.name],
      );
      try {
        await session.exec(migration.script);
      } catch (error) {
        // A script with its own BEGIN leaves the session in an aborted transaction; end it so the log can be
        // written and the lock released (outside a transaction this only warns).
        await session.exec('ROLLBACK');
        const message = error instanceof Error ? error.message : String(error);
        const logs = `Migration name: ${migration.name}\n\nDatabase error:\n${message}`;
        await session.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, logs]);
        throw new AppError('MIGRATION_FAILED', {
          userMessage: `Migration ${migration.name} failed: ${message}. Nothing of it was applied; the row in _prisma_migrations keeps the log.`,
          cause: error,
        });
      }
      await session.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
      appliedNow.push(migration.name);
    }
    return { ...statusFrom(local, await readApplied(session)), appliedNow };
  } finally {
    await session.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
  }
};
