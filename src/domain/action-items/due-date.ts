import {
  addBusinessDays,
  addCalendarDays,
  type CalendarDay,
  endOfLocalDay,
  type HolidayCalendar,
  isBusinessDay,
  localDayOf,
  weekdayOf,
} from '../time/business-days.ts';
import { checkCalendarDate } from '../time/calendar-date.ts';
import { MONTH_NAMES } from '../time/wall-clock.ts';

export type DueDateOptions = { from: Date; businessDays: number; zone: string; holidays: HolidayCalendar };

export type ReadDueDateOptions = { text: string; now: Date; zone: string; holidays: HolidayCalendar };

/** A due day in the owner's zone, and the instant it ends there. */
export type DueDate = { day: CalendarDay; dueAt: Date };

export type DueDateRead = ({ ok: true } & DueDate) | { ok: false; message: string };

/** A due date further away than this is a typo or a wish, not a follow-up. */
const LONGEST_AHEAD_DAYS = 366;
/** Refusals show a date that would be accepted; a week of business days ahead is a plausible one. */
const EXAMPLE_BUSINESS_DAYS = 5;

/**
 * The due date of an action item: the end (23:59:59.999) of the `businessDays`-th business day after the day `from`
 * falls on in `zone`, the owner's zone, so the same instant can give owners in different zones different days. That
 * day itself never counts; weekends and holidays are skipped.
 *
 * @example dueDateFor({ from: new Date('2026-11-27T10:00:00Z'), businessDays: 5, zone: 'Europe/London', holidays })
 *   // created on a Friday => { day: '2026-12-04', dueAt: 2026-12-04T23:59:59.999Z }, the end of the next Friday
 * @example dueDateFor({ from: new Date('2026-11-27T23:30:00Z'), businessDays: 1, zone: 'Pacific/Auckland', holidays })
 *   // already Saturday 28 in Auckland => { day: '2026-11-30', dueAt: 2026-11-30T10:59:59.999Z }
 * @throws RangeError when `businessDays` is not a whole number from 1 on, or `zone` is unknown.
 */
export const dueDateFor = ({ from, businessDays, zone, holidays }: DueDateOptions): DueDate => {
  if (!Number.isInteger(businessDays) || businessDays < 1) {
    throw new RangeError(`Expected a whole number of business days from 1 on; got ${businessDays}`);
  }
  const day = addBusinessDays({ day: localDayOf(from, zone), count: businessDays, holidays });
  return { day, dueAt: endOfLocalDay(day, zone) };
};

/**
 * Reads a due date typed by a person (`2026-12-04`, surrounding spaces ignored), as a day in the owner's `zone`; it is
 * due at the end of that day there. Today in `zone` is accepted. Refused, with a short Slack mrkdwn message that says
 * what was wrong and what to type instead:
 * - anything but `YYYY-MM-DD`, and dates that do not exist (`2026-13-01`, `2026-02-30`: "February 2026 has 28 days");
 * - a day before today in `zone` (the message says which day today is there);
 * - a day more than 366 days after today;
 * - a Saturday, Sunday or holiday, naming it (with the holiday's name when the calendar knows it) and suggesting the
 *   business days before and after it that would be accepted.
 * Never throws on what a person typed.
 *
 * @example readDueDate({ text: '2026-12-04', now: new Date('2026-11-27T10:00:00Z'), zone: 'Europe/London', holidays })
 *   // => { ok: true, day: '2026-12-04', dueAt: 2026-12-04T23:59:59.999Z }
 * @example readDueDate({ text: '2026-12-05', now, zone, holidays })
 *   // => { ok: false, message: '`2026-12-05` is a Saturday. Pick a business day, such as `2026-12-04` (Friday) or `2026-12-07` (Monday).' }
 */
export const readDueDate = ({ text, now, zone, holidays }: ReadDueDateOptions): DueDateRead => {
  const trimmed = text.trim();
  const today = localDayOf(now, zone);
  const latest = addCalendarDays({ day: today, count: LONGEST_AHEAD_DAYS });
  const example = `such as \`${addBusinessDays({ day: today, count: EXAMPLE_BUSINESS_DAYS, holidays })}\``;
  if (trimmed === '') return refuse(`Give a due date written \`YYYY-MM-DD\`, ${example}.`);
  const shown = `\`${(trimmed.length > 40 ? `${trimmed.slice(0, 37)}...` : trimmed).replace(/`/g, "'")}\``;
  const date = checkCalendarDate(trimmed);
  if (date.kind === 'bad-format') {
    return refuse(`${shown} is not a date. Write the due date as \`YYYY-MM-DD\`, ${example}.`);
  }
  if (date.kind === 'bad-month') {
    return refuse(`${shown} is not a date: months go from 01 to 12. Write \`YYYY-MM-DD\`, ${example}.`);
  }
  if (date.kind === 'bad-day') {
    const problem =
      date.day < 1 ? 'days start at 01' : `${MONTH_NAMES[date.month - 1]} ${date.year} has ${date.days} days`;
    return refuse(`${shown} is not a date: ${problem}. Pick a day that exists, ${example}.`);
  }
  // Sortable as text from here: four-digit years, zero-padded months and days.
  const day = trimmed;
  if (day < today) {
    return refuse(
      `${shown} is in the past: today is \`${today}\` (${labelWeekday(today)}) in ${code(zone)}. Pick today or a later day.`,
    );
  }
  if (day > latest) {
    return refuse(`${shown} is more than a year away. Pick a day up to \`${latest}\`.`);
  }
  if (!isBusinessDay(day, holidays)) {
    const holidayName = holidays.nameOf?.(day);
    const what = isWeekend(day)
      ? `a ${labelWeekday(day)}`
      : `a holiday${holidayName === undefined ? '' : ` (${holidayName})`}`;
    const suggestions = [addBusinessDays({ day, count: -1, holidays }), addBusinessDays({ day, count: 1, holidays })]
      .filter((suggestion) => suggestion >= today && suggestion <= latest)
      .map((suggestion) => `\`${suggestion}\` (${labelWeekday(suggestion)})`);
    const hint = suggestions.length === 0 ? '' : `, such as ${suggestions.join(' or ')}`;
    return refuse(`${shown} is ${what}. Pick a business day${hint}.`);
  }
  return { ok: true, day, dueAt: endOfLocalDay(day, zone) };
};

const refuse = (message: string): DueDateRead => ({ ok: false, message });

const code = (text: string): string => `\`${text}\``;

const isWeekend = (day: CalendarDay): boolean => {
  const weekday = weekdayOf(day);
  return weekday === 'saturday' || weekday === 'sunday';
};

const labelWeekday = (day: CalendarDay): string => {
  const weekday = weekdayOf(day);
  return `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}`;
};
