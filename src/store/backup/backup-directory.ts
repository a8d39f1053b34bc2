import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

// sitrep-2026-12-07T07-32-33Z.sitrep.gz: sorted by name is sorted by age, and no character a file system refuses.
const SCHEDULED = /^sitrep-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.sitrep\.gz$/;

/** The name of a scheduled backup taken at `at`. */
export const scheduledBackupName = (at: Date): string =>
  `sitrep-${at.toISOString().slice(0, 19).replaceAll(':', '-')}Z.sitrep.gz`;

const listScheduled = async (dir: string): Promise<string[]> => {
  try {
    return (await readdir(dir)).filter((name) => SCHEDULED.test(name)).sort();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
};

/**
 * When the newest scheduled backup in `dir` was taken, as its name says (on the same clock as the schedule, which
 * a file's time may not be), or undefined when there is none.
 */
export const findNewestBackupAt = async (dir: string): Promise<Date | undefined> => {
  const [, day, hours, minutes, seconds] = SCHEDULED.exec((await listScheduled(dir)).at(-1) ?? '') ?? [];
  return day === undefined ? undefined : new Date(`${day}T${hours}:${minutes}:${seconds}Z`);
};

/** Makes `dir` if it is missing, and returns where a backup taken at `at` goes. */
export const prepareBackupFile = async (dir: string, at: Date): Promise<string> => {
  await mkdir(dir, { recursive: true });
  return join(dir, scheduledBackupName(at));
};

/** Deletes all but the `keep` newest scheduled backups in `dir` (files of other names are left alone). */
export const pruneBackups = async (dir: string, keep: number): Promise<string[]> => {
  const old = (await listScheduled(dir)).slice(0, -keep);
  for (const name of old) await rm(join(dir, name), { force: true });
  return old;
};
