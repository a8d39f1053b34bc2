const MINUTE = 60_000;

export type SuspectLookbackOptions = {
  /** When the incident started (see `findIncidentStart`), or the instant a detection is looked for before. */
  start: Date;
  /** `deploys.suspectLookbackMinutes` of sitrep.yml. */
  lookbackMinutes: number;
};

/**
 * Where the look-back for suspects begins: `deploys.suspectLookbackMinutes` before the incident started. Deploys of
 * its services from there until it started, both ends included, are its first suspects; an alert from there on
 * tells when it was detected.
 *
 * @example findSuspectLookbackStart({ start: new Date('2026-11-23T12:58:00Z'), lookbackMinutes: 120 })
 *   // => 2026-11-23T10:58:00Z
 */
export const findSuspectLookbackStart = ({ start, lookbackMinutes }: SuspectLookbackOptions): Date =>
  new Date(start.getTime() - lookbackMinutes * MINUTE);
