import { describe, expect, it } from 'vitest';
import { dueDateFor, readDueDate } from '../../../src/domain/action-items/due-date.ts';
import type { HolidayCalendar } from '../../../src/domain/time/business-days.ts';

const NAMES: Record<string, string> = {
  '2026-12-24': 'Christmas Eve',
  '2026-12-25': 'Christmas Day',
  '2026-12-31': "New Year's Eve",
  '2027-01-01': "New Year's Day",
};
/** The year-end holidays, with their names. */
const YEAR_END: HolidayCalendar = { isHoliday: (day) => day in NAMES, nameOf: (day) => NAMES[day] };
/** The same days off, from a calendar that cannot name them. */
const YEAR_END_UNNAMED: HolidayCalendar = { isHoliday: (day) => day in NAMES };
const NONE: HolidayCalendar = { isHoliday: () => false };

const LONDON = 'Europe/London';
const AUCKLAND = 'Pacific/Auckland';
const PARIS = 'Europe/Paris';
const LA = 'America/Los_Angeles';

describe('dueDateFor', () => {
  it.each([
    {
      name: 'created on a Friday, 5 business days is the end of the next Friday',
      from: '2026-11-27T10:00:00Z',
      businessDays: 5,
      zone: LONDON,
      expected: { day: '2026-12-04', dueAt: '2026-12-04T23:59:59.999Z' },
    },
    {
      name: 'created on a Saturday, the weekend does not count',
      from: '2026-11-28T10:00:00Z',
      businessDays: 5,
      zone: LONDON,
      expected: { day: '2026-12-04', dueAt: '2026-12-04T23:59:59.999Z' },
    },
    {
      name: 'created just before Christmas Eve, 1 business day skips Christmas',
      from: '2026-12-23T16:00:00Z',
      businessDays: 1,
      zone: LONDON,
      expected: { day: '2026-12-28', dueAt: '2026-12-28T23:59:59.999Z' },
    },
    {
      name: 'created on Christmas Day, 5 business days skips both year-end pairs',
      from: '2026-12-25T10:00:00Z',
      businessDays: 5,
      zone: LONDON,
      expected: { day: '2027-01-05', dueAt: '2027-01-05T23:59:59.999Z' },
    },
    {
      name: 'created after the holidays, 1 business day is the next day',
      from: '2027-01-04T10:00:00Z',
      businessDays: 1,
      zone: LONDON,
      expected: { day: '2027-01-05', dueAt: '2027-01-05T23:59:59.999Z' },
    },
    {
      name: 'Friday 23:30 in London is Saturday in Auckland: the owner there gets 5 business days from Saturday',
      from: '2026-11-27T23:30:00Z',
      businessDays: 5,
      zone: AUCKLAND,
      expected: { day: '2026-12-04', dueAt: '2026-12-04T10:59:59.999Z' },
    },
    {
      name: 'Friday 23:30 in London: an owner in London gets 5 business days from Friday, due at midnight London',
      from: '2026-11-27T23:30:00Z',
      businessDays: 5,
      zone: LONDON,
      expected: { day: '2026-12-04', dueAt: '2026-12-04T23:59:59.999Z' },
    },
    {
      name: 'Thursday 23:30 in London: 1 business day is Friday for an owner in London',
      from: '2026-11-26T23:30:00Z',
      businessDays: 1,
      zone: LONDON,
      expected: { day: '2026-11-27', dueAt: '2026-11-27T23:59:59.999Z' },
    },
    {
      name: 'Thursday 23:30 in London is Friday in Auckland: 1 business day is Monday for an owner there',
      from: '2026-11-26T23:30:00Z',
      businessDays: 1,
      zone: AUCKLAND,
      expected: { day: '2026-11-30', dueAt: '2026-11-30T10:59:59.999Z' },
    },
    {
      name: 'due on the Monday Paris goes back to CET, the end of the day is at 23:00Z',
      from: '2026-10-23T09:00:00Z',
      businessDays: 1,
      zone: PARIS,
      expected: { day: '2026-10-26', dueAt: '2026-10-26T22:59:59.999Z' },
    },
    {
      name: 'created in CEST and due after the change, the end of the day is CET',
      from: '2026-10-21T09:00:00Z',
      businessDays: 5,
      zone: PARIS,
      expected: { day: '2026-10-28', dueAt: '2026-10-28T22:59:59.999Z' },
    },
    {
      name: 'created in PST before spring forward, due in PDT',
      from: '2026-03-06T18:00:00Z',
      businessDays: 1,
      zone: LA,
      expected: { day: '2026-03-09', dueAt: '2026-03-10T06:59:59.999Z' },
    },
    {
      name: 'created in PDT before falling back, due in PST',
      from: '2026-10-30T18:00:00Z',
      businessDays: 1,
      zone: LA,
      expected: { day: '2026-11-02', dueAt: '2026-11-03T07:59:59.999Z' },
    },
    {
      name: 'Friday evening in Los Angeles is Saturday in UTC: the day is read in the owner zone',
      from: '2026-11-28T04:00:00Z',
      businessDays: 5,
      zone: LA,
      expected: { day: '2026-12-04', dueAt: '2026-12-05T07:59:59.999Z' },
    },
  ])('$name', ({ from, businessDays, zone, expected }) => {
    const due = dueDateFor({ from: new Date(from), businessDays, zone, holidays: YEAR_END });
    expect({ day: due.day, dueAt: due.dueAt.toISOString() }).toEqual(expected);
  });

  it.each([0, -1, 2.5])('refuses %d business days: an action gets at least one', (businessDays) => {
    expect(() =>
      dueDateFor({ from: new Date('2026-11-27T10:00:00Z'), businessDays, zone: LONDON, holidays: NONE }),
    ).toThrow(RangeError);
  });
});

