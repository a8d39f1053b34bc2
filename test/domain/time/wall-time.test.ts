import { describe, expect, it } from 'vitest';
import { resolveWallTime, zoneOffsetAt } from '../../../src/domain/time/wall-time.ts';

const HOUR = 3_600_000;

/** `2026-03-08T02:30` as the wall clock reads it, held as UTC fields. */
const wallOf = (text: string): number => Date.parse(`${text}:00Z`);

const resolve = (zone: string, wall: string) => {
  const resolved = resolveWallTime({ wall: wallOf(wall), zone });
  return resolved.kind === 'shown'
    ? { shown: new Date(resolved.instant).toISOString() }
    : {
        skipped: new Date(resolved.jumpAt).toISOString(),
        hours: [resolved.offsetBefore / HOUR, resolved.offsetAfter / HOUR],
      };
};

describe('resolveWallTime', () => {
  it.each([
    // Los Angeles springs forward at 02:00 PST on 8 March 2026 and falls back at 02:00 PDT on 1 November.
    ['America/Los_Angeles', '2026-03-08T01:59', { shown: '2026-03-08T09:59:00.000Z' }],
    ['America/Los_Angeles', '2026-03-08T02:00', { skipped: '2026-03-08T10:00:00.000Z', hours: [-8, -7] }],
    ['America/Los_Angeles', '2026-03-08T02:30', { skipped: '2026-03-08T10:00:00.000Z', hours: [-8, -7] }],
    ['America/Los_Angeles', '2026-03-08T03:00', { shown: '2026-03-08T10:00:00.000Z' }],
    ['America/Los_Angeles', '2026-11-01T00:59', { shown: '2026-11-01T07:59:00.000Z' }],
    ['America/Los_Angeles', '2026-11-01T01:30', { shown: '2026-11-01T08:30:00.000Z' }],
    ['America/Los_Angeles', '2026-11-01T02:00', { shown: '2026-11-01T10:00:00.000Z' }],
    // Auckland springs forward at 02:00 NZST on 27 September 2026 and falls back at 03:00 NZDT on 5 April.
    ['Pacific/Auckland', '2026-01-15T09:00', { shown: '2026-01-14T20:00:00.000Z' }],
    ['Pacific/Auckland', '2026-09-27T02:30', { skipped: '2026-09-26T14:00:00.000Z', hours: [12, 13] }],
    ['Pacific/Auckland', '2026-04-05T02:30', { shown: '2026-04-04T13:30:00.000Z' }],
    ['Pacific/Auckland', '2026-04-05T03:00', { shown: '2026-04-04T15:00:00.000Z' }],
    // Lord Howe Island moves its clocks by half an hour.
    ['Australia/Lord_Howe', '2026-10-04T02:15', { skipped: '2026-10-03T15:30:00.000Z', hours: [10.5, 11] }],
    ['Australia/Lord_Howe', '2026-04-05T01:45', { shown: '2026-04-04T14:45:00.000Z' }],
    // Samoa skipped 30 December 2011 altogether, crossing the date line.
    ['Pacific/Apia', '2011-12-30T12:00', { skipped: '2011-12-30T10:00:00.000Z', hours: [-10, 14] }],
    // Santiago skips midnight.
    ['America/Santiago', '2026-09-06T00:00', { skipped: '2026-09-06T04:00:00.000Z', hours: [-4, -3] }],
    ['Europe/Paris', '2026-03-29T02:30', { skipped: '2026-03-29T01:00:00.000Z', hours: [1, 2] }],
    ['Europe/Paris', '2026-10-25T02:30', { shown: '2026-10-25T00:30:00.000Z' }],
    ['UTC', '2026-01-01T00:00', { shown: '2026-01-01T00:00:00.000Z' }],
  ])('reads %s %s', (zone, wall, expected) => {
    expect(resolve(zone, wall)).toEqual(expected);
  });

  it('refuses a zone the runtime does not know', () => {
    expect(() => resolveWallTime({ wall: wallOf('2026-01-01T00:00'), zone: 'Mars/Olympus_Mons' })).toThrow(
      new RangeError('Unknown time zone Mars/Olympus_Mons'),
    );
  });
});

describe('zoneOffsetAt', () => {
  it.each([
    ['America/Los_Angeles', '2026-01-15T12:00:00Z', -8],
    ['America/Los_Angeles', '2026-07-15T12:00:00Z', -7],
    ['Pacific/Auckland', '2026-01-15T12:00:00Z', 13],
    ['Pacific/Auckland', '2026-07-15T12:00:00Z', 12],
    ['Asia/Kolkata', '2026-07-15T12:00:00Z', 5.5],
    ['+01:00', '2026-07-15T12:00:00Z', 1],
  ])('gives %s at %s as %d hours', (zone, at, hours) => {
    expect(zoneOffsetAt(zone, Date.parse(at))).toBe(hours * HOUR);
  });
});
