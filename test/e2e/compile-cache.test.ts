import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runSitrep } from '../../demo/sitrep-process.ts';

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/sitrep/compile', import.meta.url));

/** The files Node's compile cache holds under `dir` (one folder per Node version and V8 flags). */
const cachedFiles = async (dir: string): Promise<number> => {
  if (!existsSync(dir)) return 0;
  const folders = await readdir(dir);
  const counts = await Promise.all(folders.map(async (folder) => (await readdir(join(dir, folder))).length));
  return counts.reduce((sum, n) => sum + n, 0);
};

it('sitrep keeps its compiled modules in node_modules/.cache/sitrep/compile, which install warms', async () => {
  // Nothing in the environment asks for it (runSitrep passes no NODE_COMPILE_CACHE): bin/sitrep.js turns it on.
  const run = await runSitrep(['--help'], {});
  expect(run.code).toBe(0);
  // Every module a subcommand loads, sitrep's own some 360 and its dependencies', is kept there.
  expect(await cachedFiles(CACHE)).toBeGreaterThan(360);
}, 60_000);
