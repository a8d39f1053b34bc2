import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runSitrep } from '../../demo/sitrep-process.ts';

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/sitrep/compile/', import.meta.url));
const CLI = new URL('../../src/cli/cli.ts', import.meta.url).href;

it('sitrep loads its modules from the compile cache in node_modules/.cache/sitrep/compile', async () => {
  // Nothing in the environment asks for a cache (runSitrep passes no NODE_COMPILE_CACHE): bin/sitrep.js turns it
  // on. Node says what it does with it; the first run fills the cache if install did not, the second reads it.
  const env = { NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
  expect((await runSitrep(['--help'], env)).code).toBe(0);
  const second = await runSitrep(['--help'], env);
  expect(second.code).toBe(0);
  const read = second.stderr
    .split('\n')
    .filter((line) => line.startsWith(`[compile cache] reading cache from ${CACHE}`));
  expect(read).toContainEqual(expect.stringMatching(`for StrippedTypeScript ${CLI}\\.\\.\\..*success`));
}, 60_000);
