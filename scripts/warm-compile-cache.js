// Fills Node's compile cache (see bin/sitrep.js) at install, so that the first `sitrep serve` after `npm install`
// loads its modules as fast as a restart does: every subcommand's module is imported once, in a child with the flags
// `npm start` gives Node (the cache is kept per set of V8 flags). A failure is only a warning: the first start fills
// the cache itself.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const cache = process.env.NODE_COMPILE_CACHE ?? fileURLToPath(new URL('node_modules/.cache/sitrep/compile', root));
const cli = new URL('src/cli/', root);
// cli.ts itself is left out (importing it runs it); bin/sitrep.js caches it on its first run.
const modules = readdirSync(cli)
  .filter((file) => file.endsWith('-command.ts'))
  .map((file) => new URL(file, cli).href);
const code = `import module from 'node:module';
module.enableCompileCache(${JSON.stringify(cache)});
for (const url of ${JSON.stringify(modules)}) await import(url);`;
const flags = ['--liftoff-only', '--max-semi-space-size=2'];
const result = spawnSync(process.execPath, [...flags, '--input-type=module', '--eval', code], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
if (result.status !== 0) {
  const why = result.error?.message ?? (result.stderr.toString().trim() || `exit code ${result.status}`);
  process.stderr.write(`sitrep: warning: could not warm the compile cache (${why}); the first start fills it\n`);
}
