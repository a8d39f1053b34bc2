import { AppError } from '../../domain/app-error.ts';
import { applyMigrations, type LocalMigration } from '../migrate.ts';
import type { SqlSession } from '../sql-session.ts';
import { readBackupLines, type TBackupTrailer } from './backup-file.ts';
import type { InspectedBackup } from './inspect-backup.ts';
import { inSnapshot, readTable } from './snapshot.ts';
import { type CatalogTable, quoteIdentifier, readTableCatalog } from './table-catalog.ts';

/** Rows per INSERT, and the most text one carries: a few hundred kilobytes per statement. */
const INSERT_ROWS = 1_000;
const INSERT_CHARS = 4_000_000;

export type RestoreProgress = { step: 'inserted' | 'verified'; table: string; rows: number };

export type RestoreBackupOptions = {
  session: SqlSession;
  /** What `inspectBackup` found the file whole and readable. */
  backup: InspectedBackup;
  /** This sitrep's migrations: the target is migrated to the backup's, restored, then brought up to date. */
  migrations: LocalMigration[];
  /** The target, as a person would describe it, for the messages. */
  target: string;
  onProgress?: (progress: RestoreProgress) => void;
};

const notEmpty = (target: string, problem: string) =>
  new AppError('RESTORE_TARGET_NOT_EMPTY', {
    userMessage: `${target} is not empty: ${problem}. Restore into an empty DATA_DIR or an empty PostgreSQL database (or schema); nothing was written.`,
  });

/** Refuses a target that holds rows or a schema past the backup's: restoring there would mix two databases. */
const checkTargetEmpty = async ({ session, backup, migrations, target }: RestoreBackupOptions): Promise<void> => {
  const [table] = await session.query<{ name: string | null }>(`SELECT to_regclass('"_prisma_migrations"') AS name`);
  const applied = table?.name
    ? (
        await session.query<{ name: string }>(
          `SELECT migration_name AS name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
        )
      ).map((row) => row.name)
    : [];
  const position = new Map(migrations.map((migration, index) => [migration.name, index]));
  const backupAt = position.get(backup.header.migration) ?? -1;
  const beyond = applied.filter((name) => (position.get(name) ?? Number.POSITIVE_INFINITY) > backupAt);
  if (beyond.length > 0) {
    throw notEmpty(
      target,
      `its schema is already past the backup's migration ${backup.header.migration} (${beyond.join(', ')})`,
    );
  }
  const withRows: string[] = [];
  for (const { name } of (await readTableCatalog(session)).tables) {
    const [found] = await session.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${quoteIdentifier(name)}) AS any`,
    );
    if (found?.any) withRows.push(name);
  }
  if (withRows.length > 0) throw notEmpty(target, `it has rows in ${withRows.join(', ')}`);
};

const insertRows = async (session: SqlSession, table: string, rows: string[]): Promise<void> => {
  if (rows.length === 0) return;
  const name = quoteIdentifier(table);
  await session.query(`INSERT INTO ${name} SELECT * FROM json_populate_recordset(NULL::${name}, $1::json)`, [
    `[${rows.join(',')}]`,
  ]);
};

/** Inserts the file's rows, table by table in the file's order (parents first), in batches. */
const insertAll = async ({ session, backup, onProgress }: RestoreBackupOptions): Promise<void> => {
  let table: string | undefined;
  let batch: string[] = [];
  let chars = 0;
  let rows = 0;
  const flush = async () => {
    if (table !== undefined) await insertRows(session, table, batch);
    batch = [];
    chars = 0;
  };
  for await (const line of readBackupLines(backup.file)) {
    if (line.kind === 'row') {
      batch.push(line.row);
      chars += line.row.length;
      rows += 1;
      if (batch.length >= INSERT_ROWS || chars >= INSERT_CHARS) await flush();
    } else if (line.kind === 'table' || line.kind === 'end') {
      await flush();
      if (table !== undefined) onProgress?.({ step: 'inserted', table, rows });
      table = line.kind === 'table' ? line.name : undefined;
      rows = 0;
    }
  }
};

const setSequences = async (session: SqlSession, trailer: TBackupTrailer): Promise<void> => {
  for (const { table, column, lastValue, isCalled } of trailer.sequences) {
    await session.query('SELECT setval(pg_get_serial_sequence($1, $2), $3::bigint, $4)', [
      quoteIdentifier(table),
      column,
      lastValue,
      isCalled,
    ]);
  }
};

/** Reads back what was inserted, in the same transaction, and compares it with the file, table by table. */
const verifyAll = async (
  { session, backup, target, onProgress }: RestoreBackupOptions,
  tables: CatalogTable[],
): Promise<void> => {
  for (const expected of backup.trailer.tables) {
    const table = tables.find((candidate) => candidate.name === expected.name);
    const found = table ? await readTable({ session, table }) : undefined;
    if (found?.rows !== expected.rows || found.sha256 !== expected.sha256) {
      throw new AppError('RESTORE_MISMATCH', {
        userMessage: `The rows of ${expected.name} read back from ${target} differ from the backup's (${found?.rows ?? 0} rows, ${expected.rows} expected); nothing was written.`,
      });
    }
    onProgress?.({ step: 'verified', table: expected.name, rows: found.rows });
  }
};

/**
 * Restores a backup into an empty database: refuses a target with rows or a newer schema, migrates it to the
 * backup's migration, then in ONE transaction inserts every row, sets the sequences where they stood (the next
 * incident number continues) and reads everything back against the file's counts and checksums; only then commits,
 * and applies the migrations that came after the backup. A failure at any point before the commit leaves the target
 * without a row, so the restore can simply be run again; one after it (a later migration) says to run `sitrep migrate`.
 */
export const restoreBackup = async (options: RestoreBackupOptions): Promise<void> => {
  const { session, backup, migrations } = options;
  await checkTargetEmpty(options);
  const upTo = migrations.findIndex((migration) => migration.name === backup.header.migration);
  await applyMigrations(session, migrations.slice(0, upTo + 1));
  const { tables } = await readTableCatalog(session);
  const names = (list: { name: string }[]) =>
    list
      .map((t) => t.name)
      .sort()
      .join(', ');
  if (names(tables) !== names(backup.trailer.tables)) {
    throw new AppError('BACKUP_DAMAGED', {
      userMessage: `${backup.file} holds the tables ${names(backup.trailer.tables)}, but migration ${backup.header.migration} makes ${names(tables)}. The schema was created; no row was written.`,
    });
  }
  await inSnapshot(session, 'read write', async () => {
    await insertAll(options);
    await setSequences(session, backup.trailer);
    await verifyAll(options, tables);
  });
  try {
    await applyMigrations(session, migrations);
  } catch (error) {
    // The rows are in: running the restore again would be refused as "not empty". What is left is to migrate.
    throw new AppError('RESTORE_UNFINISHED', {
      userMessage: `Every row was restored at migration ${backup.header.migration}, but a later migration failed: ${error instanceof Error ? error.message : String(error)}. Run \`sitrep migrate\` to finish.`,
      cause: error,
    });
  }
};
