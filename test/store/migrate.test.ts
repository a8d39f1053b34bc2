import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/domain/app-error.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { openDatabase } from '../../src/store/database.ts';
import {
  applyMigrations,
  type LocalMigration,
  MIGRATION_LOCK_ID,
  readMigrationStatus,
  readMigrations,
} from '../../src/store/migrate.ts';
import type { SqlSession } from '../../src/store/sql-session.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';

const ZMigrationRow = z.object({
  id: z.string(),
  checksum: z.string(),
  finished_at: z.date().nullable(),
  migration_name: z.string(),
  logs: z.string().nullable(),
  rolled_back_at: z.date().nullable(),
  started_at: z.date(),
  applied_steps_count: z.number(),
});
const ZColumn = z.object({
  name: z.string(),
  type: z.string(),
  length: z.number().nullable(),
  nullable: z.string(),
  default: z.string().nullable(),
});
const ZExists = z.object({ exists: z.boolean() });

const BROKEN = '29991231000000_broken';

/** Prisma's checksum, computed here on the file's bytes rather than by the migrator under test. */
const sha256Of = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

const migrationNames = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

const readRows = async (session: SqlSession) =>
  z
    .array(ZMigrationRow)
    .parse(await session.query('SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name'));

/** Whether the table exists in the session's current schema. */
const hasTable =
  (name: string) =>
  async (session: SqlSession): Promise<boolean> => {
    const rows = await session.query('SELECT to_regclass($1) IS NOT NULL AS exists', [`"${name}"`]);
    return z.array(ZExists).length(1).parse(rows)[0]?.exists === true;
  };

