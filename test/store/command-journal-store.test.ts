import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CommandJournalStore, createCommandJournalStore } from '../../src/store/command-journal-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';

const T0 = new Date('2026-12-07T09:00:00Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const form = (text: string) => ({ command: '/incident', text, user_id: 'U05ALICE01' });

describe.each(databaseKinds)('the command journal on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let journal: CommandJournalStore;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    journal = createCommandJournalStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.journaledCommand.deleteMany();
  });

  const record = async (text: string, receivedAt: Date, leaseUntil: Date) => {
    const id = randomUUID();
    await journal.record({ id, body: form(text), receivedAt, leaseUntil });
    return id;
  };
  const claim = (now: Date, limit = 10) => journal.claimLapsed({ now, leaseUntil: at(60_000), limit });
  const textsOf = (rows: { body: unknown }[]) => rows.map((row) => (row.body as { text: string }).text);

  it('gives back only commands whose lease has lapsed, oldest first, with the body as Slack posted it', async () => {
    await record('second', at(2), at(10));
    await record('first', at(1), at(10));
    await record('held', at(0), at(20));
    expect(await claim(at(9))).toEqual([]);
    const claimed = await claim(at(10));
    expect(textsOf(claimed)).toEqual(['first', 'second']);
    expect(claimed[0]).toEqual({ id: expect.any(String), body: form('first'), receivedAt: at(1), attempts: 2 });
    // Claimed, they are leased again: nobody else takes them until that lapses too.
    expect(await claim(at(15))).toEqual([]);
  });

  it('never gives one command to two claims at once', async () => {
    for (let i = 0; i < 40; i += 1) await record(`note ${i}`, at(i), at(0));
    const claims = await Promise.all(Array.from({ length: 4 }, () => claim(at(1), 15)));
    const ids = claims.flat().map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
  });

  it('keeps a renewed command, hands over a released one and forgets a finished one', async () => {
    const renewed = await record('renewed', at(0), at(10));
    const released = await record('released', at(1), at(10));
    const finished = await record('finished', at(2), at(10));
    await journal.renew([renewed], at(30));
    await journal.release([released], at(5));
    await journal.finish(finished);
    expect(textsOf(await claim(at(5)))).toEqual(['released']);
    expect(textsOf(await claim(at(30)))).toEqual(['renewed']);
    expect(await database.prisma.journaledCommand.count()).toBe(2);
    await journal.finish(finished);
  });

  it('lets only the process holding a command renew it or let it go', async () => {
    const other = createCommandJournalStore(database.prisma);
    const mine = await record('mine', at(0), at(10));
    await other.renew([mine], at(60));
    await other.release([mine], at(0));
    expect(await claim(at(9))).toEqual([]);
    expect(textsOf(await claim(at(10)))).toEqual(['mine']);
    // Claimed by `journal` now: `other` can no longer touch it either, nor could it had it taken it first.
    await other.release([mine], at(10));
    expect(await claim(at(59))).toEqual([]);
  });
});
