import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fsyncPath, isCompleteTemplate, TEMPLATE_MARKER } from './pglite-template.ts';

/** A seed copies into `DATA_DIR/.seeding-<pid>` first; one left by a process that died is removed. */
const STAGING_PREFIX = '.seeding-';

/** PostgreSQL's mark of an initialised data directory, and PGlite's test for one: it appears last. */
const PG_VERSION = 'PG_VERSION';

/** Enough to keep Node's four file-system threads busy, few enough to keep only a handful of files open. */
const COPIES_AT_ONCE = 8;

/** Copies every file of `from` into the new folder `to` and flushes each, and each folder, to the disk. */
const copyTree = async (from: string, to: string): Promise<void> => {
  const entries = await readdir(from, { withFileTypes: true, recursive: true });
  const pathOf = (entry: (typeof entries)[number]) => relative(from, join(entry.parentPath, entry.name));
  const folders = entries.filter((entry) => entry.isDirectory()).map(pathOf);
  const files = entries.filter((entry) => !entry.isDirectory()).map(pathOf);
  await mkdir(to);
  for (const folder of folders) await mkdir(join(to, folder), { recursive: true });
  const queue = files.filter((file) => file !== TEMPLATE_MARKER);
  const copyNext = async (): Promise<void> => {
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      // A clone where the file system can (Btrfs, XFS) costs no space until PGlite writes to it.
      await copyFile(join(from, file), join(to, file), constants.COPYFILE_FICLONE);
      await fsyncPath(join(to, file));
    }
  };
  await Promise.all(Array.from({ length: COPIES_AT_ONCE }, copyNext));
  for (const folder of folders) await fsyncPath(join(to, folder));
  await fsyncPath(to);
};

/**
 * What an earlier seed cut short left behind: its staging folder, and the template's entries it had already moved
 * in. Without PG_VERSION none of them is a database yet. Everything else in DATA_DIR is sitrep's own (its lock,
 * the command journal, the socket) and stays. A seed removes its staging folder only after PG_VERSION is in, so
 * database files without one are not a seed's: they are refused, never deleted (DATA_DIR pointed somewhere else).
 */
const clearUnfinishedSeed = async (dataDir: string, templateEntries: string[]): Promise<void> => {
  const names = await readdir(dataDir);
  const staged = names.filter((name) => name.startsWith(STAGING_PREFIX));
  const moved = names.filter((name) => templateEntries.includes(name));
  if (staged.length === 0 && moved.length > 0) {
    throw new Error(`it holds ${moved.slice(0, 3).join(', ')}… but no PG_VERSION: empty it or choose another DATA_DIR`);
  }
  // The staging folder goes last: a crash while clearing must not leave moved entries that look like no seed's.
  for (const name of [...moved, ...staged]) await rm(join(dataDir, name), { recursive: true, force: true });
};

export type SeedDataDirOptions = { dataDir: string; templateDir: string };

/**
 * Makes `dataDir`, which has no PG_VERSION, a new embedded database by copying the initialised data directory
 * `npm install` left in `templateDir`, instead of running initdb (seconds, and most of a gigabyte). False when
 * there is no complete template, and nothing was done. The caller holds the data directory's lock.
 *
 * The copy is made beside the database files, in a staging folder on the same file system, and flushed; then its
 * entries are moved in with PG_VERSION last. A crash at any point leaves no PG_VERSION, so the next start seeds
 * again, clearing what this one left.
 */
export const seedDataDir = async ({ dataDir, templateDir }: SeedDataDirOptions): Promise<boolean> => {
  if (!isCompleteTemplate(templateDir)) return false;
  const entries = (await readdir(templateDir)).filter((name) => name !== TEMPLATE_MARKER);
  await clearUnfinishedSeed(dataDir, entries);
  const staging = join(dataDir, `${STAGING_PREFIX}${process.pid}`);
  await copyTree(templateDir, staging);
  for (const name of entries) {
    if (name !== PG_VERSION) await rename(join(staging, name), join(dataDir, name));
  }
  await fsyncPath(dataDir);
  await rename(join(staging, PG_VERSION), join(dataDir, PG_VERSION));
  await fsyncPath(dataDir);
  await rm(staging, { recursive: true, force: true });
  return true;
};
