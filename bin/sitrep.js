#!/usr/bin/env node
// sitrep runs its TypeScript directly (Node strips the types), so it needs Node 22.12 or newer; the repository
// pins Node 24 as a devDependency, which `npm start` and `npx sitrep` put first on PATH.
import { setFlagsFromString } from 'node:v8';

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
// Baseline compilation only for WebAssembly: PGlite and Prisma's query compiler are large modules, and optimising
// them doubles resident memory for no gain an incident bot can notice.
setFlagsFromString('--liftoff-only');
await import('../src/cli.ts');