describe('readDueDate', () => {
  /** Friday 27 November 2026, 12:00 in London; already 01:00 on Saturday in Auckland. */
  const NOW = new Date('2026-11-27T12:00:00Z');

  it.each([
    { name: 'a business day ahead', text: '2026-12-04', zone: LONDON, expected: '2026-12-04T23:59:59.999Z' },
    { name: 'today itself', text: '2026-11-27', zone: LONDON, expected: '2026-11-27T23:59:59.999Z' },
    { name: 'surrounded by spaces', text: '  2026-12-04 ', zone: LONDON, expected: '2026-12-04T23:59:59.999Z' },
    { name: 'the day after the holidays', text: '2026-12-28', zone: LONDON, expected: '2026-12-28T23:59:59.999Z' },
    { name: 'in the owner zone', text: '2026-12-04', zone: AUCKLAND, expected: '2026-12-04T10:59:59.999Z' },
    { name: 'after a DST change', text: '2027-03-15', zone: LA, expected: '2027-03-16T06:59:59.999Z' },
    { name: 'exactly 366 days ahead', text: '2027-11-29', zone: AUCKLAND, expected: '2027-11-29T10:59:59.999Z' },
    {
      name: 'a leap day',
      text: '2028-02-29',
      zone: LONDON,
      now: '2028-02-01T12:00:00Z',
      expected: '2028-02-29T23:59:59.999Z',
    },
  ])('accepts $name ($text)', ({ text, zone, now, expected }) => {
    const read = readDueDate({ text, now: now === undefined ? NOW : new Date(now), zone, holidays: YEAR_END });
    expect(read.ok && { day: read.day, dueAt: read.dueAt.toISOString() }).toEqual({
      day: text.trim(),
      dueAt: expected,
    });
  });

  it.each([
    {
      name: 'an impossible day of the month',
      text: '2026-02-30',
      zone: LONDON,
      message: '`2026-02-30` is not a date: February 2026 has 28 days. Pick a day that exists, such as `2026-12-04`.',
    },
    {
      name: 'the 29th of February in a common year',
      text: '2027-02-29',
      zone: LONDON,
      message: '`2027-02-29` is not a date: February 2027 has 28 days. Pick a day that exists, such as `2026-12-04`.',
    },
    {
      name: 'day 00',
      text: '2026-12-00',
      zone: LONDON,
      message: '`2026-12-00` is not a date: days start at 01. Pick a day that exists, such as `2026-12-04`.',
    },
    {
      name: 'an impossible month',
      text: '2026-13-01',
      zone: LONDON,
      message: '`2026-13-01` is not a date: months go from 01 to 12. Write `YYYY-MM-DD`, such as `2026-12-04`.',
    },
    {
      name: 'another way of writing dates',
      text: '04/12/2026',
      zone: LONDON,
      message: '`04/12/2026` is not a date. Write the due date as `YYYY-MM-DD`, such as `2026-12-04`.',
    },
    {
      name: 'words',
      text: 'next `friday`',
      zone: LONDON,
      message: "`next 'friday'` is not a date. Write the due date as `YYYY-MM-DD`, such as `2026-12-04`.",
    },
    {
      name: 'nothing',
      text: '  ',
      zone: LONDON,
      message: 'Give a due date written `YYYY-MM-DD`, such as `2026-12-04`.',
    },
    {
      name: 'yesterday',
      text: '2026-11-26',
      zone: LONDON,
      message:
        '`2026-11-26` is in the past: today is `2026-11-27` (Friday) in `Europe/London`. Pick today or a later day.',
    },
    {
      name: 'a day that is still today in London but already past in Auckland',
      text: '2026-11-27',
      zone: AUCKLAND,
      message:
        '`2026-11-27` is in the past: today is `2026-11-28` (Saturday) in `Pacific/Auckland`. Pick today or a later day.',
    },
    {
      name: 'more than 366 days ahead',
      text: '2027-11-29',
      zone: LONDON,
      message: '`2027-11-29` is more than a year away. Pick a day up to `2027-11-28`.',
    },
    {
      name: 'a Saturday, suggesting the Friday before and the Monday after',
      text: '2026-12-05',
      zone: LONDON,
      message:
        '`2026-12-05` is a Saturday. Pick a business day, such as `2026-12-04` (Friday) or `2026-12-07` (Monday).',
    },
    {
      name: 'a Sunday',
      text: '2026-12-06',
      zone: LONDON,
      message: '`2026-12-06` is a Sunday. Pick a business day, such as `2026-12-04` (Friday) or `2026-12-07` (Monday).',
    },
    {
      name: 'a holiday, by its name, suggesting business days around the whole break',
      text: '2026-12-25',
      zone: LONDON,
      message:
        '`2026-12-25` is a holiday (Christmas Day). Pick a business day, such as `2026-12-23` (Wednesday) or `2026-12-28` (Monday).',
    },
    {
      name: "New Year's Day, with business days across the year-end",
      text: '2027-01-01',
      zone: LONDON,
      message:
        "`2027-01-01` is a holiday (New Year's Day). Pick a business day, such as `2026-12-30` (Wednesday) or `2027-01-04` (Monday).",
    },
    {
      name: 'tomorrow, a Saturday in London: the Friday before is today, so it is suggested',
      text: '2026-11-28',
      zone: LONDON,
      message:
        '`2026-11-28` is a Saturday. Pick a business day, such as `2026-11-27` (Friday) or `2026-11-30` (Monday).',
    },
    {
      name: 'today, a Saturday in Auckland: the Friday before is past, so only the Monday is suggested',
      text: '2026-11-28',
      zone: AUCKLAND,
      message: '`2026-11-28` is a Saturday. Pick a business day, such as `2026-11-30` (Monday).',
    },
  ])('refuses $name', ({ text, zone, message }) => {
    expect(readDueDate({ text, now: NOW, zone, holidays: YEAR_END })).toEqual({ ok: false, message });
  });

  it('says "a holiday" when the calendar cannot name it', () => {
    expect(readDueDate({ text: '2026-12-24', now: NOW, zone: LONDON, holidays: YEAR_END_UNNAMED })).toEqual({
      ok: false,
      message:
        '`2026-12-24` is a holiday. Pick a business day, such as `2026-12-23` (Wednesday) or `2026-12-28` (Monday).',
    });
  });

  it('shortens a long input in the message', () => {
    const read = readDueDate({ text: 'x'.repeat(200), now: NOW, zone: LONDON, holidays: NONE });
    expect(read).toEqual({
      ok: false,
      message: `\`${'x'.repeat(37)}...\` is not a date. Write the due date as \`YYYY-MM-DD\`, such as \`2026-12-04\`.`,
    });
  });
});
