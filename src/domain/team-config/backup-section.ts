import { defineInteger, defineSection, defineString } from './config-values.ts';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const INTERVAL = /^([1-9]\d{0,3})([mhd])$/;
const SHORTEST_MS = 5 * UNIT_MS.m;

/**
 * How long `backup.every` says to wait between two backups: a whole number of minutes, hours or days (`30m`, `6h`,
 * `1d`); undefined for anything else, and for less than five minutes (a backup of a large team takes seconds, and the
 * embedded database waits for it meanwhile).
 *
 * @example
 * backupIntervalMs('6h') // 21_600_000
 * backupIntervalMs('1m') // undefined
 */
export const backupIntervalMs = (every: string): number | undefined => {
  const [, count, unit] = INTERVAL.exec(every) ?? [];
  if (count === undefined || (unit !== 'm' && unit !== 'h' && unit !== 'd')) return undefined;
  const ms = Number(count) * UNIT_MS[unit];
  return ms >= SHORTEST_MS ? ms : undefined;
};

/** `backup:`: scheduled backups of the embedded database (PGlite); PostgreSQL is backed up with its own tools. */
export const ZBackup = defineSection('a mapping with every, keep and path', {
  every: defineString({ what: 'an interval such as 6h, 30m or 1d (5m at the least)', max: 10 })
    .refine((value) => backupIntervalMs(value) !== undefined, {
      error: (issue) =>
        `expected an interval such as 6h, 30m or 1d (5m at the least); got ${JSON.stringify(issue.input)}`,
    })
    .optional()
    .meta({ description: 'Back up the embedded database this often (30m, 6h, 1d); no scheduled backups when absent.' }),
  keep: defineInteger({ what: 'a whole number of backups from 1 to 1000, such as 7', min: 1, max: 1000 })
    .default(7)
    .meta({ description: 'How many scheduled backups to keep; older ones are deleted once a new one is written.' }),
  path: defineString({ what: 'a directory such as /backups/sitrep', max: 500 }).optional().meta({
    description:
      'Directory of the scheduled backups, relative to the working directory; beside DATA_DIR when absent (DATA_DIR-backups).',
  }),
});