describe.each(databaseKinds)('applyMigrations on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let local: LocalMigration[];
  let names: string[];
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    [database, local, names] = await Promise.all([
      openTestDatabase(kind, { migrate: false }),
      readMigrations(MIGRATIONS_DIR),
      migrationNames(MIGRATIONS_DIR),
    ]);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await database.destroy();
  });

  const apply = (migrations: LocalMigration[]) =>
    database.withSession((session) => applyMigrations(session, migrations));
  const rows = () => database.withSession(readRows);

  /** A copy of the real migrations with one more, whose script is `script`. */
  const migrationsWith = async (script: string): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await mkdir(join(dir, BROKEN));
    await writeFile(join(dir, BROKEN, 'migration.sql'), script);
    return dir;
  };

  it('applies every migration to an empty database, oldest first', async () => {
    expect(names.length).toBeGreaterThan(0);
    expect(local.map((m) => m.name)).toEqual(names);
    expect(await apply(local)).toEqual({ applied: names, pending: [], failed: [], modified: [], appliedNow: names });
    expect(await database.withSession(hasTable('Incident'))).toBe(true);
  });

  it("creates _prisma_migrations with exactly Prisma's columns, types and key", async () => {
    await apply(local);
    const columns = await database.withSession((session) =>
      session.query(
        `SELECT column_name::text AS name, data_type::text AS type, character_maximum_length::int AS length,
           is_nullable::text AS nullable, column_default::text AS default
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      ),
    );
    expect(z.array(ZColumn).parse(columns)).toEqual([
      { name: 'id', type: 'character varying', length: 36, nullable: 'NO', default: null },
      { name: 'checksum', type: 'character varying', length: 64, nullable: 'NO', default: null },
      { name: 'finished_at', type: 'timestamp with time zone', length: null, nullable: 'YES', default: null },
      { name: 'migration_name', type: 'character varying', length: 255, nullable: 'NO', default: null },
      { name: 'logs', type: 'text', length: null, nullable: 'YES', default: null },
      { name: 'rolled_back_at', type: 'timestamp with time zone', length: null, nullable: 'YES', default: null },
      { name: 'started_at', type: 'timestamp with time zone', length: null, nullable: 'NO', default: 'now()' },
      { name: 'applied_steps_count', type: 'integer', length: null, nullable: 'NO', default: '0' },
    ]);
    const keys = await database.withSession((session) =>
      session.query(
        `SELECT i.relname::text AS name, x.indisprimary AS is_primary, pg_get_indexdef(x.indexrelid) AS definition
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = to_regclass('"_prisma_migrations"')`,
      ),
    );
    expect(
      z.array(z.object({ name: z.string(), is_primary: z.boolean(), definition: z.string() })).parse(keys),
    ).toEqual([
      { name: '_prisma_migrations_pkey', is_primary: true, definition: expect.stringMatching(/ USING btree \(id\)$/) },
    ]);
  });

  it('records one finished row per migration, with the SHA-256 of its file as checksum', async () => {
    await apply(local);
    const expected = await Promise.all(
      names.map(async (name) => ({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        checksum: await sha256Of(join(MIGRATIONS_DIR, name, 'migration.sql')),
        finished_at: expect.any(Date),
        migration_name: name,
        logs: null,
        rolled_back_at: null,
        started_at: expect.any(Date),
        applied_steps_count: 1,
      })),
    );
    expect(await rows()).toEqual(expected);
  });

  it('changes nothing when run again', async () => {
    await apply(local);
    const before = await rows();
    expect(await apply(local)).toEqual({ applied: names, pending: [], failed: [], modified: [], appliedNow: [] });
    expect(await rows()).toEqual(before);
  });

  it('keeps the log of a failed migration and none of its work, and refuses to go on until it is rolled back', async () => {
    const dir = await migrationsWith('CREATE TABLE ok_part (id int);\nSELECT * FROM no_such_table;\n');
    const withBroken = await readMigrations(dir);

    const failing = apply(withBroken);
    await expect(failing).rejects.toBeInstanceOf(AppError);
    await expect(failing).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      userMessage: expect.stringContaining(`Migration ${BROKEN} failed: relation "no_such_table" does not exist`),
    });
    const failedRow = (await rows()).find((row) => row.migration_name === BROKEN);
    expect(failedRow).toMatchObject({
      checksum: await sha256Of(join(dir, BROKEN, 'migration.sql')),
      finished_at: null,
      rolled_back_at: null,
      applied_steps_count: 0,
      logs: expect.stringContaining('relation "no_such_table" does not exist'),
    });
    expect(failedRow?.logs).toContain(BROKEN);
    expect(await database.withSession(hasTable('ok_part'))).toBe(false);
    expect(await database.withSession((session) => readMigrationStatus(session, withBroken))).toEqual({
      applied: names,
      pending: [BROKEN],
      failed: [BROKEN],
      modified: [],
    });

    // Like Prisma's P3009: nothing more is applied, even with the script fixed, until a person resolves it.
    const countBefore = (await rows()).length;
    await writeFile(join(dir, BROKEN, 'migration.sql'), 'CREATE TABLE ok_part (id int);\n');
    const fixed = await readMigrations(dir);
    await expect(apply(fixed)).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      userMessage: expect.stringMatching(new RegExp(`^Migration ${BROKEN} failed earlier.*rolled_back_at`)),
    });
    expect(await rows()).toHaveLength(countBefore);

    await database.withSession((session) =>
      session.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1`, [BROKEN]),
    );
    expect(await apply(fixed)).toMatchObject({ applied: [...names, BROKEN], failed: [], appliedNow: [BROKEN] });
    expect(await database.withSession(hasTable('ok_part'))).toBe(true);
    const brokenRows = (await rows()).filter((row) => row.migration_name === BROKEN);
    expect(brokenRows).toEqual([
      expect.objectContaining({ finished_at: null, rolled_back_at: expect.any(Date), applied_steps_count: 0 }),
      expect.objectContaining({
        checksum: await sha256Of(join(dir, BROKEN, 'migration.sql')),
        finished_at: expect.any(Date),
        rolled_back_at: null,
        applied_steps_count: 1,
        logs: null,
      }),
    ]);
  });

  it('recovers from a failed migration that opened its own transaction: log written, lock released', async () => {
    const dir = await migrationsWith('BEGIN;\nCREATE TABLE ok_part (id int);\nSELECT * FROM no_such_table;\nCOMMIT;\n');
    const migrations = await readMigrations(dir);
    // pg_locks is shared by every test file migrating on this server, so look only at the session that failed.
    const locksHeldAfterFailure = await database.withSession(async (session) => {
      await expect(applyMigrations(session, migrations)).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
      return session.query<{ count: string | number }>(
        `SELECT count(*) AS count FROM pg_locks
          WHERE locktype = 'advisory' AND objid = 72707369 AND granted AND pid = pg_backend_pid()`,
      );
    });
    expect(Number(locksHeldAfterFailure[0]?.count)).toBe(0);
    expect((await rows()).find((row) => row.migration_name === BROKEN)?.logs).toContain('no_such_table');
    await expect(apply(await readMigrations(dir))).rejects.toMatchObject({
      userMessage: expect.stringContaining('The database said: relation "no_such_table" does not exist'),
    });
  });

  it.runIf(kind === 'postgres')(
    'applies each migration once when two processes migrate one schema at once',
    async () => {
      const open = () => openDatabase({ target: database.target, command: 'test', poolSize: 1 });
      const processes = await Promise.all([open(), open()]);
      try {
        const results = await Promise.all(
          processes.map((db) => db.withSession((session) => applyMigrations(session, local))),
        );
        expect(results.flatMap((result) => result.appliedNow).sort()).toEqual(names);
        for (const result of results) expect(result).toMatchObject({ applied: names, pending: [], failed: [] });
        expect((await rows()).map((row) => row.migration_name)).toEqual(names);
      } finally {
        await Promise.all(processes.map((db) => db.close()));
      }
    },
  );

  it.runIf(kind === 'postgres')('waits while another session holds advisory lock 72707369', async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is not set');
    expect(MIGRATION_LOCK_ID).toBe(72707369);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
      let migratorPid: number | undefined;
      let settled = false;
      const migrating = database
        .withSession(async (session) => {
          const [row] = z
            .array(z.object({ pid: z.number() }))
            .parse(await session.query('SELECT pg_backend_pid() AS pid'));
          migratorPid = row?.pid;
          return applyMigrations(session, local);
        })
        .finally(() => {
          settled = true;
        });

      // A bigint advisory key shows in pg_locks as classid (high 32 bits), objid (low 32 bits) and objsubid 1.
      await vi.waitFor(
        async () => {
          const { rows: waiting } = await holder.query(
            `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1
               AND NOT granted AND pid = $2`,
            [MIGRATION_LOCK_ID, migratorPid ?? -1],
          );
          expect(waiting).toHaveLength(1);
        },
        { timeout: 10_000, interval: 20 },
      );
      expect(settled).toBe(false);
      expect(await database.withSession(hasTable('_prisma_migrations'))).toBe(false);

      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
      expect(await migrating).toMatchObject({ applied: names, appliedNow: names });
    } finally {
      await holder.end();
    }
  });
});
