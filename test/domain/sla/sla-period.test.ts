import { describe, expect, it } from 'vitest';
import {
  listPeriodsOverlapping,
  listRecentPeriods,
  parsePeriod,
  periodContaining,
  type SlaPeriod,
  type SlaWindow,
} from '../../../src/domain/sla/sla-period.ts';

const HOUR = 3_600_000;
const LA = 'America/Los_Angeles';
const PARIS = 'Europe/Paris';
/** The clocks go back on 1 November in Los Angeles, so the month is 721 h long. */
const LA_NOVEMBER = {
  label: 'November 2026',
  name: 'November',
  key: '2026-11',
  start: '2026-11-01T07:00:00.000Z',
  end: '2026-12-01T08:00:00.000Z',
  hours: 721,
};

/** The fields a person checks, with instants as ISO text so a failing row reads at a glance. */
const summary = (period: SlaPeriod) => ({
  label: period.label,
  name: period.name,
  key: period.key,
  start: period.start.toISOString(),
  end: period.end.toISOString(),
  hours: (period.end.getTime() - period.start.getTime()) / HOUR,
});

const parsed = (text: string, zone = 'UTC'): SlaPeriod => {
  const result = parsePeriod({ text, zone });
  if (!result.ok) throw new Error(`expected a period, got: ${result.message}`);
  return result.period;
};

describe('periodContaining', () => {
  it.each<{ name: string; instant: string; window: SlaWindow; zone: string; expected: ReturnType<typeof summary> }>([
    {
      name: 'a 30-day month in UTC is 720 h',
      instant: '2026-11-15T12:00:00Z',
      window: 'monthly',
      zone: 'UTC',
      expected: {
        label: 'November 2026',
        name: 'November',
        key: '2026-11',
        start: '2026-11-01T00:00:00.000Z',
        end: '2026-12-01T00:00:00.000Z',
        hours: 720,
      },
    },
    {
      name: 'December ends at the start of the next year',
      instant: '2026-12-31T23:59:59Z',
      window: 'monthly',
      zone: 'UTC',
      expected: {
        label: 'December 2026',
        name: 'December',
        key: '2026-12',
        start: '2026-12-01T00:00:00.000Z',
        end: '2027-01-01T00:00:00.000Z',
        hours: 744,
      },
    },
    {
      name: 'Paris October, when the clocks go back on the 25th, is 745 h',
      instant: '2026-10-15T12:00:00Z',
      window: 'monthly',
      zone: PARIS,
      expected: {
        label: 'October 2026',
        name: 'October',
        key: '2026-10',
        start: '2026-09-30T22:00:00.000Z',
        end: '2026-10-31T23:00:00.000Z',
        hours: 745,
      },
    },
    {
      name: 'Paris March, when the clocks go forward on the 29th, is 743 h',
      instant: '2026-03-29T01:30:00Z',
      window: 'monthly',
      zone: PARIS,
      expected: {
        label: 'March 2026',
        name: 'March',
        key: '2026-03',
        start: '2026-02-28T23:00:00.000Z',
        end: '2026-03-31T22:00:00.000Z',
        hours: 743,
      },
    },
    {
      name: 'Los Angeles November, when the clocks go back on the 1st, is 721 h',
      instant: '2026-11-01T09:30:00Z',
      window: 'monthly',
      zone: LA,
      expected: LA_NOVEMBER,
    },
    {
      name: 'an instant already in November in Paris but still in October in UTC is November',
      instant: '2026-10-31T23:30:00Z',
      window: 'monthly',
      zone: PARIS,
      expected: {
        label: 'November 2026',
        name: 'November',
        key: '2026-11',
        start: '2026-10-31T23:00:00.000Z',
        end: '2026-11-30T23:00:00.000Z',
        hours: 720,
      },
    },
    {
      name: 'an instant already in December in UTC but still in November in Los Angeles is November',
      instant: '2026-12-01T07:59:59Z',
      window: 'monthly',
      zone: LA,
      expected: LA_NOVEMBER,
    },
    {
      name: 'the last minute of September in Los Angeles is Q3',
      instant: '2026-10-01T06:59:00Z',
      window: 'quarterly',
      zone: LA,
      expected: {
        label: 'Q3 2026',
        name: 'Q3',
        key: '2026-Q3',
        start: '2026-07-01T07:00:00.000Z',
        end: '2026-10-01T07:00:00.000Z',
        hours: 92 * 24,
      },
    },
    {
      name: 'Q4 in Los Angeles holds the hour the clocks go back',
      instant: '2026-10-01T07:00:00Z',
      window: 'quarterly',
      zone: LA,
      expected: {
        label: 'Q4 2026',
        name: 'Q4',
        key: '2026-Q4',
        start: '2026-10-01T07:00:00.000Z',
        end: '2027-01-01T08:00:00.000Z',
        hours: 92 * 24 + 1,
      },
    },
    {
      name: 'Q1 in Paris loses the hour the clocks go forward',
      instant: '2026-02-10T00:00:00Z',
      window: 'quarterly',
      zone: PARIS,
      expected: {
        label: 'Q1 2026',
        name: 'Q1',
        key: '2026-Q1',
        start: '2025-12-31T23:00:00.000Z',
        end: '2026-03-31T22:00:00.000Z',
        hours: 90 * 24 - 1,
      },
    },
  ])('$name', ({ instant, window, zone, expected }) => {
    expect(summary(periodContaining({ instant: new Date(instant), window, zone }))).toEqual(expected);
  });

  it('contains the instant it was asked about, at both ends', () => {
    const period = periodContaining({ instant: new Date('2026-10-31T22:59:59.999Z'), window: 'monthly', zone: PARIS });
    expect(period.key).toBe('2026-10');
    expect(periodContaining({ instant: period.end, window: 'monthly', zone: PARIS }).key).toBe('2026-11');
    expect(periodContaining({ instant: period.start, window: 'monthly', zone: PARIS }).key).toBe('2026-10');
  });
});

