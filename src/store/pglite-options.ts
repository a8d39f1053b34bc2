import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * PGlite with its defaults idles near 330 MB; 16 MB of shared buffers brings it near 165 MB, which is plenty for
 * one team's incidents.
 */
export const pgliteOptions = (): PGliteOptions => ({
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
});
