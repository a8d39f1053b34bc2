import { addCalendarDays, type CalendarDay, localDayOf, localHourOn, weekdayOf } from './business-days.ts';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export type WeekStartsOptions = { now: Date; count: number; zone: string };

/**
 * The Mondays that start the last `count` weeks on the clocks of `zone`, oldest first, the week holding `now` last:
 * each its calendar day and the instant its midnight is.
 *
 * @example listWeekStarts({ now: new Date('2026-12-09T12:00:00Z'), count: 2, zone: 'UTC' })
 *   // => [{ day: '2026-11-30', start: 2026-11-30T00:00Z }, { day: '2026-12-07', start: 2026-12-07T00:00Z }]
 */
export const listWeekStarts = ({ now, count, zone }: WeekStartsOptions): { day: CalendarDay; start: Date }[] => {
  const today = localDayOf(now, zone);
  const monday = addCalendarDays({ day: today, count: -WEEKDAYS.indexOf(weekdayOf(today)) });
  return Array.from({ length: count }, (_, i) => {
    const day = addCalendarDays({ day: monday, count: -7 * (count - 1 - i) });
    return { day, start: localHourOn({ day, hour: 0, zone }) };
  });
};
