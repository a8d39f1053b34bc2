import { resolveWallTime, zoneOffsetAt } from './wall-time.ts';

/** A calendar date written `YYYY-MM-DD`, such as `2026-12-24`: a day on someone's wall calendar, not an instant. */
export type CalendarDay = string;

/**
 * The days off of a team. `nameOf` is optional: when the calendar knows what a holiday is called (`Christmas Day`),
 * messages about that day can say so.
 */
export type HolidayCalendar = {
  isHoliday: (day: CalendarDay) => boolean;
  nameOf?: (day: CalendarDay) => string | undefined;
};

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export type AddBusinessDaysOptions = { day: CalendarDay; count: number; holidays: HolidayCalendar };

export type AddCalendarDaysOptions = { day: CalendarDay; count: number };

export type CountBusinessDaysOptions = { from: CalendarDay; to: CalendarDay; holidays: HolidayCalendar };

export type LocalHourOptions = { day: CalendarDay; hour: number; zone: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Day 0 of the epoch, 1970-01-01, was a Thursday.
const WEEKDAYS: readonly Weekday[] = ['thursday', 'friday', 'saturday', 'sunday', 'monday', 'tuesday', 'wednesday'];
/**
 * No real calendar has a year without a business day; one that does is broken (every day listed as a holiday), and
 * stepping through it would never end.
 */
const LONGEST_BREAK_DAYS = 400;

/** Days since 1970-01-01, or NaN for text that is not a real `YYYY-MM-DD` date. */
const epochDayOf = (day: CalendarDay): number => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return Number.NaN;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2026-02-30 over into March (and reads years 0 to 99 as 19xx): only a date that comes back as typed
  // is real.
  return dayFromEpoch(ms / DAY) === day ? ms / DAY : Number.NaN;
};

const dayFromEpoch = (epochDay: number): CalendarDay => new Date(epochDay * DAY).toISOString().slice(0, 10);

const requireEpochDay = (day: CalendarDay): number => {
  const epochDay = epochDayOf(day);
  if (Number.isNaN(epochDay)) throw new RangeError(`Expected a calendar day written YYYY-MM-DD; got ${day}`);
  return epochDay;
};

const weekdayOfEpochDay = (epochDay: number): Weekday => WEEKDAYS[((epochDay % 7) + 7) % 7] ?? 'thursday';

const isBusinessEpochDay = (epochDay: number, holidays: HolidayCalendar): boolean => {
  const weekday = weekdayOfEpochDay(epochDay);
  return weekday !== 'saturday' && weekday !== 'sunday' && !holidays.isHoliday(dayFromEpoch(epochDay));
};

/**
 * The instant the clocks in `zone` showed the wall time `wall` (milliseconds read as UTC fields). A wall time shown
 * twice (clocks going back) is the first of the two; one that was skipped (clocks going forward) is the first instant
 * after the jump.
 */
const instantOfWall = (wall: number, zone: string): number => {
  const resolved = resolveWallTime({ wall, zone });
  return resolved.kind === 'shown' ? resolved.instant : resolved.jumpAt;
};

/**
 * Whether `day` is a business day: Monday to Friday, and not a holiday. Saturday and Sunday never are, whatever the
 * holiday calendar says.
 *
 * @example isBusinessDay('2026-12-25', { isHoliday: (day) => day === '2026-12-25' }) // => false (a holiday)
 * @example isBusinessDay('2026-12-26', noHolidays) // => false (a Saturday)
 * @throws RangeError when `day` is not a real `YYYY-MM-DD` date.
 */
export const isBusinessDay = (day: CalendarDay, holidays: HolidayCalendar): boolean =>
  isBusinessEpochDay(requireEpochDay(day), holidays);

/**
 * The `count`-th business day after `day` (`count` >= 1), or the `-count`-th before it when `count` is negative.
 * `day` itself never counts, business day or not, so the result is always a business day other than `day`.
 *
 * @example addBusinessDays({ day: '2026-11-27', count: 5, holidays }) // Friday => '2026-12-04', the next Friday
 * @example addBusinessDays({ day: '2026-12-23', count: 1, holidays }) // with 24 and 25 December off => '2026-12-28'
 * @example addBusinessDays({ day: '2026-11-30', count: -1, holidays }) // Monday => '2026-11-27', the Friday before
 * @throws RangeError when `count` is 0 or not a whole number, when `day` is not a real date, or when the calendar
 *   has no business day in 400 days in a row (every day a holiday: a broken calendar).
 */
export const addBusinessDays = ({ day, count, holidays }: AddBusinessDaysOptions): CalendarDay => {
  if (!Number.isInteger(count) || count === 0) {
    throw new RangeError(`Expected a whole number of business days other than 0; got ${count}`);
  }
  const step = Math.sign(count);
  let current = requireEpochDay(day);
  let left = Math.abs(count);
  let sinceLastBusinessDay = 0;
  while (left > 0) {
    current += step;
    if (isBusinessEpochDay(current, holidays)) {
      left -= 1;
      sinceLastBusinessDay = 0;
    } else if (++sinceLastBusinessDay > LONGEST_BREAK_DAYS) {
      throw new RangeError(`The holiday calendar has no business day in the ${LONGEST_BREAK_DAYS} days from ${day}`);
    }
  }
  return dayFromEpoch(current);
};

