import { TZDate } from '@date-fns/tz';
import { createWallClock, MONTH_NAMES } from '../time/wall-clock.ts';

/** A calendar month or quarter in the team's time zone, the window an SLA target is measured over. */
export type SlaPeriod = {
  kind: 'month' | 'quarter';
  year: number;
  /** The month (1 to 12) or the quarter (1 to 4). */
  index: number;
  /** Local midnight of the first day, in the team's zone. */
  start: Date;
  /** Exclusive: the start of the next period. */
  end: Date;
  /** `November 2026`, `Q4 2026` */
  label: string;
  /** `November`, `Q4`: how a budget line names it. */
  name: string;
  /** `2026-11`, `2026-Q4`: what `parsePeriod` reads, and a key for once-per-period work. */
  key: string;
};

export type SlaWindow = 'monthly' | 'quarterly';

export type PeriodContainingOptions = { instant: Date; window: SlaWindow; zone: string };

export type ParsePeriodOptions = { text: string; zone: string };

export type ParsedPeriod = { ok: true; period: SlaPeriod } | { ok: false; message: string };

// Years 0 to 99 would be read as 1900 to 1999 by the Date constructor, and nothing was measured before sitrep existed.
const EARLIEST_YEAR = 2000;
const FORMS = 'Write a month as `2026-10` or a quarter as `2026-Q4`.';

/**
 * The calendar month or quarter (`window`) that holds `instant`, as the team's clocks in `zone` see it. A period
 * starts at local midnight of its first day and ends, exclusive, where the next one starts, so its length is the real
 * one: a month with a DST change is an hour shorter or longer than its days times 24 h, which the allowed downtime
 * follows. Where a zone skipped midnight on the 1st, the period starts when its clocks jumped.
 *
 * @example periodContaining({ instant: new Date('2026-10-31T23:30:00Z'), window: 'monthly', zone: 'Europe/Paris' })
 *   // 00:30 on 1 November in Paris => November 2026, 2026-10-31T23:00:00Z to 2026-11-30T23:00:00Z
 * @example periodContaining({ instant: new Date('2026-10-01T06:59:00Z'), window: 'quarterly', zone: 'America/Los_Angeles' })
 *   // 23:59 on 30 September in Los Angeles => Q3 2026, 2026-07-01T07:00:00Z to 2026-10-01T07:00:00Z
 * @example periodContaining({ instant: new Date('2026-10-15T12:00:00Z'), window: 'monthly', zone: 'Europe/Paris' })
 *   // October 2026 is 745 h long: the clocks go back an hour on the 25th
 */
export const periodContaining = ({ instant, window, zone }: PeriodContainingOptions): SlaPeriod => {
  const local = new Date(createWallClock(zone)(instant));
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  return window === 'monthly'
    ? buildPeriod({ kind: 'month', year, index: month, zone })
    : buildPeriod({ kind: 'quarter', year, index: Math.ceil(month / 3), zone });
};

/**
 * Reads a period someone typed: a month `2026-10` or a quarter `2026-Q4` (`q` in either case, surrounding spaces
 * ignored), in the team's `zone`. Anything else, a month outside 01 to 12, a quarter outside 1 to 4 or a year before
 * 2000 is refused with a message that names the accepted forms. Never throws.
 *
 * @example parsePeriod({ text: '2026-q4', zone: 'UTC' }) // => { ok: true, period: Q4 2026, 2026-10-01 to 2027-01-01 }
 * @example parsePeriod({ text: '2026-13', zone: 'UTC' })
 *   // => { ok: false, message: '`2026-13` is not a month: months go from 01 to 12. Write a month as `2026-10` or …' }
 */
