import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileCommandJournal } from '../../src/store/file-command-journal.ts';

const form = (text: string) => ({ command: '/incident', text, user_id: 'U05ALICE01' });
const FAR = new Date('2100-01-01T00:00:00Z');
const NOW = new Date();

describe('the command journal of the embedded database', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sitrep-journal-'));
    path = join(dir, 'commands.journal');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const record = (journal: Awaited<ReturnType<typeof openFileCommandJournal>>, id: string, at: number) =>
    journal.record({ id, body: form(id), receivedAt: new Date(Date.UTC(2026, 11, 7, 9, 0, at)), leaseUntil: FAR });
  const claimAll = (journal: Awaited<ReturnType<typeof openFileCommandJournal>>) =>
    journal.claimLapsed({ now: NOW, leaseUntil: FAR, limit: 100 });

  it('gives the next process, oldest first, what the last one recorded and did not finish', async () => {
    const first = await openFileCommandJournal(path);
    await record(first, 'b', 2);
    await record(first, 'a', 1);
    await record(first, 'done', 3);
    await first.finish('done');
    // Held by the process that recorded them: nothing lapsed while it runs.
    expect(await claimAll(first)).toEqual([]);
    await first.close();

    const second = await openFileCommandJournal(path);
    const taken = await claimAll(second);
    expect(taken.map((c) => [c.id, c.body, c.attempts])).toEqual([
      ['a', form('a'), 2],
      ['b', form('b'), 2],
    ]);
    expect(await claimAll(second)).toEqual([]);
    await second.close();
    // The third process to start them counts a third attempt.
    const third = await openFileCommandJournal(path);
    expect((await claimAll(third)).map((c) => c.attempts)).toEqual([3, 3]);
    await third.close();
  });

  it('hands a released command to the next sweep, and one recorded already let go', async () => {
    const journal = await openFileCommandJournal(path);
    await record(journal, 'held', 1);
    await record(journal, 'released', 2);
    await journal.release(['released'], NOW);
    await journal.record({
      id: 'let-go',
      body: form('let-go'),
      receivedAt: new Date(Date.UTC(2026, 11, 7, 9, 0, 3)),
      leaseUntil: NOW,
    });
    expect((await claimAll(journal)).map((c) => c.id)).toEqual(['released', 'let-go']);
    await journal.close();
  });

  it('ignores a line torn by a crash in the middle of a write', async () => {
    const journal = await openFileCommandJournal(path);
    await record(journal, 'whole', 1);
    await journal.close();
    await writeFile(path, `${await readFile(path, 'utf8')}{"op":"record","id":"torn","bo`);
    const next = await openFileCommandJournal(path);
    expect((await claimAll(next)).map((c) => c.id)).toEqual(['whole']);
    await next.close();
  });

  it('stays small: rewritten on open with only what is outstanding, emptied once nothing is', async () => {
    const journal = await openFileCommandJournal(path);
    const body = 'x'.repeat(10_000);
    for (let i = 0; i < 500; i += 1) {
      await journal.record({ id: `c${i}`, body: { text: body }, receivedAt: NOW, leaseUntil: FAR });
      await journal.finish(`c${i}`);
    }
    expect((await stat(path)).size).toBeLessThan(5 * 2 ** 20);
    await record(journal, 'left', 1);
    await journal.close();
    await openFileCommandJournal(path).then((reopened) => reopened.close());
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('never empties the file under a record being written, when the last outstanding command finishes meanwhile', async () => {
    const journal = await openFileCommandJournal(path);
    // One command outstanding throughout, so the file grows past the size at which it is emptied once none is.
    await record(journal, 'last', 1);
    const body = 'x'.repeat(10_000);
    for (let i = 0; i < 450; i += 1) {
      await journal.record({ id: `c${i}`, body: { text: body }, receivedAt: NOW, leaseUntil: FAR });
      await journal.finish(`c${i}`);
    }
    expect((await stat(path)).size).toBeGreaterThan(4 * 2 ** 20);
    // A's line goes in one write; the last command's finish in the next, which may empty the file.
    const recorded = record(journal, 'A', 2);
    const finished = journal.finish('last');
    await Promise.all([recorded, finished]);
    await journal.close();
    const next = await openFileCommandJournal(path);
    expect((await claimAll(next)).map((c) => c.id)).toEqual(['A']);
    await next.close();
  });

  it('writes concurrent records together, each durable before its promise resolves', async () => {
    const journal = await openFileCommandJournal(path);
    await Promise.all(Array.from({ length: 200 }, (_, i) => record(journal, `c${i}`, i)));
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(200);
    await journal.close();
  });

  it('closes only once the records being written are in the file', async () => {
    const journal = await openFileCommandJournal(path);
    const recorded = [record(journal, 'A', 1), record(journal, 'B', 2)];
    await journal.close();
    await Promise.all(recorded);
    const next = await openFileCommandJournal(path);
    expect((await claimAll(next)).map((c) => c.id)).toEqual(['A', 'B']);
    await next.close();
  });
});