/**
 * `day` plus `count` calendar days (minus, when negative), across months, years and leap days.
 *
 * @example addCalendarDays({ day: '2026-12-25', count: 7 }) // => '2027-01-01'
 * @example addCalendarDays({ day: '2028-03-01', count: -1 }) // => '2028-02-29'
 * @throws RangeError when `day` is not a real date or `count` is not a whole number.
 */
export const addCalendarDays = ({ day, count }: AddCalendarDaysOptions): CalendarDay => {
  if (!Number.isInteger(count)) throw new RangeError(`Expected a whole number of days; got ${count}`);
  return dayFromEpoch(requireEpochDay(day) + count);
};

/**
 * How many business days `d` there are with `from` < `d` <= `to`: `from` never counts, `to` does when it is a
 * business day. 0 when `to` is `from` or before it. The inverse of `addBusinessDays` for a positive count.
 *
 * @example countBusinessDaysAfter({ from: '2026-12-04', to: '2026-12-07', holidays }) // Friday to Monday => 1
 * @example countBusinessDaysAfter({ from: '2026-12-04', to: '2026-12-05', holidays }) // Friday to Saturday => 0
 * @throws RangeError when `from` or `to` is not a real date.
 */
export const countBusinessDaysAfter = ({ from, to, holidays }: CountBusinessDaysOptions): number => {
  const last = requireEpochDay(to);
  let count = 0;
  for (let current = requireEpochDay(from) + 1; current <= last; current += 1) {
    if (isBusinessEpochDay(current, holidays)) count += 1;
  }
  return count;
};

/**
 * The calendar day `instant` falls on for the clocks in `zone`, whatever the machine's own zone.
 *
 * @example localDayOf(new Date('2026-11-27T23:30:00Z'), 'Europe/London') // => '2026-11-27' (a Friday)
 * @example localDayOf(new Date('2026-11-27T23:30:00Z'), 'Pacific/Auckland') // => '2026-11-28' (already Saturday)
 * @throws RangeError when `zone` is not a time zone the runtime knows.
 */
export const localDayOf = (instant: Date, zone: string): CalendarDay => {
  const ms = instant.getTime();
  return dayFromEpoch(Math.floor((ms + zoneOffsetAt(zone, ms)) / DAY));
};

/**
 * The last millisecond of `day` in `zone` (23:59:59.999 on its clocks), as an instant: the millisecond before the
 * next day starts there. A day with a DST change is 23 or 25 hours long, and where the clocks go back at midnight
 * the day ends at the second 23:59:59.999.
 *
 * @example endOfLocalDay('2026-10-25', 'Europe/Paris') // => 2026-10-25T22:59:59.999Z (CET, after the change)
 * @example endOfLocalDay('2026-03-08', 'America/Los_Angeles') // => 2026-03-09T06:59:59.999Z (PDT)
 * @throws RangeError when `day` is not a real date or `zone` is not a known time zone.
 */
export const endOfLocalDay = (day: CalendarDay, zone: string): Date =>
  new Date(instantOfWall((requireEpochDay(day) + 1) * DAY, zone) - 1);

/**
 * `hour`:00 on the clocks of `zone` on `day`. When the clocks skip that hour (spring forward) it is the first instant
 * after the jump (03:00 for 02:00 in Los Angeles); when they show it twice (fall back) it is the first of the two.
 *
 * @example localHourOn({ day: '2026-03-08', hour: 2, zone: 'America/Los_Angeles' }) // => 2026-03-08T10:00:00Z (03:00 PDT)
 * @example localHourOn({ day: '2026-11-01', hour: 1, zone: 'America/Los_Angeles' }) // => 2026-11-01T08:00:00Z (01:00 PDT)
 * @example localHourOn({ day: '2026-10-26', hour: 9, zone: 'Europe/Paris' }) // => 2026-10-26T08:00:00Z (CET)
 * @throws RangeError when `hour` is not a whole number from 0 to 23, `day` is not a real date or `zone` is unknown.
 */
export const localHourOn = ({ day, hour, zone }: LocalHourOptions): Date => {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new RangeError(`Expected an hour from 0 to 23; got ${hour}`);
  }
  return new Date(instantOfWall(requireEpochDay(day) * DAY + hour * HOUR, zone));
};

/**
 * The day of the week of `day`, in lowercase as `sitrep.yml` writes it.
 *
 * @example weekdayOf('2026-12-25') // => 'friday'
 * @throws RangeError when `day` is not a real date.
 */
export const weekdayOf = (day: CalendarDay): Weekday => weekdayOfEpochDay(requireEpochDay(day));
