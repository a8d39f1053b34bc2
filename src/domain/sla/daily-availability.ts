import { addCalendarDays, type CalendarDay, endOfLocalDay, localDayOf } from '../time/business-days.ts';
import { computeDowntime, type DowntimeOptions, type DowntimeReport, type ImpactSpan } from './downtime.ts';
import { groupSpansByWindow } from './spans-by-window.ts';

/** A calendar day on the team's clocks: from its local midnight to the next one, 23 or 25 h across a DST change. */
export type DayWindow = { day: CalendarDay; start: Date; end: Date };

export type DailyAvailabilityOptions = {
  spans: readonly ImpactSpan[];
  service: string;
  /** How many days, today included: 90 for the strip. */
  days: number;
  /** The team's zone, whose midnights bound the days. */
  zone: string;
  /** The service's objective: a day with more downtime than it allows over that day reads as breached. */
  target: number;
  degradedWeight: number;
  now: Date;
  maintenance?: DowntimeOptions['maintenance'];
};

/** Local midnight at the start of `day` in `zone`: the millisecond after the day before ends. */
const startOfLocalDay = (day: CalendarDay, zone: string): Date =>
  new Date(endOfLocalDay(addCalendarDays({ day, count: -1 }), zone).getTime() + 1);

/**
 * The downtime of `service` on each of the last `days` calendar days in `zone`, today (still running, read over the
 * part gone by) last. Each day is measured by `computeDowntime` over that day as its window, so the rule is the SLA's:
 * overlapping outages count once, degraded time outside outages counts `degradedWeight`, an open span runs to `now`
 * and a span across midnight is split between the two days. A day the clocks change on is 23 or 25 h long.
 *
 * @example computeDailyAvailability({ spans, service, days: 3, zone: 'America/Los_Angeles', target: 99.9,
 *     degradedWeight: 0, now: new Date('2026-03-09T20:00:00Z') })
 *   // => 7, 8 (23 h: 08:00Z to 07:00Z next day) and 9 March (so far), each a DowntimeReport over its day
 */
export const computeDailyAvailability = ({
  spans,
  service,
  days,
  zone,
  target,
  degradedWeight,
  now,
  maintenance,
}: DailyAvailabilityOptions): DowntimeReport<DayWindow>[] => {
  const today = localDayOf(now, zone);
  const windows: DayWindow[] = [];
  for (let back = days - 1; back >= 0; back -= 1) {
    const day = addCalendarDays({ day: today, count: -back });
    windows.push({ day, start: startOfLocalDay(day, zone), end: new Date(endOfLocalDay(day, zone).getTime() + 1) });
  }
  // Each day measures only the spans that reach into it, not the service's whole history.
  const byDay = groupSpansByWindow(
    spans.filter((span) => span.service === service),
    windows,
  );
  return windows.map((period, index) =>
    computeDowntime({
      spans: byDay[index] ?? [],
      service,
      period,
      target,
      degradedWeight,
      now,
      ...(maintenance === undefined ? {} : { maintenance }),
    }),
  );
};
