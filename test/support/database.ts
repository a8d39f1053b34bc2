import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { type Database, type DatabaseTarget, openDatabase } from '../../src/store/database.ts';
import { applyMigrations, readMigrations } from '../../src/store/migrate.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export type TestDatabase = Database & {
  target: DatabaseTarget;
  /** Closes the database and removes everything the test made. */
  destroy: () => Promise<void>;
};

export type OpenTestDatabaseOptions = { migrate?: boolean };

const openPglite = async (): Promise<TestTarget> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sitrep-test-'));
  await cp(inject('pgliteTemplate'), dataDir, { recursive: true });
  return { target: { kind: 'pglite', dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
};

const adminQuery = async (url: string, sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** Each PostgreSQL test database is a schema of its own, dropped afterwards. */
const openPostgresSchema = async (): Promise<TestTarget> => {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await adminQuery(base, `CREATE SCHEMA "${schema}"`);
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    target: { kind: 'postgres', url: url.href },
    cleanup: () => adminQuery(base, `DROP SCHEMA "${schema}" CASCADE`),
  };
};

export type TestTarget = { target: DatabaseTarget; cleanup: () => Promise<void> };

/** Where a test's own empty database lives: a fresh PGlite directory or a fresh PostgreSQL schema. */
export const createTestTarget = (kind: DatabaseKind): Promise<TestTarget> =>
  kind === 'pglite' ? openPglite() : openPostgresSchema();

/** A real, empty database of the given kind, migrated unless asked not to be. */
export const openTestDatabase = async (
  kind: DatabaseKind,
  { migrate = true }: OpenTestDatabaseOptions = {},
): Promise<TestDatabase> => {
  const { target, cleanup } = await createTestTarget(kind);
  const database = await openDatabase({ target, command: 'test', poolSize: 4 });
  if (migrate) {
    const migrations = await readMigrations(MIGRATIONS_DIR);
    await database.withSession((session) => applyMigrations(session, migrations));
  }
  return {
    ...database,
    target,
    destroy: async () => {
      await database.close();
      await cleanup();
    },
  };
};