describe('parsePeriod', () => {
  it.each([
    { name: 'a month', text: '2026-10', zone: 'UTC', key: '2026-10', start: '2026-10-01T00:00:00.000Z' },
    { name: 'a quarter', text: '2026-Q4', zone: 'UTC', key: '2026-Q4', start: '2026-10-01T00:00:00.000Z' },
    {
      name: 'a quarter in lower case',
      text: '2026-q4',
      zone: 'UTC',
      key: '2026-Q4',
      start: '2026-10-01T00:00:00.000Z',
    },
    {
      name: 'a month with spaces around it',
      text: '  2026-11 ',
      zone: 'UTC',
      key: '2026-11',
      start: '2026-11-01T00:00:00.000Z',
    },
    { name: 'a month in the team zone', text: '2026-11', zone: LA, key: '2026-11', start: '2026-11-01T07:00:00.000Z' },
    {
      name: 'a quarter in the team zone',
      text: '2026-Q1',
      zone: PARIS,
      key: '2026-Q1',
      start: '2025-12-31T23:00:00.000Z',
    },
  ])('reads $name: $text', ({ text, zone, key, start }) => {
    const period = parsed(text, zone);
    expect(period.key).toBe(key);
    expect(period.start.toISOString()).toBe(start);
  });

  it('reads the same period as periodContaining finds', () => {
    expect(parsed('2026-10', PARIS)).toEqual(
      periodContaining({ instant: new Date('2026-10-15T00:00:00Z'), window: 'monthly', zone: PARIS }),
    );
    expect(parsed('2026-Q3', LA)).toEqual(
      periodContaining({ instant: new Date('2026-08-15T00:00:00Z'), window: 'quarterly', zone: LA }),
    );
  });

  it.each([
    { name: 'a month above 12', text: '2026-13', says: '`2026-13` is not a month: months go from 01 to 12.' },
    { name: 'month 00', text: '2026-00', says: '`2026-00` is not a month: months go from 01 to 12.' },
    { name: 'a quarter above 4', text: '2026-Q5', says: '`2026-Q5` is not a quarter: quarters go from Q1 to Q4.' },
    { name: 'quarter 0', text: '2026-q0', says: '`2026-q0` is not a quarter: quarters go from Q1 to Q4.' },
    { name: 'a month name', text: 'October', says: '`October` is not a period.' },
    { name: 'a month without its leading zero', text: '2026-1', says: '`2026-1` is not a period.' },
    { name: 'a whole date', text: '2026-10-01', says: '`2026-10-01` is not a period.' },
    { name: 'a year alone', text: '2026', says: '`2026` is not a period.' },
    { name: 'a year before 2000', text: '0099-10', says: '`0099-10` is too early: periods start in 2000.' },
    { name: 'nothing', text: '  ', says: 'Name a period.' },
  ])('refuses $name and names the accepted forms', ({ text, says }) => {
    const result = parsePeriod({ text, zone: 'UTC' });
    expect(result).toEqual({ ok: false, message: `${says} Write a month as \`2026-10\` or a quarter as \`2026-Q4\`.` });
  });
});

