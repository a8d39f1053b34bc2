import { getDaysInMonth } from 'date-fns/getDaysInMonth';

export type YearMonth = { year: number; month: number };

/**
 * The number of days in `month` (1 to 12) of `year` on the Gregorian calendar, leap years included: February has 29
 * days in 2028 and 2000, 28 in 2026 and 2100.
 *
 * @example daysInMonth({ year: 2028, month: 2 }) // => 29
 */
export const daysInMonth = ({ year, month }: YearMonth): number => {
  // date-fns reads a Date's local fields; setFullYear keeps a year from 0 to 99 as written, where the Date
  // constructor would read it as 19xx. Noon keeps the day clear of any zone's jump at midnight.
  const date = new Date(0);
  date.setFullYear(year, month - 1, 1);
  date.setHours(12, 0, 0, 0);
  return getDaysInMonth(date);
};

/** A `YYYY-MM-DD` text read as a day of the calendar, or what is wrong with it. */
export type CalendarDateCheck =
  | { kind: 'date'; year: number; month: number; day: number }
  /** Not written `YYYY-MM-DD` with four, two and two digits. */
  | { kind: 'bad-format' }
  /** A month outside 01 to 12. */
  | { kind: 'bad-month'; year: number; month: number; day: number }
  /** A day outside 01 to the month's last day, `days`. */
  | { kind: 'bad-day'; year: number; month: number; day: number; days: number };

/**
 * Reads `YYYY-MM-DD` as a real day of the calendar, without a time zone: `2026-02-30`, `2026-13-01` and
 * `2026-04-00` are not days, `2028-02-29` is. Callers word the refusal.
 *
 * @example checkCalendarDate('2026-02-29') // => { kind: 'bad-day', year: 2026, month: 2, day: 29, days: 28 }
 * @example checkCalendarDate('2026-12-04') // => { kind: 'date', year: 2026, month: 12, day: 4 }
 */
export const checkCalendarDate = (text: string): CalendarDateCheck => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return { kind: 'bad-format' };
  const fields = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (fields.month < 1 || fields.month > 12) return { kind: 'bad-month', ...fields };
  const days = daysInMonth(fields);
  if (fields.day < 1 || fields.day > days) return { kind: 'bad-day', ...fields, days };
  return { kind: 'date', ...fields };
};
