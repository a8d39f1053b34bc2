import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Written last into a template, after everything else in it reached the disk: a directory without it is a build
 * that was cut short and is never copied.
 */
export const TEMPLATE_MARKER = '.sitrep-template-complete';

/**
 * Where `npm install` leaves an initialised PGlite data directory for the installed PGlite version:
 * `node_modules/.cache/sitrep/pglite-<version>`. A new PGlite version looks for (and builds) a template of its own,
 * since its data files may not suit another.
 */
export const defaultTemplateDir = async (): Promise<string> => {
  // PGlite's entry point is dist/index.js: its package root is one folder up.
  const root = fileURLToPath(new URL('..', import.meta.resolve('@electric-sql/pglite')));
  const manifest: unknown = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const version =
    typeof manifest === 'object' && manifest !== null && 'version' in manifest ? String(manifest.version) : 'unknown';
  // root is node_modules/@electric-sql/pglite/.
  return join(root, '..', '..', '.cache', 'sitrep', `pglite-${version}`);
};

/** Whether `dir` holds a template whose build finished. */
export const isCompleteTemplate = (dir: string): boolean => existsSync(join(dir, TEMPLATE_MARKER));

/** Flushes a file or directory to the disk, so a rename that follows never publishes something still in memory. */
export const fsyncPath = async (path: string): Promise<void> => {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

const fsyncTree = async (dir: string): Promise<void> => {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) await fsyncPath(join(entry.parentPath, entry.name));
  await fsyncPath(dir);
};

/** initdb in a child process, as `serve` runs it: it peaks near 760 MB, which then stays with whoever ran it. */
export const runInitdb = async (dataDir: string): Promise<void> => {
  const script = fileURLToPath(new URL('./pglite-init.ts', import.meta.url));
  // Baseline WebAssembly compilation halves both initdb's time and its memory peak.
  const child = spawn(process.execPath, ['--liftoff-only', script, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0 || !existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new Error(stderr.trim() || `initdb exited with code ${code}`);
  }
};

const isCode = (error: unknown, codes: string[]): boolean =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' && codes.includes(error.code);

/** Renames a finished build into place, over a half-built template but never over a complete one. */
const publish = async (building: string, dir: string): Promise<BuildTemplateResult> => {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await rename(building, dir);
      await fsyncPath(dirname(dir));
      return 'built';
    } catch (error) {
      // Something is in the way: another install's template that finished first, or a build cut short before
      // this one that left its folder without the marker.
      if (!isCode(error, ['ENOTEMPTY', 'EEXIST'])) throw error;
      if (isCompleteTemplate(dir)) return 'present';
      if (attempt > 0) throw error;
    }
    await rm(dir, { recursive: true, force: true });
  }
};

export type BuildTemplateResult = 'built' | 'present';

/**
 * Builds the template in `dir` once: initdb into a sibling folder, flushed to the disk with its marker written last,
 * then renamed into place in one step. A template already complete is kept; an incomplete one (a build killed
 * before this existed) is replaced. Two installs building at once both succeed, and one template stays.
 */
export const buildPgliteTemplate = async (dir: string): Promise<BuildTemplateResult> => {
  if (isCompleteTemplate(dir)) return 'present';
  const building = `${dir}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  try {
    await runInitdb(building);
    await fsyncTree(building);
    const marker = await open(join(building, TEMPLATE_MARKER), 'wx');
    try {
      await marker.writeFile(`${new Date().toISOString()}\n`);
      await marker.sync();
    } finally {
      await marker.close();
    }
    await fsyncPath(building);
    return await publish(building, dir);
  } finally {
    await rm(building, { recursive: true, force: true });
  }
};
