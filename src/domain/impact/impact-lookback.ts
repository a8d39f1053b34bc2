/** How far back an impact time may be set without saying so: the declare form, the impact command and the forms. */
export const IMPACT_LOOKBACK_DAYS = 30;

const IMPACT_LOOKBACK_MS = IMPACT_LOOKBACK_DAYS * 24 * 60 * 60_000;

/**
 * Whether `at` is further back than `IMPACT_LOOKBACK_DAYS` before `now`. Such a time is almost always a mistyped date
 * (a year off, a month off), and it would rewrite reports long since read, so every path that sets an impact start
 * or end refuses it unless the person says it is meant. Exactly 30 days back is still within. Forms pass `at` as
 * milliseconds, checked before any Date is made.
 *
 * @example isBeyondImpactLookback({ at: new Date('2026-10-14T10:00:00Z'), now: new Date('2026-11-23T10:00:00Z') }) // => true
 * @example isBeyondImpactLookback({ at: new Date('2026-10-24T10:00:00Z'), now: new Date('2026-11-23T10:00:00Z') }) // => false
 */
export const isBeyondImpactLookback = ({ at, now }: { at: Date | number; now: Date }): boolean =>
  (at instanceof Date ? at.getTime() : at) < now.getTime() - IMPACT_LOOKBACK_MS;
