import type { TTeamConfig } from '../team-config/team-config.ts';
import {
  addBusinessDays,
  addCalendarDays,
  type CalendarDay,
  countBusinessDaysAfter,
  type HolidayCalendar,
  isBusinessDay,
  localDayOf,
  localHourOn,
  type Weekday,
  weekdayOf,
} from '../time/business-days.ts';

/** How owners of action items are followed up, as `reminders` in `sitrep.yml`. */
export type ReminderPolicy = TTeamConfig['reminders'];

export type ReminderKind = 'day_before' | 'due' | 'overdue';

export type ReminderSlot = {
  kind: ReminderKind;
  /** The owner's calendar day the reminder is for. */
  day: CalendarDay;
  /** `dueMorningHour`:00 on `day` in the owner's zone. */
  at: Date;
  /** Business days after the due day, up to and including `day`: 0 for `day_before` and `due`. */
  businessDaysOverdue: number;
  /** Whether this reminder should also tell the incident lead (whether the lead was told already is not known here). */
  escalate: boolean;
};

export type ReminderScheduleOptions = {
  /** The end of the action's due day in the owner's zone, as `dueDateFor` and `readDueDate` give it. */
  dueAt: Date;
  /** The owner's IANA time zone. */
  zone: string;
  policy: ReminderPolicy;
  holidays: HolidayCalendar;
};

export type DigestPolicy = Pick<ReminderPolicy, 'digest'>;

export type DigestSlot = { day: CalendarDay; at: Date };

export type NextDigestOptions = { after: Date; zone: string; policy: DigestPolicy; holidays: HolidayCalendar };

export type CurrentDigestOptions = { now: Date; zone: string; policy: DigestPolicy; holidays: HolidayCalendar };

/** A digest weekday that is a holiday every week for this long means a broken calendar, not a quiet year. */
const LONGEST_DIGEST_SEARCH_WEEKS = 60;

/**
 * The first reminder slot strictly after `after`. Slots are at `dueMorningHour`:00 in the owner's `zone`, only on
 * business days, in this order (D is the day `dueAt` falls on in `zone`):
 * - `day_before`: the business day before D, when `policy.dayBeforeDue`;
 * - `due`: D itself, when D is a business day (a due day that became a holiday has no `due` slot);
 * - `overdue`: every business day after D when `policy.overdueEveryBusinessDay`; otherwise only the first business
 *   day after D and the day it is `escalateToLeadAfterBusinessDays` business days overdue.
 * A slot escalates when it is `overdue` with `businessDaysOverdue` >= `escalateToLeadAfterBusinessDays`, or is the
 * `due` slot when that setting is 0.
 *
 * Undefined only when no slot is left: never when overdue reminders go every business day (they go on while the
 * action is open), and after the escalation day otherwise. Each slot is computed from its day, not searched minute by
 * minute, so this costs a few calendar look-ups plus one per business day the action is overdue.
 *
 * @example nextReminderSlot({ dueAt: new Date('2026-12-04T23:59:59.999Z'), zone: 'Europe/London', policy, holidays,
 *   after: new Date('2026-12-03T09:00:00Z') }) // with dueMorningHour 9 => { kind: 'due', day: '2026-12-04',
 *   at: 2026-12-04T09:00:00Z, businessDaysOverdue: 0, escalate: false }
 * @example nextReminderSlot({ ...same, after: new Date('2026-12-04T09:00:00Z') })
 *   // => { kind: 'overdue', day: '2026-12-07' (the Monday), at: 2026-12-07T09:00:00Z, businessDaysOverdue: 1, … }
 * @throws RangeError when `zone` is unknown or the holiday calendar has no business day in 400 days.
 */
