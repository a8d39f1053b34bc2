import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir, readLockHolder } from '../../src/store/data-dir-lock.ts';

let dir: string;
let sleeper: ChildProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sitrep-lock-'));
});
afterEach(async () => {
  sleeper?.kill('SIGKILL');
  sleeper = undefined;
  await rm(dir, { recursive: true, force: true });
});

const hasProc = existsSync('/proc/self/stat');

/** A pid that certainly belongs to no running process: one that has just exited. */
const deadPid = async (): Promise<number> => {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid ?? 0;
};

/** Another process that stays alive until the test ends. */
const startSleeper = async (): Promise<number> => {
  sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await new Promise((resolve) => sleeper?.once('spawn', resolve));
  if (sleeper.pid === undefined) throw new Error('the sleeper did not start');
  return sleeper.pid;
};

/** Field 22 of /proc/<pid>/stat, read here independently of the code under test. */
const startTimeOf = async (pid: number): Promise<number> => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
};

const bootId = async (): Promise<string> => (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();

const writeLock = (holder: object) => writeFile(join(dir, 'sitrep.lock'), JSON.stringify(holder));

const startServe = () => lockDataDir(dir, { pid: process.pid, command: 'serve' });

describe('lockDataDir', () => {
  it('lets one process hold a data directory and names it to the next', async () => {
    const lock = await lockDataDir(dir, { pid: process.pid, command: 'serve', socketDir: dir });
    await expect(lockDataDir(dir, { pid: process.pid, command: 'migrate' })).rejects.toMatchObject({
      code: 'DATABASE_LOCKED',
      userMessage: expect.stringContaining(`in use by \`sitrep serve\` (pid ${process.pid})`),
    });
    expect(await readLockHolder(dir)).toEqual(lock.holder);
    expect(lock.holder).toMatchObject({ pid: process.pid, command: 'serve', socketDir: dir });
    await lock.release();
    expect(await readLockHolder(dir)).toBeUndefined();
  });

  it('takes over a lock left by a process that died', async () => {
    const pid = await deadPid();
    await writeLock({ pid, command: 'serve' });
    expect(await readLockHolder(dir)).toBeUndefined();
    const lock = await startServe();
    expect(JSON.parse(await readFile(join(dir, 'sitrep.lock'), 'utf8'))).toEqual(lock.holder);
    expect(lock.holder).toMatchObject({ pid: process.pid, command: 'serve' });
    await lock.release();
  });

  it('gives the lock to exactly one of many processes starting at once', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => lockDataDir(dir, { pid: process.pid, command: `serve-${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('starts over a lock naming its own pid: that was a previous run, as after a restart in a container', async () => {
    await writeLock({ pid: process.pid, command: 'serve' });
    const lock = await startServe();
    expect(lock.holder.lockId).toEqual(expect.any(String));
    await lock.release();
  });

  it.skipIf(!hasProc)('starts over a lock naming its own pid even with its own start time and boot', async () => {
    await writeLock({
      pid: process.pid,
      command: 'serve',
      startTime: await startTimeOf(process.pid),
      bootId: await bootId(),
    });
    await (await startServe()).release();
  });

  it('starts over a lock of an older version naming pid 1, the pid of a container process before its restart', async () => {
    await writeLock({ pid: 1, command: 'serve' });
    expect(await readLockHolder(dir)).toBeUndefined();
    await (await startServe()).release();
  });

  it.skipIf(!hasProc)('starts over a lock naming pid 1 with a start time other than pid 1 has', async () => {
    const startTime = (await startTimeOf(1)) + 1;
    await writeLock({ pid: 1, command: 'serve', startTime, bootId: await bootId() });
    expect(await readLockHolder(dir)).toBeUndefined();
    await (await startServe()).release();
  });

  it.skipIf(!hasProc)(
    'is stopped by another live process holding the lock, known by its pid and start time',
    async () => {
      const pid = await startSleeper();
      await writeLock({ pid, command: 'serve', startTime: await startTimeOf(pid), bootId: await bootId() });
      await expect(startServe()).rejects.toMatchObject({
        code: 'DATABASE_LOCKED',
        userMessage: expect.stringContaining(`in use by \`sitrep serve\` (pid ${pid})`),
      });
    },
  );

  it.skipIf(!hasProc)('starts over a lock whose pid now names a process that started later', async () => {
    const pid = await startSleeper();
    await writeLock({ pid, command: 'serve', startTime: (await startTimeOf(pid)) - 1, bootId: await bootId() });
    await (await startServe()).release();
  });

  it.skipIf(!hasProc)('starts over a lock taken before the machine last booted', async () => {
    const pid = await startSleeper();
    await writeLock({ pid, command: 'serve', startTime: await startTimeOf(pid), bootId: 'another-boot' });
    expect(await readLockHolder(dir)).toBeUndefined();
    await (await startServe()).release();
  });

  it('is stopped by a live process named in a lock of an older version, which holds only the pid', async () => {
    const pid = await startSleeper();
    await writeLock({ pid, command: 'serve' });
    await expect(startServe()).rejects.toMatchObject({ code: 'DATABASE_LOCKED' });
  });

  it.skipIf(!hasProc)('records who holds the lock by more than its pid', async () => {
    const lock = await startServe();
    expect(lock.holder).toMatchObject({ startTime: await startTimeOf(process.pid), bootId: await bootId() });
    await lock.release();
  });
});
