#!/usr/bin/env -S node --liftoff-only
// sitrep runs its TypeScript directly (Node strips the types), so it needs Node 22.18 or newer; the repository
// pins Node 24 as a devDependency, which `npm start` and `npx sitrep` put first on PATH.
// --liftoff-only (in the shebang, `npm start` and the Dockerfile): baseline compilation only for WebAssembly.
// PGlite and Prisma's query compiler are large modules, and optimising them takes resident memory from about
// 195 MB to 250 MB, with a 760 MB peak, for no speed an incident bot can notice. V8 only honours it on the command
// line, not when set at run time.
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
await import('../src/cli.ts');
