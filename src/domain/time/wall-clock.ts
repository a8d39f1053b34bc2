// A zone's wall clock, read through Intl (the machine's own zone never matters). Pure: no clock is read here.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** Month names in full, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

// One formatter per zone for the life of the process: building one costs far more than using it.
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (zone: string): Intl.DateTimeFormat => {
  let formatter = zoneFormatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    zoneFormatters.set(zone, formatter);
  }
  return formatter;
};

/** Hours remembered per zone; a list or a timeline reads a handful, a year of reports some thousands. */
const MAX_HOURS_PER_ZONE = 20_000;

// Each zone's offset per UTC hour, null for an hour in which it changes, kept for the life of the process: a slash
// command's answer formats a few instants and should not ask Intl again each time. Facts about the zone, not a clock.
const zoneHourOffsets = new Map<string, Map<number, number | null>>();
const hourOffsetsFor = (zone: string): Map<number, number | null> => {
  let offsets = zoneHourOffsets.get(zone);
  if (offsets === undefined || offsets.size > MAX_HOURS_PER_ZONE) {
    offsets = new Map();
    zoneHourOffsets.set(zone, offsets);
  }
  return offsets;
};

/** How far the zone's wall clock is ahead of UTC at `ms`, in whole minutes (as milliseconds). */
const offsetAt = (formatter: Intl.DateTimeFormat, ms: number): number => {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(ms)) parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
  return wall - Math.floor(ms / MINUTE) * MINUTE;
};

/**
 * The zone's wall clock as milliseconds since a UTC-like epoch, so that `getUTC*` on it reads the local date and time.
 * Asking Intl once per entry would cost most of the rendering time; a zone's offset changes rarely, so it is asked at
 * both ends of each UTC hour and reused for the entries inside, and asked per entry in the hour of a change.
 */
export const createWallClock = (zone: string): ((instant: Date) => number) => {
  const formatter = formatterFor(zone);
  const hourOffsets = hourOffsetsFor(zone);
  return (instant) => {
    const ms = instant.getTime();
    const hour = Math.floor(ms / HOUR);
    let offset = hourOffsets.get(hour);
    if (offset === undefined) {
      const first = offsetAt(formatter, hour * HOUR);
      offset = first === offsetAt(formatter, hour * HOUR + HOUR - 1) ? first : null;
      hourOffsets.set(hour, offset);
    }
    return ms + (offset ?? offsetAt(formatter, ms));
  };
};

export const dayOf = (wall: number): number => Math.floor(wall / DAY);

/** `Mon 23 Nov 2026` */
export const labelDay = (day: number): string => {
  const date = new Date(day * DAY);
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
};

/** `14:05` */
export const labelTime = (wall: number): string => {
  const minutes = Math.floor((wall - dayOf(wall) * DAY) / MINUTE);
  return `${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}`;
};

/**
 * `Sun 29 Mar 2026 01:30`: an instant as the clock in `zone` showed it.
 *
 * @example formatInZone(new Date('2026-03-29T01:30:00Z'), 'Europe/Paris') // => 'Sun 29 Mar 2026 03:30'
 */
export const formatInZone = (date: Date, zone: string): string => {
  const wall = createWallClock(zone)(date);
  return `${labelDay(dayOf(wall))} ${labelTime(wall)}`;
};
