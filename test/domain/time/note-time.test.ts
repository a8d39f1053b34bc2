import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NoteTime, readNoteTime, readTypedTime, type TypedTime } from '../../../src/domain/time/note-time.ts';

const LA = 'America/Los_Angeles';
const PARIS = 'Europe/Paris';

const read = (input: string, now: string, zone: string): NoteTime => readNoteTime(input, { now: new Date(now), zone });

/** `{ at: ISO }` for `at`, so a failing row shows the instant and the text side by side. */
const summary = (result: NoteTime) => {
  switch (result.kind) {
    case 'none':
      return { none: result.text };
    case 'at':
      return { at: result.occurredAt.toISOString(), text: result.text };
    case 'refused':
      return { refused: result.message };
  }
};

const refusal = (result: NoteTime): string => {
  if (result.kind !== 'refused') throw new Error(`expected a refusal, got ${JSON.stringify(summary(result))}`);
  return result.message;
};

/** The wall clock in `zone` at `date`, read with Intl rather than the code under test. */
const wallClock = (date: Date, zone: string): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(date)
    .replace(',', '');

describe('readNoteTime', () => {
  it.each([
    // America/Los_Angeles springs forward at 02:00 on 2026-03-08 and falls back at 02:00 on 2026-11-01.
    ['the day before spring forward, PST (UTC-8)', LA, '2026-03-07T23:00:00Z', '2026-03-07T22:05:00.000Z'],
    ['the day of spring forward, PDT (UTC-7)', LA, '2026-03-08T22:00:00Z', '2026-03-08T21:05:00.000Z'],
    ['the day before fall back, PDT (UTC-7)', LA, '2026-10-31T22:00:00Z', '2026-10-31T21:05:00.000Z'],
    ['the day of fall back, PST (UTC-8)', LA, '2026-11-01T23:00:00Z', '2026-11-01T22:05:00.000Z'],
    // Europe/Paris springs forward at 02:00 on 2026-03-29 and falls back at 03:00 on 2026-10-25.
    ['the day before spring forward, CET (UTC+1)', PARIS, '2026-03-28T15:00:00Z', '2026-03-28T13:05:00.000Z'],
    ['the day of spring forward, CEST (UTC+2)', PARIS, '2026-03-29T14:00:00Z', '2026-03-29T12:05:00.000Z'],
    ['the day before fall back, CEST (UTC+2)', PARIS, '2026-10-24T14:00:00Z', '2026-10-24T12:05:00.000Z'],
    ['the day of fall back, CET (UTC+1)', PARIS, '2026-10-25T15:00:00Z', '2026-10-25T13:05:00.000Z'],
    ['a half-hour zone (UTC+5:30)', 'Asia/Kolkata', '2026-03-08T12:00:00Z', '2026-03-08T08:35:00.000Z'],
    ['a 45-minute zone (UTC+12:45)', 'Pacific/Chatham', '2026-07-08T03:00:00Z', '2026-07-08T01:20:00.000Z'],
  ])('reads 14:05 as today in the author zone: %s (%s)', (_day, zone, now, expected) => {
    expect(summary(read('14:05 Alert fired for 5xx', now, zone))).toEqual({
      at: expected,
      text: 'Alert fired for 5xx',
    });
  });

  it.each([
    ['just after midnight in summer', PARIS, '2026-06-15T22:10:00Z', 'yesterday 23:50', '2026-06-15T21:50:00.000Z'],
    ['just after midnight in winter', PARIS, '2026-01-15T23:10:00Z', 'yesterday 23:50', '2026-01-15T22:50:00.000Z'],
    // 00:30 on 2026-03-30 in Paris; 24 h earlier it was still 2026-03-28 there (the 29th had 23 hours).
    ['after a 23-hour day (Paris)', PARIS, '2026-03-29T22:30:00Z', 'yesterday 10:00', '2026-03-29T08:00:00.000Z'],
    // 23:30 on 2026-10-25 in Paris; 24 h earlier it was already the 25th there (it had 25 hours).
    [
      'at the end of a 25-hour day (Paris)',
      PARIS,
      '2026-10-25T22:30:00Z',
      'yesterday 10:00',
      '2026-10-24T08:00:00.000Z',
    ],
    ['after a 23-hour day (Los Angeles)', LA, '2026-03-09T07:30:00Z', 'yesterday 10:00', '2026-03-08T17:00:00.000Z'],
    [
      'at the end of a 25-hour day (Los Angeles)',
      LA,
      '2026-11-02T07:30:00Z',
      'yesterday 10:00',
      '2026-10-31T17:00:00.000Z',
    ],
    ['on the first of the month', LA, '2026-03-01T20:00:00Z', 'yesterday 09:00', '2026-02-28T17:00:00.000Z'],
    ['at midnight', PARIS, '2026-06-15T22:00:00Z', 'YESTERDAY 00:00', '2026-06-14T22:00:00.000Z'],
    ['today at midnight', PARIS, '2026-06-15T22:10:00Z', '00:00', '2026-06-15T22:00:00.000Z'],
  ])('reads yesterday as the calendar day before today in the author zone: %s', (_case, zone, now, time, expected) => {
    expect(summary(read(`${time} Disk full`, now, zone))).toEqual({ at: expected, text: 'Disk full' });
  });

  it.each([
    ['Asia/Tokyo', '2026-11-20T14:50:00.000Z'],
    [LA, '2026-11-21T07:50:00.000Z'],
    [PARIS, '2026-11-20T22:50:00.000Z'],
  ])('reads a dated time in the author zone: 2026-11-20 23:50 in %s', (zone, expected) => {
    expect(summary(read('2026-11-20 23:50 Certificate expired', '2026-11-22T00:00:00Z', zone))).toEqual({
      at: expected,
      text: 'Certificate expired',
    });
  });

  it('reads the same time 6 h apart for a responder in Paris and one in New York', () => {
    const now = '2026-06-10T20:00:00Z';
    const inParis = read('09:00 Standup', now, PARIS);
    const inNewYork = read('09:00 Standup', now, 'America/New_York');
    expect(summary(inParis)).toEqual({ at: '2026-06-10T07:00:00.000Z', text: 'Standup' });
    expect(summary(inNewYork)).toEqual({ at: '2026-06-10T13:00:00.000Z', text: 'Standup' });
  });

  it.each([
    ['Los Angeles, 01:30 on 2026-11-01', LA, '2026-11-01 01:30', '2026-11-01T08:30:00.000Z'],
    ['Los Angeles, 01:00 on 2026-11-01', LA, '2026-11-01 01:00', '2026-11-01T08:00:00.000Z'],
    ['Los Angeles, 01:59 on 2026-11-01', LA, '2026-11-01 01:59', '2026-11-01T08:59:00.000Z'],
    ['Los Angeles, 02:00 on 2026-11-01 (once, PST)', LA, '2026-11-01 02:00', '2026-11-01T10:00:00.000Z'],
    ['Paris, 02:30 on 2026-10-25', PARIS, '2026-10-25 02:30', '2026-10-25T00:30:00.000Z'],
  ])('takes the first of two instants when the clocks fall back: %s', (_case, zone, time, expected) => {
    expect(summary(read(`${time} Failover`, '2026-11-10T00:00:00Z', zone))).toEqual({ at: expected, text: 'Failover' });
  });

  it.each([
    ['Los Angeles, 02:30 on 2026-03-08', LA, '2026-03-08T22:00:00Z', '02:30', '2026-03-08', '02:00 to 03:00'],
    ['Los Angeles, 02:00 on 2026-03-08', LA, '2026-03-09T22:00:00Z', 'yesterday 02:00', '2026-03-08', '02:00 to 03:00'],
    ['Paris, 02:30 on 2026-03-29', PARIS, '2026-04-01T00:00:00Z', '2026-03-29 02:30', '2026-03-29', '02:00 to 03:00'],
    [
      'Lord Howe, 02:15 on 2026-10-04',
      'Australia/Lord_Howe',
      '2026-10-05T00:00:00Z',
      '2026-10-04 02:15',
      '2026-10-04',
      '02:00 to 02:30',
    ],
    [
      'Samoa, 2011-12-30 (a skipped day)',
      'Pacific/Apia',
      '2026-01-01T00:00:00Z',
      '2011-12-30 12:00',
      '2011-12-30',
      '2011-12-30 00:00 to 2011-12-31 00:00',
    ],
  ])('refuses a time the clocks skipped, saying when they jumped: %s', (_case, zone, now, time, date, jump) => {
    const message = refusal(read(`${time} Paged`, now, zone));
    expect(message).toContain(`on ${date} did not happen in \`${zone}\``);
    expect(message).toContain(`the clocks jumped from ${jump}`);
  });

  it('accepts the minutes around a spring-forward gap', () => {
    const now = '2026-03-09T00:00:00Z';
    expect(summary(read('2026-03-08 01:59 a', now, LA))).toEqual({ at: '2026-03-08T09:59:00.000Z', text: 'a' });
    expect(summary(read('2026-03-08 03:00 b', now, LA))).toEqual({ at: '2026-03-08T10:00:00.000Z', text: 'b' });
  });

  it.each([
    ['a bare time later today', '2026-03-08T20:40:00.000Z', '14:05', '(it is now 13:40 there)', 'yesterday 14:05'],
    ['two minutes ahead', '2026-03-08T20:40:00.000Z', '13:42', '(it is now 13:40 there)', 'yesterday 13:42'],
    ['just beyond the 60 s of skew', '2026-03-08T20:39:59.999Z', '13:41', '(it is now 13:39 there)', 'yesterday 13:41'],
    ['a dated time', '2026-03-08T20:40:00.000Z', '2026-11-20 23:50', '(it is now 2026-03-08 13:40 there)', undefined],
  ])('refuses a time in the future: %s', (_case, now, time, clock, hint) => {
    const message = refusal(read(`${time} Alert`, now, LA));
    expect(message).toContain(`\`${time}\` in \`${LA}\` is in the future ${clock}`);
    if (hint === undefined) expect(message).not.toContain('yesterday');
    else expect(message).toContain(`write \`${hint}\``);
  });

  it.each([
    ['exactly now', '2026-03-08T20:40:00.000Z', '13:40', '2026-03-08T20:40:00.000Z'],
    ['the next minute, within 60 s of skew', '2026-03-08T20:40:00.000Z', '13:41', '2026-03-08T20:41:00.000Z'],
    ['the current minute, seconds into it', '2026-03-08T20:40:59.999Z', '13:40', '2026-03-08T20:40:00.000Z'],
  ])('keeps a time up to 60 s ahead of now as typed: %s', (_case, now, time, expected) => {
    expect(summary(read(`${time} Alert`, now, LA))).toEqual({ at: expected, text: 'Alert' });
  });

  it.each([
    ['24:00 Alert', 'is not a time'],
    ['25:00 Alert', 'is not a time'],
    ['14:60 Alert', 'is not a time'],
    ['14:61 Alert', 'is not a time'],
    ['99:99 Alert', 'is not a time'],
    ['yesterday 24:00 Alert', 'is not a time'],
    ['2026-02-30 10:00 Alert', '`2026-02-30` is not a date'],
    ['2025-02-29 10:00 Alert', '`2025-02-29` is not a date'],
    ['2026-13-01 10:00 Alert', '`2026-13-01` is not a date'],
    ['2026-00-10 10:00 Alert', '`2026-00-10` is not a date'],
    ['1999-12-31 23:59 Alert', 'back to 2000-01-01 at the earliest'],
    ['0000-01-01 10:00 Alert', 'back to 2000-01-01 at the earliest'],
    ['2026-03-01 deploy went out', 'A date needs a time after it'],
    ['2026-03-01T10:00 deploy went out', 'A date needs a time after it'],
    ['14:05pm Alert', 'Put a space between `14:05` and the note'],
    ['14:05:30 Alert', 'Put a space between `14:05` and the note'],
    ['14:05, Alert', 'Put a space between `14:05` and the note'],
    ['9:05-9:30 outage', 'Put a space between `09:05` and the note'],
    ['14:05', 'A note needs some text after the time'],
    ['yesterday 14:05   ', 'A note needs some text after the time'],
    ['2026-03-01 14:05', 'A note needs some text after the time'],
    ['', 'A note needs some text'],
    [' \n\t ', 'A note needs some text'],
  ])('refuses something shaped like a time that is not one: %j', (input, problem) => {
    const message = refusal(read(input, '2026-03-08T22:00:00Z', LA));
    expect(message).toContain(problem);
    expect(message).toContain('`14:05`, `yesterday 14:05` or `2026-03-08 14:05`');
    expect(message).toContain(`\`${LA}\``);
  });

  it('refuses a time in a zone the runtime does not know, but still takes a note without one', () => {
    for (const zone of ['Mars/Olympus_Mons', '', 'constructor', '__proto__', 'Europe/<b>`x`</b>']) {
      const message = refusal(read('14:05 Alert', '2026-03-08T22:00:00Z', zone));
      expect(message).toContain("I can't read times in your Slack time zone");
      expect(message).not.toMatch(/<b>/);
      expect(summary(read('Rolled back', '2026-03-08T22:00:00Z', zone))).toEqual({ none: 'Rolled back' });
    }
  });

  it.each([
    ['YESTERDAY\t0:00 !', '-271821-04-20T23:59:59.999Z', 'UTC'],
    ['23:59 up', '+275760-09-13T00:00:00.000Z', 'UTC'],
    ['0:00 up', '+275760-09-12T23:00:00.000Z', 'Pacific/Kiritimati'],
  ])('refuses a time when the clock is at the ends of what a Date holds: %j at %s', (input, now, zone) => {
    expect(refusal(read(input, now, zone))).toContain("I can't tell what time it is now");
  });

  it.each([
    ['Rolled back', 'Rolled back'],
    ['  Rolled   back  ', 'Rolled   back'],
    ['v1.4.1 deployed', 'v1.4.1 deployed'],
    ['14h05 alert fired', '14h05 alert fired'],
    ['1:1 with AWS support', '1:1 with AWS support'],
    ['7:5 ratio of 5xx to 2xx', '7:5 ratio of 5xx to 2xx'],
    ['123:45 pods', '123:45 pods'],
    ['14:055 pods', '14:055 pods'],
    ['Yesterday we deployed v2', 'Yesterday we deployed v2'],
    ["yesterday's deploy broke it", "yesterday's deploy broke it"],
    ['yesterday at 14:05 alert', 'yesterday at 14:05 alert'],
    ['3 pods restarted at 14:05', '3 pods restarted at 14:05'],
    ['26-03-08 10:00 short year', '26-03-08 10:00 short year'],
  ])('takes a note without a time at the start as happening now: %j', (input, text) => {
    expect(summary(read(input, '2026-03-08T22:00:00Z', LA))).toEqual({ none: text });
  });

  it.each([
    ['YESTERDAY 14:05 Alert', '2026-03-07T22:05:00.000Z', 'Alert'],
    ['Yesterday\t14:05\tAlert', '2026-03-07T22:05:00.000Z', 'Alert'],
    ['\n 9:05\u00a0 Alert \n', '2026-03-08T16:05:00.000Z', 'Alert'],
    ['2026-03-01   09:05\nAlert\nsecond line', '2026-03-01T17:05:00.000Z', 'Alert\nsecond line'],
    ['14:05 14:10 recovered', '2026-03-08T21:05:00.000Z', '14:10 recovered'],
  ])('reads a time whatever the case and whitespace: %j', (input, at, text) => {
    expect(summary(read(input, '2026-03-08T22:00:00Z', LA))).toEqual({ at, text });
  });

  describe('properties', () => {
    const zones = fc.constantFrom(
      'UTC',
      LA,
      PARIS,
      'America/New_York',
      'America/St_Johns',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Pacific/Apia',
      'Pacific/Kiritimati',
      'America/Santiago',
      'Not/AZone',
      'constructor',
    );
    const nows = fc.date({ min: new Date('1999-06-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z') });
    const timeLike = fc
      .tuple(
        fc.constantFrom('', 'yesterday ', 'YESTERDAY\t', '2026-03-08 ', '2026-11-01 ', '2000-01-01 ', '2099-02-29 '),
        fc.integer({ min: 0, max: 29 }),
        fc.integer({ min: 0, max: 65 }),
        fc.string({ maxLength: 20 }),
      )
      .map(([prefix, hour, minute, rest]) => `${prefix}${hour}:${String(minute).padStart(2, '0')}${rest}`);
    const inputs = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }), timeLike);

    it('never throws and always answers with one of the three kinds', () => {
      fc.assert(
        fc.property(inputs, zones, fc.date(), (input, zone, now) => {
          const result = readNoteTime(input, { now, zone });
          expect(['none', 'at', 'refused']).toContain(result.kind);
          if (result.kind === 'refused') expect(result.message.length).toBeGreaterThan(0);
        }),
        { numRuns: 2000 },
      );
    });

    it('keeps the whole trimmed input as the text of a note without a time', () => {
      fc.assert(
        fc.property(inputs, zones, nows, (input, zone, now) => {
          const result = readNoteTime(input, { now, zone });
          if (result.kind === 'none') {
            expect(result.text).toBe(input.trim());
            expect(result.text).not.toBe('');
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('never places a note later than now plus 60 s, nor before 2000, and keeps the typed wall-clock time', () => {
      fc.assert(
        fc.property(timeLike, zones, nows, (input, zone, now) => {
          const result = readNoteTime(input, { now, zone });
          if (result.kind !== 'at') return;
          expect(result.occurredAt.getTime()).toBeLessThanOrEqual(now.getTime() + 60_000);
          expect(result.occurredAt.getTime()).toBeGreaterThanOrEqual(Date.parse('1999-12-31T10:00:00Z'));
          expect(result.text).not.toBe('');
          const [, hour = '', minute = ''] = /(\d{1,2}):(\d{2})/.exec(input) ?? [];
          expect(wallClock(result.occurredAt, zone).slice(11)).toBe(`${hour.padStart(2, '0')}:${minute}`);
        }),
        { numRuns: 3000 },
      );
    });

    it('reads a valid bare time as today in the zone unless it is in the future or was skipped', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          fc.constantFrom(LA, PARIS, 'Australia/Lord_Howe', 'Pacific/Chatham'),
          fc.date({
            min: new Date('2001-01-01T00:00:00Z'),
            max: new Date('2099-01-01T00:00:00Z'),
            noInvalidDate: true,
          }),
          (hour, minute, zone, now) => {
            const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
            const result = readNoteTime(`${time} Alert`, { now, zone });
            if (result.kind === 'at') {
              expect(wallClock(result.occurredAt, zone)).toBe(`${wallClock(now, zone).slice(0, 10)} ${time}`);
            } else {
              expect(refusal(result)).toMatch(/is in the future|the clocks jumped/);
            }
          },
        ),
        { numRuns: 2000 },
      );
    });
  });
});

