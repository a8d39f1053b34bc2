import type { SqlSession } from '../sql-session.ts';
import { createTableDigest, type TSequenceValue, type TTableSummary } from './backup-file.ts';
import { type CatalogSequence, type CatalogTable, quoteIdentifier } from './table-catalog.ts';

/** Rows fetched from a table's cursor at a time: a megabyte or two, whatever the table's size. */
const FETCH_ROWS = 5_000;

export type ReadTableOptions = {
  session: SqlSession;
  table: CatalogTable;
  /** Called with each batch of rows, in order, as `row_to_json` writes them. */
  onRows?: (rows: string[]) => Promise<void>;
};

/**
 * Reads a table's rows in primary key order through a cursor, inside the session's transaction, and returns their
 * count and checksum. Times are written in UTC (`inSnapshot` sets the zone), so the same rows give the same text on
 * PGlite and on PostgreSQL.
 */
export const readTable = async ({ session, table, onRows }: ReadTableOptions): Promise<TTableSummary> => {
  const digest = createTableDigest(table.name);
  await session.query(
    `DECLARE sitrep_rows NO SCROLL CURSOR FOR
       SELECT row_to_json(t)::text AS row FROM ${quoteIdentifier(table.name)} t ORDER BY ${table.orderBy}`,
  );
  // The next batch is asked for before this one is hashed and written, so the database and this process work at
  // the same time: on PGlite the snapshot holds the server's queries up for as long as it lasts.
  const fetchBatch = () => {
    const batch = session.query<{ row: string }>(`FETCH ${FETCH_ROWS} FROM sitrep_rows`);
    // Awaited below, unless writing the batch before it failed: then the transaction's rollback reports the error.
    batch.catch(() => undefined);
    return batch;
  };
  let next = fetchBatch();
  for (;;) {
    const batch = (await next).map((r) => r.row);
    if (batch.length === 0) break;
    next = fetchBatch();
    for (const row of batch) digest.add(row);
    await onRows?.(batch);
  }
  await session.query('CLOSE sitrep_rows');
  return digest.summary();
};

/** Where each sequence stands now: a restore sets them there, so the next incident number continues. */
export const readSequences = async (session: SqlSession, sequences: CatalogSequence[]): Promise<TSequenceValue[]> => {
  const values: TSequenceValue[] = [];
  for (const { table, column } of sequences) {
    const [found] = await session.query<{ name: string | null }>('SELECT pg_get_serial_sequence($1, $2) AS name', [
      quoteIdentifier(table),
      column,
    ]);
    if (!found?.name) continue;
    const [value] = await session.query<{ lastValue: string; isCalled: boolean }>(
      `SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${found.name}`,
    );
    if (value) values.push({ table, column, ...value });
  }
  return values;
};

export type SnapshotMode = 'read only' | 'read write';

/**
 * Runs `work` in one REPEATABLE READ transaction with times in UTC: every table read in it sees the database at the
 * same instant. On PostgreSQL writers carry on meanwhile; on PGlite, whose one session the socket gives to one
 * client at a time for a whole transaction, the server's queries wait until it ends. Commits when `work` returns
 * (a read-only snapshot has nothing to commit) and rolls back when it throws.
 */
export const inSnapshot = async <T>(session: SqlSession, mode: SnapshotMode, work: () => Promise<T>): Promise<T> => {
  await session.exec(`BEGIN ISOLATION LEVEL REPEATABLE READ ${mode.toUpperCase()}`);
  try {
    await session.exec(`SET LOCAL TimeZone TO 'UTC'`);
    const result = await work();
    await session.exec('COMMIT');
    return result;
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
};
