import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { createTestTarget, databaseKinds, type TestTarget } from '../support/database.ts';

// pg-pool closes a connection that has been idle this long, unless the pool holds it.
const POOL_IDLE_TIMEOUT_MS = 10_000;

describe.runIf(databaseKinds.includes('postgres'))('the pool to PostgreSQL', () => {
  const opened: Database[] = [];
  const targets: TestTarget[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    for (const target of targets.splice(0)) await target.cleanup();
  });

  /** Opens the test's own schema under an application name of its own, so other test files' connections don't count. */
  const open = async (holdConnections: boolean) => {
    const target = await createTestTarget('postgres');
    targets.push(target);
    if (target.target.kind !== 'postgres') throw new Error('not PostgreSQL');
    const url = new URL(target.target.url);
    const name = `sitrep-test-${randomUUID()}`;
    url.searchParams.set('application_name', name);
    const database = await openDatabase({
      target: { kind: 'postgres', url: url.href },
      command: 'test',
      poolSize: 3,
      holdConnections,
    });
    opened.push(database);
    return { database, name };
  };

  const connectionsNamed = async (name: string): Promise<number> => {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ count: string }>(
        'SELECT count(*) FROM pg_stat_activity WHERE application_name = $1',
        [name],
      );
      return Number(rows[0]?.count);
    } finally {
      await admin.end();
    }
  };

  it(
    'as serve opens it, holds every connection from the start and past the idle timeout; otherwise opens on demand',
    async () => {
      const held = await open(true);
      const onDemand = await open(false);
      expect(await connectionsNamed(held.name)).toBe(3);
      expect(await connectionsNamed(onDemand.name)).toBe(0);

      await Promise.all([held.database.prisma.$queryRaw`SELECT 1`, onDemand.database.prisma.$queryRaw`SELECT 1`]);
      expect(await connectionsNamed(onDemand.name)).toBe(1);

      await sleep(POOL_IDLE_TIMEOUT_MS + 1_000);
      expect(await connectionsNamed(held.name)).toBe(3);
      expect(await connectionsNamed(onDemand.name)).toBe(0);
    },
    POOL_IDLE_TIMEOUT_MS + 15_000,
  );

  it('sets the session settings it is given on every connection, keeping the schema of the URL', async () => {
    const target = await createTestTarget('postgres');
    targets.push(target);
    if (target.target.kind !== 'postgres') throw new Error('not PostgreSQL');
    const database = await openDatabase({
      target: target.target,
      command: 'test',
      poolSize: 2,
      holdConnections: true,
      sessionSettings: ['synchronous_commit=off'],
    });
    opened.push(database);
    const read = () =>
      database.prisma.$queryRaw<{ sync: string; schema: string }[]>`
        SELECT current_setting('synchronous_commit') AS sync, current_schema() AS schema`;
    const schema = new URL(target.target.url).searchParams.get('schema');
    expect(await Promise.all([read(), read(), read()])).toEqual(Array(3).fill([{ sync: 'off', schema }]));
  });

  it('fails at once, rather than waiting on its half-open pool, when PostgreSQL is not there', async () => {
    await expect(
      openDatabase({
        target: { kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:1/test' },
        command: 'test',
        poolSize: 3,
        holdConnections: true,
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