describe('listPeriodsOverlapping', () => {
  it.each<{ name: string; from: string; until: string; window: SlaWindow; zone: string; keys: string[] }>([
    {
      name: 'one month for a span inside it',
      from: '2026-11-03T10:00:00Z',
      until: '2026-11-03T10:27:00Z',
      window: 'monthly',
      zone: 'UTC',
      keys: ['2026-11'],
    },
    {
      name: 'both months for an outage across midnight of the 1st',
      from: '2026-10-31T23:00:00Z',
      until: '2026-11-01T00:40:00Z',
      window: 'monthly',
      zone: 'UTC',
      keys: ['2026-10', '2026-11'],
    },
    {
      name: 'the months of the team’s zone: 23:00 UTC on the 31st is already November in Paris',
      from: '2026-10-31T23:00:00Z',
      until: '2026-11-01T00:40:00Z',
      window: 'monthly',
      zone: PARIS,
      keys: ['2026-11'],
    },
    {
      name: 'every month a long span crosses, over a year’s end',
      from: '2026-11-20T00:00:00Z',
      until: '2027-01-02T00:00:00Z',
      window: 'monthly',
      zone: 'UTC',
      keys: ['2026-11', '2026-12', '2027-01'],
    },
    {
      name: 'quarters for a quarterly SLA',
      from: '2026-09-30T23:00:00Z',
      until: '2026-10-01T01:00:00Z',
      window: 'quarterly',
      zone: 'UTC',
      keys: ['2026-Q3', '2026-Q4'],
    },
    {
      name: 'nothing of the next month for a span that ends exactly at its start',
      from: '2026-10-31T23:00:00Z',
      until: '2026-11-01T00:00:00Z',
      window: 'monthly',
      zone: 'UTC',
      keys: ['2026-10'],
    },
    {
      name: 'nothing for an empty span',
      from: '2026-11-03T10:00:00Z',
      until: '2026-11-03T10:00:00Z',
      window: 'monthly',
      zone: 'UTC',
      keys: [],
    },
    {
      name: 'nothing for a reversed span',
      from: '2026-11-03T10:00:00Z',
      until: '2026-11-03T09:00:00Z',
      window: 'monthly',
      zone: 'UTC',
      keys: [],
    },
  ])('$name', ({ from, until, window, zone, keys }) => {
    const periods = listPeriodsOverlapping({ from: new Date(from), until: new Date(until), window, zone });
    expect(periods.map((period) => period.key)).toEqual(keys);
  });
});

describe('listRecentPeriods', () => {
  it.each<{ name: string; now: string; count: number; window: SlaWindow; zone: string; keys: string[] }>([
    {
      name: 'the current month last, over a year’s end',
      now: '2026-02-10T00:00:00Z',
      count: 3,
      window: 'monthly',
      zone: 'UTC',
      keys: ['2025-12', '2026-01', '2026-02'],
    },
    {
      name: 'twelve months for the availability chart',
      now: '2026-11-30T12:00:00Z',
      count: 12,
      window: 'monthly',
      zone: 'UTC',
      keys: [
        '2025-12',
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
      ],
    },
    {
      name: 'the team’s months: 23:30 UTC on 31 October is November in Paris',
      now: '2026-10-31T23:30:00Z',
      count: 2,
      window: 'monthly',
      zone: PARIS,
      keys: ['2026-10', '2026-11'],
    },
    {
      name: 'the current period even at its very first millisecond',
      now: '2026-10-01T00:00:00Z',
      count: 2,
      window: 'quarterly',
      zone: 'UTC',
      keys: ['2026-Q3', '2026-Q4'],
    },
    {
      name: 'nothing for a count of 0',
      now: '2026-10-01T00:00:00Z',
      count: 0,
      window: 'monthly',
      zone: 'UTC',
      keys: [],
    },
  ])('$name', ({ now, count, window, zone, keys }) => {
    expect(listRecentPeriods({ now: new Date(now), count, window, zone }).map((period) => period.key)).toEqual(keys);
  });

  it('gives periods that follow each other without a gap', () => {
    const periods = listRecentPeriods({
      now: new Date('2026-11-15T00:00:00Z'),
      count: 12,
      window: 'monthly',
      zone: LA,
    });
    for (let i = 1; i < periods.length; i += 1) {
      expect(periods[i]?.start.getTime()).toBe(periods[i - 1]?.end.getTime());
    }
  });
});
