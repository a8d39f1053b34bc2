import { describe, expect, it } from 'vitest';
import { isIanaTimeZone, isKnownTimeZone } from '../../../src/domain/time/time-zone.ts';

describe('isKnownTimeZone and isIanaTimeZone', () => {
  it.each([
    ['Europe/Paris', true, true],
    ['America/Los_Angeles', true, true],
    ['Pacific/Auckland', true, true],
    ['UTC', true, true],
    // Intl reads names in any case.
    ['europe/paris', true, true],
    // A fixed offset has no DST rules: known to the runtime, but not a team's time zone.
    ['+01:00', true, false],
    ['-08:00', true, false],
    ['Mars/Olympus_Mons', false, false],
    ['Europe/Pariss', false, false],
    ['', false, false],
  ])('reads %j as known %s, IANA %s', (zone, known, iana) => {
    expect(isKnownTimeZone(zone)).toBe(known);
    expect(isIanaTimeZone(zone)).toBe(iana);
  });
});
