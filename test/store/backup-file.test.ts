import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackupWriter, readBackupLines } from '../../src/store/backup/backup-file.ts';

const HEADER = {
  formatVersion: 1,
  sitrepVersion: '0.1.0',
  migration: '20261123090000_init',
  createdAt: '2026-12-07T10:00:00.000Z',
  source: 'test',
};

describe('the backup file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sitrep-backup-file-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back what was written, a character split across chunks included, and appears only once whole', async () => {
    const file = join(dir, 'whole.sitrep.gz');
    const writer = createBackupWriter(file);
    await writer.header(HEADER);
    await writer.table('Note');
    const rows = Array.from({ length: 3_000 }, (_, n) => JSON.stringify({ n, text: `☕ café ${'é'.repeat(n % 50)}` }));
    await writer.rows(rows);
    expect(existsSync(file)).toBe(false);
    await writer.end({ tables: [{ name: 'Note', rows: rows.length, sha256: 'x' }], sequences: [] });
    const read: string[] = [];
    for await (const line of readBackupLines(file)) if (line.kind === 'row') read.push(line.row);
    expect(read).toEqual(rows);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('fails, rather than crashing the process, when the file cannot be written, and leaves nothing behind', async () => {
    const file = join(dir, 'gone', 'blocked.sitrep.gz');
    const writer = createBackupWriter(file);
    const writing = (async () => {
      await writer.header(HEADER);
      await writer.rows(Array.from({ length: 50_000 }, (_, n) => JSON.stringify({ n })));
      await writer.end({ tables: [], sequences: [] });
    })();
    await expect(writing).rejects.toThrow(/ENOENT/);
    await writer.abort();
    expect(existsSync(file)).toBe(false);
  });
});
