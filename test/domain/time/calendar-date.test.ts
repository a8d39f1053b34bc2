import { describe, expect, it } from 'vitest';
import { type CalendarDateCheck, checkCalendarDate, daysInMonth } from '../../../src/domain/time/calendar-date.ts';

describe('daysInMonth', () => {
  it.each([
    [2026, 1, 31],
    [2026, 2, 28],
    [2028, 2, 29],
    [2000, 2, 29],
    [2100, 2, 28],
    [1900, 2, 28],
    [2400, 2, 29],
    // Years written with leading zeros stay what they say, not 19xx.
    [96, 2, 29],
    [0, 2, 29],
    [100, 2, 28],
    [2026, 4, 30],
    [2026, 6, 30],
    [2026, 9, 30],
    [2026, 11, 30],
    [2026, 12, 31],
  ])('counts %i-%i as %i days', (year, month, days) => {
    expect(daysInMonth({ year, month })).toBe(days);
  });
});

describe('checkCalendarDate', () => {
  it.each<[string, CalendarDateCheck]>([
    ['2026-12-04', { kind: 'date', year: 2026, month: 12, day: 4 }],
    ['2028-02-29', { kind: 'date', year: 2028, month: 2, day: 29 }],
    ['2000-02-29', { kind: 'date', year: 2000, month: 2, day: 29 }],
    ['0096-02-29', { kind: 'date', year: 96, month: 2, day: 29 }],
    ['2026-02-29', { kind: 'bad-day', year: 2026, month: 2, day: 29, days: 28 }],
    ['2100-02-29', { kind: 'bad-day', year: 2100, month: 2, day: 29, days: 28 }],
    ['2026-04-31', { kind: 'bad-day', year: 2026, month: 4, day: 31, days: 30 }],
    ['2026-04-00', { kind: 'bad-day', year: 2026, month: 4, day: 0, days: 30 }],
    ['2026-13-01', { kind: 'bad-month', year: 2026, month: 13, day: 1 }],
    ['2026-00-10', { kind: 'bad-month', year: 2026, month: 0, day: 10 }],
    ['2026-2-3', { kind: 'bad-format' }],
    ['12/04/2026', { kind: 'bad-format' }],
    [' 2026-12-04', { kind: 'bad-format' }],
    ['', { kind: 'bad-format' }],
  ])('reads %j', (text, expected) => {
    expect(checkCalendarDate(text)).toEqual(expected);
  });
});
