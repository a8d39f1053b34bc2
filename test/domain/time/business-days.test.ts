import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addCalendarDays,
  countBusinessDaysAfter,
  endOfLocalDay,
  type HolidayCalendar,
  isBusinessDay,
  localDayOf,
  localHourOn,
  weekdayOf,
} from '../../../src/domain/time/business-days.ts';

const holidaysOn = (...days: string[]): HolidayCalendar => {
  const set = new Set(days);
  return { isHoliday: (day) => set.has(day) };
};

/** Holidays on days of the month 1, 8, 15 and 22 plus each offset: several a month, on every weekday over time. */
const holidaysOnDaysOfMonth = (offsets: number[]): HolidayCalendar => {
  const daysOfMonth = new Set(offsets.flatMap((offset) => [1, 8, 15, 22].map((start) => start + offset)));
  return { isHoliday: (day) => daysOfMonth.has(Number(day.slice(8, 10))) };
};

const NONE = holidaysOn();
/** Christmas Eve and Day, New Year's Eve and Day 2026-27: two Thursday-Friday pairs. */
const YEAR_END = holidaysOn('2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01');

describe('isBusinessDay', () => {
  it.each([
    { name: 'a Monday is a business day', day: '2026-11-30', holidays: NONE, expected: true },
    { name: 'a Friday is a business day', day: '2026-12-04', holidays: NONE, expected: true },
    { name: 'a Saturday never is', day: '2026-12-05', holidays: NONE, expected: false },
    { name: 'a Sunday never is', day: '2026-12-06', holidays: NONE, expected: false },
    { name: 'a holiday on a weekday is not', day: '2026-12-25', holidays: YEAR_END, expected: false },
    { name: 'the day after a holiday is', day: '2026-12-28', holidays: YEAR_END, expected: true },
    { name: 'a leap day on a Tuesday is', day: '2028-02-29', holidays: NONE, expected: true },
  ])('$name ($day)', ({ day, holidays, expected }) => {
    expect(isBusinessDay(day, holidays)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '26-01-01', '0099-01-01', ''])(
    'refuses %j, which is not a real YYYY-MM-DD date',
    (day) => {
      expect(() => isBusinessDay(day, NONE)).toThrow(RangeError);
    },
  );
});

describe('addBusinessDays', () => {
  it.each([
    {
      name: 'created on a Friday, 5 business days is the next Friday',
      day: '2026-11-27',
      count: 5,
      expected: '2026-12-04',
    },
    { name: 'from a Saturday, 1 business day is the Monday', day: '2026-11-28', count: 1, expected: '2026-11-30' },
    { name: 'from a Sunday, 5 business days is the Friday', day: '2026-11-29', count: 5, expected: '2026-12-04' },
    { name: 'from a Friday, 1 business day skips the weekend', day: '2026-12-04', count: 1, expected: '2026-12-07' },
    { name: 'before a Monday, 1 business day is the Friday', day: '2026-11-30', count: -1, expected: '2026-11-27' },
    { name: 'before a Sunday, 1 business day is the Friday', day: '2026-12-06', count: -1, expected: '2026-12-04' },
    { name: 'skips Christmas Eve and Day', day: '2026-12-23', count: 1, expected: '2026-12-28', holidays: YEAR_END },
    { name: 'skips both year-end pairs', day: '2026-12-23', count: 4, expected: '2027-01-04', holidays: YEAR_END },
    { name: 'counts back over Christmas', day: '2026-12-28', count: -1, expected: '2026-12-23', holidays: YEAR_END },
    { name: 'counts back over New Year', day: '2027-01-04', count: -2, expected: '2026-12-29', holidays: YEAR_END },
    { name: 'crosses a leap day', day: '2028-02-28', count: 1, expected: '2028-02-29' },
    {
      name: 'from a holiday, 1 business day is the next one',
      day: '2026-12-24',
      count: 1,
      expected: '2026-12-28',
      holidays: YEAR_END,
    },
  ])('$name: $day + $count => $expected', ({ day, count, expected, holidays }) => {
    expect(addBusinessDays({ day, count, holidays: holidays ?? NONE })).toBe(expected);
  });

  it.each([0, 1.5, Number.NaN])('refuses a count of %d, which names no business day', (count) => {
    expect(() => addBusinessDays({ day: '2026-12-01', count, holidays: NONE })).toThrow(RangeError);
  });

  it('stops with an error on a calendar where every day is a holiday, instead of looping forever', () => {
    expect(() => addBusinessDays({ day: '2026-12-01', count: 1, holidays: { isHoliday: () => true } })).toThrow(
      /no business day in the 400 days/,
    );
  });
});

describe('countBusinessDaysAfter', () => {
  it.each([
    { name: 'Friday to Monday is 1', from: '2026-12-04', to: '2026-12-07', expected: 1 },
    { name: 'Friday to the next Friday is 5', from: '2026-11-27', to: '2026-12-04', expected: 5 },
    { name: 'a day to itself is 0', from: '2026-12-04', to: '2026-12-04', expected: 0 },
    { name: 'Friday to Sunday is 0', from: '2026-12-04', to: '2026-12-06', expected: 0 },
    { name: 'backwards is 0', from: '2026-12-07', to: '2026-12-04', expected: 0 },
    { name: 'over the year-end holidays', from: '2026-12-23', to: '2027-01-04', expected: 4, holidays: YEAR_END },
    {
      name: 'a holiday at the end is not counted',
      from: '2026-12-23',
      to: '2026-12-25',
      expected: 0,
      holidays: YEAR_END,
    },
  ])('$name ($from to $to)', ({ from, to, expected, holidays }) => {
    expect(countBusinessDaysAfter({ from, to, holidays: holidays ?? NONE })).toBe(expected);
  });
});

describe('addCalendarDays', () => {
  it.each([
    { day: '2026-12-25', count: 7, expected: '2027-01-01' },
    { day: '2028-03-01', count: -1, expected: '2028-02-29' },
    { day: '2027-03-01', count: -1, expected: '2027-02-28' },
    { day: '2026-03-08', count: 1, expected: '2026-03-09' },
  ])(
    'counts calendar days across months, years and leap days: $day + $count => $expected',
    ({ day, count, expected }) => {
      expect(addCalendarDays({ day, count })).toBe(expected);
    },
  );
});

describe('weekdayOf', () => {
  it.each([
    { day: '1970-01-01', expected: 'thursday' },
    { day: '1969-12-31', expected: 'wednesday' },
    { day: '2026-11-27', expected: 'friday' },
    { day: '2026-11-29', expected: 'sunday' },
    { day: '2026-11-30', expected: 'monday' },
    { day: '2028-02-29', expected: 'tuesday' },
  ])('names the weekday of $day, before and after the epoch: $expected', ({ day, expected }) => {
    expect(weekdayOf(day)).toBe(expected);
  });
});

describe('localDayOf', () => {
  it.each([
    { name: 'Friday 23:30 in London', at: '2026-11-27T23:30:00Z', zone: 'Europe/London', expected: '2026-11-27' },
    {
      name: 'is already Saturday in Auckland',
      at: '2026-11-27T23:30:00Z',
      zone: 'Pacific/Auckland',
      expected: '2026-11-28',
    },
    {
      name: 'is still Friday in Los Angeles',
      at: '2026-11-28T07:59:59Z',
      zone: 'America/Los_Angeles',
      expected: '2026-11-27',
    },
    {
      name: 'midnight in Los Angeles starts the day',
      at: '2026-11-28T08:00:00Z',
      zone: 'America/Los_Angeles',
      expected: '2026-11-28',
    },
    {
      name: 'the second 01:30 on the fall-back day',
      at: '2026-11-01T09:30:00Z',
      zone: 'America/Los_Angeles',
      expected: '2026-11-01',
    },
    { name: 'the last millisecond of a UTC day', at: '2026-12-31T23:59:59.999Z', zone: 'UTC', expected: '2026-12-31' },
  ])('$name: $at => $expected', ({ at, zone, expected }) => {
    expect(localDayOf(new Date(at), zone)).toBe(expected);
  });

  it('refuses a zone the runtime does not know', () => {
    expect(() => localDayOf(new Date('2026-11-27T12:00:00Z'), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('endOfLocalDay', () => {
  it.each([
    { name: 'a winter day in London', day: '2026-12-04', zone: 'Europe/London', expected: '2026-12-04T23:59:59.999Z' },
    {
      name: 'a summer day in Paris (CEST)',
      day: '2026-07-14',
      zone: 'Europe/Paris',
      expected: '2026-07-14T21:59:59.999Z',
    },
    {
      name: 'the day Paris goes back to CET',
      day: '2026-10-25',
      zone: 'Europe/Paris',
      expected: '2026-10-25T22:59:59.999Z',
    },
    {
      name: 'the day before Paris goes back',
      day: '2026-10-24',
      zone: 'Europe/Paris',
      expected: '2026-10-24T21:59:59.999Z',
    },
    {
      name: 'the day Los Angeles springs forward',
      day: '2026-03-08',
      zone: 'America/Los_Angeles',
      expected: '2026-03-09T06:59:59.999Z',
    },
    {
      name: 'the day Los Angeles falls back',
      day: '2026-11-01',
      zone: 'America/Los_Angeles',
      expected: '2026-11-02T07:59:59.999Z',
    },
    {
      name: 'a day in Auckland, 13 h ahead',
      day: '2026-11-30',
      zone: 'Pacific/Auckland',
      expected: '2026-11-30T10:59:59.999Z',
    },
    {
      name: 'before Santiago skips midnight',
      day: '2026-09-05',
      zone: 'America/Santiago',
      expected: '2026-09-06T03:59:59.999Z',
    },
    {
      name: 'when Santiago repeats 23:00 to 24:00',
      day: '2026-04-04',
      zone: 'America/Santiago',
      expected: '2026-04-05T03:59:59.999Z',
    },
  ])('$name: $day ends at $expected', ({ day, zone, expected }) => {
    const end = endOfLocalDay(day, zone);
    expect(end.toISOString()).toBe(expected);
    expect(localDayOf(end, zone)).toBe(day);
    expect(localDayOf(new Date(end.getTime() + 1), zone)).toBe(addCalendarDays({ day, count: 1 }));
  });
});

describe('localHourOn', () => {
  it.each([
    {
      name: '09:00 in London in winter',
      day: '2026-12-04',
      hour: 9,
      zone: 'Europe/London',
      expected: '2026-12-04T09:00:00.000Z',
    },
    {
      name: '09:00 in Paris before the autumn change (CEST)',
      day: '2026-10-23',
      hour: 9,
      zone: 'Europe/Paris',
      expected: '2026-10-23T07:00:00.000Z',
    },
    {
      name: '09:00 in Paris after the autumn change (CET)',
      day: '2026-10-26',
      hour: 9,
      zone: 'Europe/Paris',
      expected: '2026-10-26T08:00:00.000Z',
    },
    {
      name: '09:00 in Los Angeles before spring forward (PST)',
      day: '2026-03-06',
      hour: 9,
      zone: 'America/Los_Angeles',
      expected: '2026-03-06T17:00:00.000Z',
    },
    {
      name: '09:00 in Los Angeles after spring forward (PDT)',
      day: '2026-03-09',
      hour: 9,
      zone: 'America/Los_Angeles',
      expected: '2026-03-09T16:00:00.000Z',
    },
    {
      name: '09:00 in Los Angeles after falling back (PST)',
      day: '2026-11-02',
      hour: 9,
      zone: 'America/Los_Angeles',
      expected: '2026-11-02T17:00:00.000Z',
    },
    {
      name: 'the skipped 02:00 in Los Angeles is 03:00 PDT',
      day: '2026-03-08',
      hour: 2,
      zone: 'America/Los_Angeles',
      expected: '2026-03-08T10:00:00.000Z',
    },
    {
      name: 'the skipped 02:00 in Paris is 03:00 CEST',
      day: '2026-03-29',
      hour: 2,
      zone: 'Europe/Paris',
      expected: '2026-03-29T01:00:00.000Z',
    },
    {
      name: 'the skipped midnight in Santiago is 01:00',
      day: '2026-09-06',
      hour: 0,
      zone: 'America/Santiago',
      expected: '2026-09-06T04:00:00.000Z',
    },
    {
      name: 'the half-hour jump on Lord Howe is 02:30',
      day: '2026-10-04',
      hour: 2,
      zone: 'Australia/Lord_Howe',
      expected: '2026-10-03T15:30:00.000Z',
    },
    {
      name: 'the repeated 01:00 in Los Angeles is the first (PDT)',
      day: '2026-11-01',
      hour: 1,
      zone: 'America/Los_Angeles',
      expected: '2026-11-01T08:00:00.000Z',
    },
    {
      name: 'the repeated 02:00 in Paris is the first (CEST)',
      day: '2026-10-25',
      hour: 2,
      zone: 'Europe/Paris',
      expected: '2026-10-25T00:00:00.000Z',
    },
    {
      name: 'midnight in Auckland is the previous UTC day',
      day: '2026-11-30',
      hour: 0,
      zone: 'Pacific/Auckland',
      expected: '2026-11-29T11:00:00.000Z',
    },
  ])('$name', ({ day, hour, zone, expected }) => {
    expect(localHourOn({ day, hour, zone }).toISOString()).toBe(expected);
  });

  it.each([-1, 24, 9.5])('refuses hour %d, which is not on a 24-hour clock', (hour) => {
    expect(() => localHourOn({ day: '2026-12-04', hour, zone: 'UTC' })).toThrow(RangeError);
  });
});

describe('properties', () => {
  const days = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
  // Up to 20 holidays a month, on any weekday: a calendar far busier than any real one.
  const calendars = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 }).map(holidaysOnDaysOfMonth);
  const counts = fc.integer({ min: -60, max: 60 }).filter((count) => count !== 0);

  it('addBusinessDays always lands on a business day, and countBusinessDaysAfter counts back to n', () => {
    fc.assert(
      fc.property(days, counts, calendars, (day, count, calendar) => {
        const result = addBusinessDays({ day, count, holidays: calendar });
        expect(isBusinessDay(result, calendar)).toBe(true);
        if (count > 0) {
          expect(countBusinessDaysAfter({ from: day, to: result, holidays: calendar })).toBe(count);
        } else {
          // Counting back, `day` itself is inside the range counted (from < d <= to) and `result` is not.
          const dayItself = isBusinessDay(day, calendar) ? 1 : 0;
          expect(countBusinessDaysAfter({ from: result, to: day, holidays: calendar })).toBe(-count - 1 + dayItself);
        }
      }),
    );
  });

  it('endOfLocalDay is on the day, and the next millisecond is on the next day, in any zone', () => {
    const zones = fc.constantFrom(
      'UTC',
      'Europe/Paris',
      'America/Los_Angeles',
      'Pacific/Auckland',
      'America/Santiago',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
    );
    fc.assert(
      fc.property(days, zones, (day, zone) => {
        const end = endOfLocalDay(day, zone);
        expect(localDayOf(end, zone)).toBe(day);
        expect(localDayOf(new Date(end.getTime() + 1), zone)).toBe(addCalendarDays({ day, count: 1 }));
      }),
    );
  });
});