export const parsePeriod = ({ text, zone }: ParsePeriodOptions): ParsedPeriod => {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `Name a period. ${FORMS}` };
  const shown = `\`${trimmed.replace(/`/g, "'")}\``;
  const match = /^(\d{4})-(?:(\d{2})|q(\d))$/i.exec(trimmed);
  if (match === null) return { ok: false, message: `${shown} is not a period. ${FORMS}` };
  const [, yearText, monthText, quarterText] = match;
  const year = Number(yearText);
  if (year < EARLIEST_YEAR) {
    return { ok: false, message: `${shown} is too early: periods start in ${EARLIEST_YEAR}. ${FORMS}` };
  }
  if (monthText !== undefined) {
    const month = Number(monthText);
    if (month < 1 || month > 12) {
      return { ok: false, message: `${shown} is not a month: months go from 01 to 12. ${FORMS}` };
    }
    return { ok: true, period: buildPeriod({ kind: 'month', year, index: month, zone }) };
  }
  const quarter = Number(quarterText);
  if (quarter < 1 || quarter > 4) {
    return { ok: false, message: `${shown} is not a quarter: quarters go from Q1 to Q4. ${FORMS}` };
  }
  return { ok: true, period: buildPeriod({ kind: 'quarter', year, index: quarter, zone }) };
};

type PeriodFields = Pick<SlaPeriod, 'kind' | 'year' | 'index'> & { zone: string };

const buildPeriod = ({ kind, year, index, zone }: PeriodFields): SlaPeriod => {
  const firstMonth = kind === 'month' ? index - 1 : (index - 1) * 3;
  const months = kind === 'month' ? 1 : 3;
  const name = kind === 'month' ? (MONTH_NAMES[firstMonth] ?? '') : `Q${index}`;
  return {
    kind,
    year,
    index,
    // TZDate reads the fields in `zone`, lets month 12 roll into the next year, and moves a skipped midnight to the jump.
    start: new Date(new TZDate(year, firstMonth, 1, zone).getTime()),
    end: new Date(new TZDate(year, firstMonth + months, 1, zone).getTime()),
    label: `${name} ${year}`,
    name,
    key: kind === 'month' ? `${year}-${String(index).padStart(2, '0')}` : `${year}-Q${index}`,
  };
};

export type PeriodsOverlappingOptions = { from: Date; until: Date; window: SlaWindow; zone: string };

/**
 * Every SLA period (`window`, in `zone`) that the span [`from`, `until`) has time in, oldest first: one for a span
 * inside a month, two for an outage across midnight of the 1st, none for an empty or reversed span. A span that ends
 * exactly where a period starts has no time in it.
 *
 * @example listPeriodsOverlapping({ from: new Date('2026-10-31T23:00:00Z'), until: new Date('2026-11-01T00:40:00Z'),
 *     window: 'monthly', zone: 'UTC' })
 *   // => [October 2026, November 2026]
 */
export const listPeriodsOverlapping = ({ from, until, window, zone }: PeriodsOverlappingOptions): SlaPeriod[] => {
  const periods: SlaPeriod[] = [];
  if (until.getTime() <= from.getTime()) return periods;
  let period = periodContaining({ instant: from, window, zone });
  while (period.start.getTime() < until.getTime()) {
    periods.push(period);
    period = periodContaining({ instant: period.end, window, zone });
  }
  return periods;
};

export type RecentPeriodsOptions = { now: Date; count: number; window: SlaWindow; zone: string };

/**
 * The `count` periods (`window`, in `zone`) up to and including the one that holds `now`, oldest first: the last
 * twelve months for an availability chart. The current period is there even though it is still running.
 *
 * @example listRecentPeriods({ now: new Date('2026-02-10T00:00:00Z'), count: 3, window: 'monthly', zone: 'UTC' })
 *   // => [December 2025, January 2026, February 2026]
 */
export const listRecentPeriods = ({ now, count, window, zone }: RecentPeriodsOptions): SlaPeriod[] => {
  if (count < 1) return [];
  const current = periodContaining({ instant: now, window, zone });
  let first = current;
  // The millisecond before a period starts lies in the one before it.
  for (let back = 1; back < count; back += 1) {
    first = periodContaining({ instant: new Date(first.start.getTime() - 1), window, zone });
  }
  return listPeriodsOverlapping({ from: first.start, until: current.end, window, zone });
};
