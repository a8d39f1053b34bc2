import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { pgliteOptions } from '../../src/store/pglite-options.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * initdb takes seconds and most of a gigabyte, so it runs once per machine: every PGlite test database is a copy
 * of this empty, freshly initialised data directory.
 */
export default async function setup(project: TestProject): Promise<void> {
  const template = join(tmpdir(), 'sitrep-test-pglite-template-0.5.14');
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const building = `${template}.${process.pid}`;
    await rm(building, { recursive: true, force: true });
    await mkdir(building, { recursive: true });
    const db = new PGlite(building, pgliteOptions());
    await db.waitReady;
    await db.close();
    await rm(template, { recursive: true, force: true });
    await rename(building, template);
  }
  project.provide('pgliteTemplate', template);
}
