import { describe, expect, it } from 'vitest';
import { readPlannedTime, type TypedTime } from '../../../src/domain/time/note-time.ts';

const LA = 'America/Los_Angeles';
const PARIS = 'Europe/Paris';

const read = (input: string, now: string, zone: string): TypedTime =>
  readPlannedTime(input, { now: new Date(now), zone });

const summary = (result: TypedTime) =>
  result.kind === 'at' ? { at: result.occurredAt.toISOString() } : { refused: result.message };

describe('readPlannedTime', () => {
  it.each<[name: string, input: string, now: string, zone: string, at: string]>([
    ['a bare time later today', '22:00', '2026-12-09T15:00:00Z', PARIS, '2026-12-09T21:00:00.000Z'],
    ['today, written out', 'today 22:00', '2026-12-09T15:00:00Z', PARIS, '2026-12-09T21:00:00.000Z'],
    ['tomorrow in the author’s zone', 'tomorrow 02:00', '2026-12-09T15:00:00Z', PARIS, '2026-12-10T01:00:00.000Z'],
    // 23:30 UTC on the 9th is 00:30 on the 10th in Paris: tomorrow is the 11th there.
    [
      'tomorrow after midnight in the zone',
      'Tomorrow 02:00',
      '2026-12-09T23:30:00Z',
      PARIS,
      '2026-12-11T01:00:00.000Z',
    ],
    ['a date and time', '2026-12-10 02:00', '2026-12-09T15:00:00Z', PARIS, '2026-12-10T01:00:00.000Z'],
    ['a date in summer time', '2027-07-01 02:00', '2026-12-09T15:00:00Z', PARIS, '2027-07-01T00:00:00.000Z'],
    // 8 March 2026: Los Angeles springs forward at 02:00; tomorrow is 23 h after the same clock today.
    ['tomorrow across spring forward', 'tomorrow 09:00', '2026-03-07T18:00:00Z', LA, '2026-03-08T16:00:00.000Z'],
    // 1 November 2026: 01:30 happens twice in Los Angeles; the first (PDT) is meant.
    ['a repeated local time is the first', '2026-11-01 01:30', '2026-10-30T18:00:00Z', LA, '2026-11-01T08:30:00.000Z'],
    ['within a minute of now', '16:00', '2026-12-09T15:00:30Z', PARIS, '2026-12-09T15:00:00.000Z'],
  ])('reads %s', (_name, input, now, zone, at) => {
    expect(summary(read(input, now, zone))).toEqual({ at });
  });

  it.each<[name: string, input: string, now: string, zone: string, fragments: string[]]>([
    [
      'a bare time already past today, suggesting tomorrow',
      '02:00',
      '2026-12-09T15:00:00Z',
      PARIS,
      ['`02:00` in `Europe/Paris` is in the past (it is now 16:00 there).', 'For tomorrow, write `tomorrow 02:00`.'],
    ],
    [
      'a date in the past',
      '2026-12-01 02:00',
      '2026-12-09T15:00:00Z',
      PARIS,
      ['`2026-12-01 02:00` in `Europe/Paris` is in the past (it is now 2026-12-09 16:00 there).'],
    ],
    [
      'a local time the clocks skip',
      '2027-03-28 02:30',
      '2026-12-09T15:00:00Z',
      PARIS,
      ['`02:30` on 2027-03-28 does not happen in `Europe/Paris`: the clocks jump from 02:00 to 03:00 that night.'],
    ],
    ['yesterday', 'yesterday 02:00', '2026-12-09T15:00:00Z', PARIS, ['`yesterday 02:00` is not a time.']],
    ['a date alone', '2026-12-10', '2026-12-09T15:00:00Z', PARIS, ['A date needs a time after it']],
    ['an impossible clock', 'tomorrow 24:00', '2026-12-09T15:00:00Z', PARIS, ['hours go from 0 to 23']],
    [
      'an unknown zone',
      '22:00',
      '2026-12-09T15:00:00Z',
      'Mars/Olympus',
      ["I can't read times in your Slack time zone"],
    ],
  ])('refuses %s', (_name, input, now, zone, fragments) => {
    const result = read(input, now, zone);
    if (result.kind !== 'refused') throw new Error(`expected a refusal, got ${JSON.stringify(summary(result))}`);
    for (const fragment of fragments) expect(result.message).toContain(fragment);
  });
});
