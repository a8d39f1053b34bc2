import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../domain/app-error.ts';
import { readProcessIdentity } from './process-identity.ts';

const ZLockHolder = z.object({
  pid: z.number().int(),
  command: z.string(),
  /** Where the holder serves the live database to other processes, when it does. */
  socketDir: z.string().optional(),
});
type TLockHolder = z.infer<typeof ZLockHolder>;

const ZLockFile = ZLockHolder.extend({
  /** The holder's start, in clock ticks since boot: absent where there is no /proc, and in locks of older versions. */
  startTime: z.number().int().optional(),
  bootId: z.string().optional(),
  /** Tells this process's own lock from one a predecessor with the same pid left behind. */
  lockId: z.string().optional(),
});
export type TLockFile = z.infer<typeof ZLockFile>;

export type DataDirLock = { holder: TLockFile; release: () => Promise<void> };

const lockPath = (dataDir: string): string => join(dataDir, 'sitrep.lock');

/** The locks this process holds now. */
const heldLockIds = new Set<string>();

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
};

/**
 * A pid alone does not name a process: in a container sitrep is pid 1 on every start, so after a kill -9 the lock
 * it leaves names whoever has that pid next, often the new sitrep itself. The holder is live only when it is not
 * this process starting over, runs on the same boot, and started when the lock says it did.
 */
const isLive = async (holder: TLockFile): Promise<boolean> => {
  if (holder.pid === process.pid) return holder.lockId !== undefined && heldLockIds.has(holder.lockId);
  if (!isAlive(holder.pid)) return false;
  const now = await readProcessIdentity(holder.pid);
  if (holder.bootId !== undefined && now.bootId !== undefined && holder.bootId !== now.bootId) return false;
  // Without /proc, or where it hides other users' processes, the pid is all there is to go on.
  if (holder.startTime !== undefined) return now.startTime === undefined || now.startTime === holder.startTime;
  // A lock of an older version, or from a system without /proc: pid 1 is a container's previous run (a host's pid 1
  // is its init, never sitrep), and nothing tells that run from whatever is pid 1 now.
  return holder.pid !== 1;
};

/** The live holder of a PGlite data directory, if any: a lock left by a dead process does not count. */
export const readLockHolder = async (dataDir: string): Promise<TLockFile | undefined> => {
  let text: string;
  try {
    text = await readFile(lockPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const holder = ZLockFile.safeParse(parsed);
  return holder.success && (await isLive(holder.data)) ? holder.data : undefined;
};

/**
 * Takes the one lock on a PGlite data directory: PGlite is single-process, and two writers would corrupt it.
 * The lock file is created exclusively, so of two processes starting at once exactly one wins.
 */
export const lockDataDir = async (dataDir: string, request: TLockHolder): Promise<DataDirLock> => {
  await mkdir(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  const lockId = randomUUID();
  const holder: TLockFile = { ...request, ...(await readProcessIdentity(request.pid)), lockId };
  // The lock appears with its content in one step (a hard link to a file already written), so a process that
  // finds it never reads a half-written holder and mistakes it for a stale one.
  const draft = `${path}.${process.pid}.${lockId}`;
  await writeFile(draft, JSON.stringify(holder));
  // Known before the lock appears, so a second attempt in this process never takes it for a predecessor's.
  heldLockIds.add(lockId);
  let taken = false;
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await link(draft, path);
        taken = true;
        return {
          holder,
          release: async () => {
            await rm(path, { force: true });
            heldLockIds.delete(lockId);
          },
        };
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
        const current = await readLockHolder(dataDir);
        if (current) {
          throw new AppError('DATABASE_LOCKED', {
            userMessage: `The data directory ${dataDir} is in use by \`sitrep ${current.command}\` (pid ${current.pid}). Only one sitrep process may open an embedded database; stop it first, or use DATABASE_URL with PostgreSQL to run several.`,
          });
        }
        // The holder died without cleaning up, and its pid is free or someone else's now.
        await rm(path, { force: true });
      }
    }
  } finally {
    if (!taken) heldLockIds.delete(lockId);
    await rm(draft, { force: true });
  }
  throw new AppError('DATABASE_LOCKED', {
    userMessage: `Could not take the lock ${path}; remove it if no sitrep process is running.`,
  });
};
