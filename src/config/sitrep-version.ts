import { readFileSync } from 'node:fs';
import { z } from 'zod';

const ZPackage = z.object({ version: z.string() });

/** sitrep's version, from its package.json: written into backups, so a restore can say which sitrep wrote one. */
export const readSitrepVersion = (): string =>
  ZPackage.parse(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))).version;
