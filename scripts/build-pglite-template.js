// Builds the initialised PGlite data directory a new DATA_DIR is copied from (src/store/pglite-template.ts), so a
// first `sitrep serve` skips initdb. Run by postinstall and the Dockerfile. A failure (no space, a read-only
// node_modules) is only a warning: sitrep then runs initdb at its first start, as it would without this.

const started = performance.now();
try {
  // Imported here, so that even a checkout this cannot load leaves `npm install` working.
  const { buildPgliteTemplate, defaultTemplateDir } = await import('../src/store/pglite-template.ts');
  const dir = await defaultTemplateDir();
  if ((await buildPgliteTemplate(dir)) === 'built') {
    const took = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    process.stdout.write(`sitrep: built the embedded database template in ${dir} (${took})\n`);
  }
} catch (error) {
  process.stderr.write(
    `sitrep: warning: could not build the embedded database template (${error instanceof Error ? error.message : String(error)}); a first start will run initdb instead, which takes a few seconds longer\n`,
  );
}