export const nextReminderSlot = (options: ReminderScheduleOptions & { after: Date }): ReminderSlot | undefined => {
  const { dueAt, zone, policy, holidays, after } = options;
  const dueDay = localDayOf(dueAt, zone);
  const isAfter = (slot: ReminderSlot | undefined): slot is ReminderSlot =>
    slot !== undefined && slot.at.getTime() > after.getTime();

  // A slot's instant is on its own day (or, past a jump of the clocks, at the very start of the next), so no slot on a
  // day before the one `after` falls on can be after it.
  const afterDay = localDayOf(after, zone);
  if (afterDay <= dueDay) {
    if (policy.dayBeforeDue) {
      const dayBefore = addBusinessDays({ day: dueDay, count: -1, holidays });
      const slot = slotOn({ ...options, dueDay, day: dayBefore });
      if (isAfter(slot)) return slot;
    }
    const due = slotOn({ ...options, dueDay, day: dueDay });
    if (isAfter(due)) return due;
  }

  if (!policy.overdueEveryBusinessDay) {
    return overdueCounts(policy)
      .map((count) => slotOn({ ...options, dueDay, day: addBusinessDays({ day: dueDay, count, holidays }) }))
      .find(isAfter);
  }
  const firstCandidate = maxDay(addCalendarDays({ day: dueDay, count: 1 }), afterDay);
  const day = isBusinessDay(firstCandidate, holidays)
    ? firstCandidate
    : addBusinessDays({ day: firstCandidate, count: 1, holidays });
  const businessDaysOverdue = countBusinessDaysAfter({ from: dueDay, to: day, holidays });
  const slot = overdueSlot({ day, businessDaysOverdue, zone, policy });
  if (isAfter(slot)) return slot;
  // Only a slot on the day `after` falls on can be at or before it, so the next business day's is the one.
  const nextDay = addBusinessDays({ day, count: 1, holidays });
  return overdueSlot({ day: nextDay, businessDaysOverdue: businessDaysOverdue + 1, zone, policy });
};

/**
 * The reminder to send at `now`: the slot on today's date in the owner's `zone` when its time has come (`at` <=
 * `now`), else undefined. There is at most one slot a day, so it is also the latest one. A slot whose day has passed
 * is never returned: a day missed while sitrep was down is skipped, not sent late the next day. The slots are the
 * ones `nextReminderSlot` describes.
 *
 * @example currentReminderSlot({ dueAt: new Date('2026-12-04T23:59:59.999Z'), zone: 'Europe/London', policy,
 *   holidays, now: new Date('2026-12-04T15:00:00Z') }) // => the `due` slot of 2026-12-04 at 09:00Z
 * @example currentReminderSlot({ ...same, now: new Date('2026-12-04T08:59:00Z') }) // => undefined (not 09:00 yet)
 * @throws RangeError when `zone` is unknown or the holiday calendar has no business day in 400 days.
 */
export const currentReminderSlot = (options: ReminderScheduleOptions & { now: Date }): ReminderSlot | undefined => {
  const { dueAt, zone, now } = options;
  const slot = slotOn({ ...options, dueDay: localDayOf(dueAt, zone), day: localDayOf(now, zone) });
  return slot !== undefined && slot.at.getTime() <= now.getTime() ? slot : undefined;
};

/**
 * The next weekly digest strictly after `after`: `digest.hour`:00 on `digest.weekday` in the team's `zone`. A week
 * whose digest day is a holiday has no digest (it is not moved to another day). The digest day need not be a
 * business day: a team that asks for Sundays gets Sundays.
 *
 * @example nextDigestSlot({ after: new Date('2026-12-21T09:00:00Z'), zone: 'Europe/London',
 *   policy: { digest: { weekday: 'monday', hour: 9 } }, holidays }) // with 28 December off
 *   // => { day: '2027-01-04', at: 2027-01-04T09:00:00Z }
 * @throws RangeError when `zone` is unknown or the digest day is a holiday for 60 weeks in a row.
 */
