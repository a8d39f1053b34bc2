#!/usr/bin/env -S node --liftoff-only --max-semi-space-size=2
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// sitrep runs its TypeScript directly (Node strips the types), so it needs Node 22.18 or newer; the repository
// pins Node 24 as a devDependency, which `npm start` and `npx sitrep` put first on PATH.
// Flags (in the shebang, `npm start` and the Dockerfile; V8 only honours them on the command line):
// --liftoff-only: baseline compilation only for WebAssembly. PGlite and Prisma's query compiler are large modules,
// and optimising them costs some 55 MB of resident memory and a 760 MB peak for no speed an incident bot can notice.
// --max-semi-space-size=2: a young generation of 2 MB per thread (the server and the PGlite thread) instead of up
// to 16 MB each, which keeps the idle server near 220 MB rather than 260 MB for a few more sub-millisecond GCs.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `sitrep: Node ${process.versions.node} is too old; run it with npm start or npx sitrep (Node 24 from node_modules).\n`,
  );
  process.exit(2);
}
if (!process.features.typescript) {
  process.stderr.write('sitrep: this Node cannot run TypeScript; use Node 22.18+ or 24 (npm start, npx sitrep).\n');
  process.exit(2);
}
// Node strips the types of some 360 files and compiles them at every start, about a fifth of a restart. Its compile
// cache keeps that work on disk, keyed by each file's content so an edit is never served stale; postinstall warms
// it. NODE_COMPILE_CACHE names another place; a cache that cannot be written (a read-only install) is skipped.
module.enableCompileCache(
  process.env.NODE_COMPILE_CACHE ?? fileURLToPath(new URL('../node_modules/.cache/sitrep/compile', import.meta.url)),
);
await import('../src/cli/cli.ts');
