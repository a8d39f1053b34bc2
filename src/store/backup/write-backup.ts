import { AppError } from '../../domain/app-error.ts';
import type { SqlSession } from '../sql-session.ts';
import { BACKUP_FORMAT_VERSION, createBackupWriter, type TBackupHeader, type TBackupTrailer } from './backup-file.ts';
import { inSnapshot, readSequences, readTable } from './snapshot.ts';
import { readTableCatalog } from './table-catalog.ts';

/** How far a backup has got: after each table, and every PROGRESS_ROWS rows of a large one. */
export type BackupProgress = { table: string; rows: number; tablesDone: number; tables: number };

const PROGRESS_ROWS = 100_000;

export type WriteBackupOptions = {
  session: SqlSession;
  file: string;
  sitrepVersion: string;
  /** The database backed up, as a person would describe it. */
  source: string;
  now: () => Date;
  onProgress?: (progress: BackupProgress) => void;
};

export type BackupResult = { header: TBackupHeader; trailer: TBackupTrailer };

const readLastMigration = async (session: SqlSession): Promise<string> => {
  const [table] = await session.query<{ name: string | null }>(`SELECT to_regclass('"_prisma_migrations"') AS name`);
  const [last] = table?.name
    ? await session.query<{ name: string }>(
        `SELECT migration_name AS name FROM "_prisma_migrations"
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1`,
      )
    : [];
  if (!last) {
    throw new AppError('NOT_FOUND', {
      userMessage: 'The database has no sitrep data yet (it was never migrated): there is nothing to back up.',
    });
  }
  return last.name;
};

/**
 * Writes a backup of every sitrep table to `file`, read in one snapshot (`inSnapshot`): the header names sitrep's
 * version and the last migration, the trailer each table's row count and checksum and where the sequences stand.
 * The file appears only once whole.
 */
export const writeBackup = async ({
  session,
  file,
  sitrepVersion,
  source,
  now,
  onProgress,
}: WriteBackupOptions): Promise<BackupResult> => {
  const writer = createBackupWriter(file);
  try {
    const result = await inSnapshot(session, 'read only', async () => {
      const header: TBackupHeader = {
        formatVersion: BACKUP_FORMAT_VERSION,
        sitrepVersion,
        migration: await readLastMigration(session),
        createdAt: now().toISOString(),
        source,
      };
      await writer.header(header);
      const catalog = await readTableCatalog(session);
      const tables = [];
      for (const table of catalog.tables) {
        await writer.table(table.name);
        let rows = 0;
        const summary = await readTable({
          session,
          table,
          onRows: async (batch) => {
            await writer.rows(batch);
            const before = rows;
            rows += batch.length;
            if (Math.floor(rows / PROGRESS_ROWS) > Math.floor(before / PROGRESS_ROWS)) {
              onProgress?.({ table: table.name, rows, tablesDone: tables.length, tables: catalog.tables.length });
            }
          },
        });
        tables.push(summary);
        onProgress?.({ table: table.name, rows, tablesDone: tables.length, tables: catalog.tables.length });
      }
      return { header, trailer: { tables, sequences: await readSequences(session, catalog.sequences) } };
    });
    await writer.end(result.trailer);
    return result;
  } catch (error) {
    await writer.abort();
    throw error;
  }
};