describe('readTypedTime', () => {
  const read = (typed: string, now = '2026-11-23T22:30:00Z', zone = 'America/Los_Angeles'): TypedTime =>
    readTypedTime(typed, { now: new Date(now), zone });
  const instant = (result: TypedTime) => (result.kind === 'at' ? result.occurredAt.toISOString() : result.message);

  it.each([
    ['13:58', '2026-11-23T21:58:00.000Z'],
    ['7:05', '2026-11-23T15:05:00.000Z'],
    ['yesterday 23:50', '2026-11-23T07:50:00.000Z'],
    ['2026-11-20 23:50', '2026-11-21T07:50:00.000Z'],
    // 01:30 happened twice when Los Angeles fell back on 1 November: the first, in PDT.
    ['2026-11-01 01:30', '2026-11-01T08:30:00.000Z'],
  ])('reads %j as the author’s wall clock', (typed, iso) => {
    expect(instant(read(typed))).toBe(iso);
  });

  it.each([
    [
      '23:00',
      /`23:00` in `America\/Los_Angeles` is in the future \(it is now 14:30 there\)\. For yesterday, write `yesterday 23:00`\./,
    ],
    ['24:00', /`24:00` is not a time: hours go from 0 to 23/],
    ['14:05pm', /`14:05pm` is not a time\. Give the time in your Slack time zone \(`America\/Los_Angeles`\)/],
    ['2026-11-20', /A date needs a time after it, as in `2026-11-20 14:05`/],
    ['2026-02-30 10:00', /`2026-02-30` is not a date/],
    ['yesterday', /`yesterday` is not a time/],
    ['2026-03-08 02:30', /did not happen in `America\/Los_Angeles`: the clocks jumped from 02:00 to 03:00/],
  ])('refuses %j', (typed, message) => {
    const result = read(typed);
    expect(result.kind).toBe('refused');
    expect(instant(result)).toMatch(message);
  });
});
