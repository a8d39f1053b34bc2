import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from './pglite-options.ts';

// Runs in a child process: initdb peaks near 760 MB, and WebAssembly memory never shrinks, so doing it here keeps
// that peak out of the long-running server.
const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: pglite-init <data-dir>\n');
  process.exit(2);
}
const db = new PGlite(dataDir, pgliteOptions());
await db.waitReady;
await db.close();
