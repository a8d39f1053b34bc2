import { tzOffset } from '@date-fns/tz';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Offsets already worked out, by zone and instant: a page asks for the same midnights (ninety days of them, twelve
 * months, twelve weeks) on every request, and each answer from Intl costs microseconds. Emptied when full.
 */
const knownOffsets = new Map<string, number>();
const KNOWN_OFFSETS = 20_000;

/**
 * How far the clocks in `zone` are ahead of UTC at `ms` (milliseconds since the epoch), in milliseconds.
 *
 * @example zoneOffsetAt('Pacific/Auckland', Date.parse('2026-01-15T00:00:00Z')) // => 46_800_000 (NZDT, UTC+13)
 * @throws RangeError when `zone` is not a time zone the runtime knows.
 */
export const zoneOffsetAt = (zone: string, ms: number): number => {
  const key = `${zone} ${ms}`;
  const known = knownOffsets.get(key);
  if (known !== undefined) return known;
  const minutes = tzOffset(zone, new Date(ms));
  if (Number.isNaN(minutes)) throw new RangeError(`Unknown time zone ${zone}`);
  if (knownOffsets.size >= KNOWN_OFFSETS) knownOffsets.clear();
  const offset = Math.round(minutes * MINUTE);
  knownOffsets.set(key, offset);
  return offset;
};

/** What the clocks of a zone did at a wall time. */
export type WallTimeInstant =
  /** They showed it: `instant` is when, the first of the two when they showed it twice. */
  | { kind: 'shown'; instant: number }
  /**
   * They jumped over it: `jumpAt` is the first instant after the jump, and the offsets are those a day before and a
   * day after the wall time.
   */
  | { kind: 'skipped'; jumpAt: number; offsetBefore: number; offsetAfter: number };

export type ResolveWallTimeOptions = {
  /** A wall time as milliseconds read as UTC fields: `Date.UTC(2026, 2, 8, 2, 30)` for 02:30 on 8 March 2026. */
  wall: number;
  zone: string;
};

/**
 * The instant the clocks in `zone` showed the wall time `wall`, across DST changes, whatever the machine's own zone:
 * when the clocks showed it twice (falling back), the first of the two; when they skipped it (springing forward), it
 * is `skipped` with the instant the clocks jumped. Assumes, as every zone does, at most one change of offset in any
 * two days. (TZDate from @date-fns/tz picks either of a repeated hour depending on the machine's zone.)
 *
 * @example resolveWallTime({ wall: Date.UTC(2026, 10, 1, 1, 30), zone: 'America/Los_Angeles' })
 *   // 01:30 happened twice => { kind: 'shown', instant: 2026-11-01T08:30:00Z (PDT) }
 * @example resolveWallTime({ wall: Date.UTC(2026, 2, 8, 2, 30), zone: 'America/Los_Angeles' })
 *   // => { kind: 'skipped', jumpAt: 2026-03-08T10:00:00Z, offsetBefore: -8 h, offsetAfter: -7 h }
 * @throws RangeError when `zone` is not a time zone the runtime knows.
 */
export const resolveWallTime = ({ wall, zone }: ResolveWallTimeOptions): WallTimeInstant => {
  // The offsets a day either side are the only candidates, and the one at the wall time read as UTC.
  const offsetBefore = zoneOffsetAt(zone, wall - DAY);
  const offsetAfter = zoneOffsetAt(zone, wall + DAY);
  const shown = [offsetBefore, zoneOffsetAt(zone, wall), offsetAfter]
    .map((offset) => wall - offset)
    .filter((instant) => instant + zoneOffsetAt(zone, instant) === wall);
  if (shown.length > 0) return { kind: 'shown', instant: Math.min(...shown) };
  // Skipped: the clocks read `offsetBefore` until the jump and `offsetAfter` from it on, so the jump lies in this range.
  let low = wall - offsetAfter;
  let high = wall - offsetBefore;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zoneOffsetAt(zone, middle) === offsetBefore) low = middle;
    else high = middle;
  }
  return { kind: 'skipped', jumpAt: high, offsetBefore, offsetAfter };
};
