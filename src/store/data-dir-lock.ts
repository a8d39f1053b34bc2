import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../domain/app-error.ts';

const ZLockFile = z.object({
  pid: z.number().int(),
  command: z.string(),
  /** Where the holder serves the live database to other processes, when it does. */
  socketDir: z.string().optional(),
});
export type TLockFile = z.infer<typeof ZLockFile>;

export type DataDirLock = { holder: TLockFile; release: () => Promise<void> };

const lockPath = (dataDir: string): string => join(dataDir, 'sitrep.lock');

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
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
  return holder.success && isAlive(holder.data.pid) ? holder.data : undefined;
};

/**
 * Takes the one lock on a PGlite data directory: PGlite is single-process, and two writers would corrupt it.
 * The lock file is created exclusively, so of two processes starting at once exactly one wins.
 */
export const lockDataDir = async (dataDir: string, holder: TLockFile): Promise<DataDirLock> => {
  await mkdir(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  // The lock appears with its content in one step (a hard link to a file already written), so a process that
  // finds it never reads a half-written holder and mistakes it for a stale one.
  const draft = `${path}.${process.pid}.${randomUUID()}`;
  await writeFile(draft, JSON.stringify(holder));
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await link(draft, path);
        return {
          holder,
          release: async () => {
            await rm(path, { force: true });
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
        // The holder died without cleaning up.
        await rm(path, { force: true });
      }
    }
  } finally {
    await rm(draft, { force: true });
  }
  throw new AppError('DATABASE_LOCKED', {
    userMessage: `Could not take the lock ${path}; remove it if no sitrep process is running.`,
  });
};
