import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir, readLockHolder } from '../../src/store/data-dir-lock.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sitrep-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that certainly belongs to no running process: one that has just exited. */
const deadPid = async (): Promise<number> => {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid ?? 0;
};

describe('lockDataDir', () => {
  it('lets one process hold a data directory and names it to the next', async () => {
    const lock = await lockDataDir(dir, { pid: process.pid, command: 'serve', socketDir: dir });
    await expect(lockDataDir(dir, { pid: process.pid, command: 'migrate' })).rejects.toMatchObject({
      code: 'DATABASE_LOCKED',
      userMessage: expect.stringContaining(`in use by \`sitrep serve\` (pid ${process.pid})`),
    });
    expect(await readLockHolder(dir)).toEqual({ pid: process.pid, command: 'serve', socketDir: dir });
    await lock.release();
    expect(await readLockHolder(dir)).toBeUndefined();
  });

  it('takes over a lock left by a process that died', async () => {
    const pid = await deadPid();
    await writeFile(join(dir, 'sitrep.lock'), JSON.stringify({ pid, command: 'serve' }));
    expect(await readLockHolder(dir)).toBeUndefined();
    const lock = await lockDataDir(dir, { pid: process.pid, command: 'serve' });
    expect(JSON.parse(await readFile(join(dir, 'sitrep.lock'), 'utf8'))).toEqual({
      pid: process.pid,
      command: 'serve',
    });
    await lock.release();
  });

  it('gives the lock to exactly one of many processes starting at once', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => lockDataDir(dir, { pid: process.pid, command: `serve-${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
