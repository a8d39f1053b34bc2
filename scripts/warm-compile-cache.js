// Fills Node's compile cache (see bin/sitrep.js) at install, so that the first `sitrep serve` after `npm install`
// loads its modules as fast as a restart does. `sitrep --help` loads every module a subcommand needs and exits
// without reading any configuration. A failure is only a warning: the first start then fills the cache itself.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/sitrep.js', import.meta.url));
const result = spawnSync(process.execPath, ['--liftoff-only', bin, '--help'], { stdio: ['ignore', 'ignore', 'pipe'] });
if (result.status !== 0) {
  const why = result.error?.message ?? (result.stderr.toString().trim() || `exit code ${result.status}`);
  process.stderr.write(`sitrep: warning: could not warm the compile cache (${why}); the first start fills it\n`);
}
