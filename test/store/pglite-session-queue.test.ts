import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { createTestTarget, type TestTarget } from '../support/database.ts';

describe('the embedded database shared over its socket', () => {
  let test: TestTarget;
  let server: Database;
  let client: Database;

  beforeAll(async () => {
    test = await createTestTarget('pglite');
    server = await openDatabase({ target: test.target, command: 'serve', shareEmbedded: true, poolSize: 1 });
    // A second process's way in while serve runs: the socket, as `sitrep backup` or `sitrep timeline` reach it.
    client = await openDatabase({ target: test.target, command: 'backup', poolSize: 1 });
    await server.withSession((session) => session.exec('CREATE TABLE note (n int)'));
  });
  afterAll(async () => {
    await client.close();
    await server.close();
    await test.cleanup();
  });

  it("runs each client's statements and transactions whole while the other client works", async () => {
    const ROUNDS = 400;
    // The server: parameterised statements (Parse, Bind, Execute, Sync), each answer checked against what it asked;
    // a large one (a long postmortem) reaches the socket in several pieces, the others between them.
    const serverWork = server.withSession(async (session) => {
      const wrong: string[] = [];
      for (let i = 0; i < ROUNDS; i += 1) {
        const text = 'x'.repeat(i % 10 === 0 ? 300_000 + i : i);
        const [row] = await session.query<{ n: number }>('SELECT length($1::text) AS n', [text]);
        if (row?.n !== text.length) wrong.push(`asked ${text.length}, got ${row?.n}`);
        await session.query('INSERT INTO note (n) VALUES ($1)', [i]);
      }
      return wrong;
    });
    // The other client: its own parameterised statements, and transactions that must see nothing of the server's
    // writes happening meanwhile.
    const clientWork = client.withSession(async (session) => {
      const moved: string[] = [];
      for (let i = 0; i < ROUNDS; i += 1) {
        const [row] = await session.query<{ n: number }>('SELECT $1::int + 1000 AS n', [i]);
        if (row?.n !== i + 1000) moved.push(`asked ${i + 1000}, got ${row?.n}`);
        if (i % 5 !== 0) continue;
        await session.exec('BEGIN ISOLATION LEVEL REPEATABLE READ');
        const [first] = await session.query<{ count: number }>('SELECT count(*)::int AS count FROM note');
        await new Promise((resolve) => setTimeout(resolve, 2));
        const [second] = await session.query<{ count: number }>('SELECT count(*)::int AS count FROM note');
        await session.exec('COMMIT');
        if (first?.count !== second?.count) moved.push(`${first?.count} then ${second?.count}`);
      }
      return moved;
    });
    const [wrong, moved] = await Promise.all([serverWork, clientWork]);
    expect({ wrong, moved }).toEqual({ wrong: [], moved: [] });
    const [count] = await client.withSession((session) =>
      session.query<{ count: number }>('SELECT count(*)::int AS count FROM note'),
    );
    expect(count?.count).toBe(ROUNDS);
  });

  it("waits out the other client's long transaction (a backup's snapshot) rather than failing", async () => {
    const HELD_MS = 6_000;
    let released = 0;
    const holding = client.withSession(async (session) => {
      await session.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await session.query('SELECT count(*) FROM note');
      await new Promise((resolve) => setTimeout(resolve, HELD_MS));
      released = Date.now();
      await session.exec('COMMIT');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Two at once on the server's one connection: the second waits for the pool longer than the snapshot lasts.
    const asked = Date.now();
    const answers = await Promise.all(
      [1, 2].map((n) => server.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT ${n} AS n`)),
    );
    await holding;
    expect(answers.map(([row]) => row?.n)).toEqual([1, 2]);
    expect(Date.now() - asked).toBeGreaterThanOrEqual(HELD_MS - 200);
    expect(released).toBeGreaterThan(0);
  }, 20_000);
});