export const nextDigestSlot = ({ after, zone, policy, holidays }: NextDigestOptions): DigestSlot => {
  const today = localDayOf(after, zone);
  const daysAhead = (weekdayIndex(policy.digest.weekday) - weekdayIndex(weekdayOf(today)) + 7) % 7;
  let day = addCalendarDays({ day: today, count: daysAhead });
  for (let week = 0; week <= LONGEST_DIGEST_SEARCH_WEEKS; week += 1) {
    const at = localHourOn({ day, hour: policy.digest.hour, zone });
    if (!holidays.isHoliday(day) && at.getTime() > after.getTime()) return { day, at };
    day = addCalendarDays({ day, count: 7 });
  }
  throw new RangeError(`The digest day is a holiday every week for ${LONGEST_DIGEST_SEARCH_WEEKS} weeks from ${today}`);
};

/**
 * Today's weekly digest in the team's `zone` when it is due: today is `digest.weekday`, not a holiday, and
 * `digest.hour`:00 has come (`at` <= `now`). Undefined otherwise, including on the following days: a digest missed
 * while sitrep was down is skipped.
 *
 * @example currentDigestSlot({ now: new Date('2026-11-30T10:00:00Z'), zone: 'Europe/London',
 *   policy: { digest: { weekday: 'monday', hour: 9 } }, holidays }) // => { day: '2026-11-30', at: 2026-11-30T09:00:00Z }
 * @throws RangeError when `zone` is unknown.
 */
export const currentDigestSlot = ({ now, zone, policy, holidays }: CurrentDigestOptions): DigestSlot | undefined => {
  const day = localDayOf(now, zone);
  if (weekdayOf(day) !== policy.digest.weekday || holidays.isHoliday(day)) return undefined;
  const at = localHourOn({ day, hour: policy.digest.hour, zone });
  return at.getTime() <= now.getTime() ? { day, at } : undefined;
};

const WEEKDAY_ORDER: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

const weekdayIndex = (weekday: Weekday): number => WEEKDAY_ORDER.indexOf(weekday);

// Calendar days sort as text.
const maxDay = (first: CalendarDay, second: CalendarDay): CalendarDay => (first > second ? first : second);

/** The business-day counts that get an overdue reminder when reminders do not go every business day. */
const overdueCounts = (policy: ReminderPolicy): number[] => {
  const escalation = policy.escalateToLeadAfterBusinessDays;
  // At 0 the lead is told on the due day itself; the first overdue day still reminds the owner.
  return escalation > 1 ? [1, escalation] : [1];
};

const overdueSlot = ({
  day,
  businessDaysOverdue,
  zone,
  policy,
}: {
  day: CalendarDay;
  businessDaysOverdue: number;
  zone: string;
  policy: ReminderPolicy;
}): ReminderSlot => ({
  kind: 'overdue',
  day,
  at: localHourOn({ day, hour: policy.dueMorningHour, zone }),
  businessDaysOverdue,
  escalate: businessDaysOverdue >= policy.escalateToLeadAfterBusinessDays,
});

/** The slot on `day`, if the schedule has one there. */
const slotOn = ({
  day,
  dueDay,
  zone,
  policy,
  holidays,
}: Omit<ReminderScheduleOptions, 'dueAt'> & { day: CalendarDay; dueDay: CalendarDay }): ReminderSlot | undefined => {
  if (!isBusinessDay(day, holidays)) return undefined;
  const at = () => localHourOn({ day, hour: policy.dueMorningHour, zone });
  if (day === dueDay) {
    return {
      kind: 'due',
      day,
      at: at(),
      businessDaysOverdue: 0,
      escalate: policy.escalateToLeadAfterBusinessDays === 0,
    };
  }
  if (day < dueDay) {
    const isDayBefore = policy.dayBeforeDue && addBusinessDays({ day: dueDay, count: -1, holidays }) === day;
    return isDayBefore ? { kind: 'day_before', day, at: at(), businessDaysOverdue: 0, escalate: false } : undefined;
  }
  const businessDaysOverdue = countBusinessDaysAfter({ from: dueDay, to: day, holidays });
  const reminded = policy.overdueEveryBusinessDay || overdueCounts(policy).includes(businessDaysOverdue);
  return reminded ? overdueSlot({ day, businessDaysOverdue, zone, policy }) : undefined;
};
