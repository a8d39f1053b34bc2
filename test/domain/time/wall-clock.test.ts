import { describe, expect, it } from 'vitest';
import { formatInZone } from '../../../src/domain/time/wall-clock.ts';

describe('formatInZone', () => {
  it.each([
    { name: 'the last minute of winter time in Paris', at: '2026-03-29T00:59:00Z', expected: 'Sun 29 Mar 2026 01:59' },
    { name: 'the first minute of summer time in Paris', at: '2026-03-29T01:00:00Z', expected: 'Sun 29 Mar 2026 03:00' },
    { name: 'summer time in Paris', at: '2026-03-29T01:30:00Z', expected: 'Sun 29 Mar 2026 03:30' },
    { name: 'the first 02:30 on the autumn change', at: '2026-10-25T00:30:00Z', expected: 'Sun 25 Oct 2026 02:30' },
    { name: 'the second 02:30 on the autumn change', at: '2026-10-25T01:30:00Z', expected: 'Sun 25 Oct 2026 02:30' },
    {
      name: 'the next day in Paris before midnight UTC',
      at: '2026-03-29T23:30:00Z',
      expected: 'Mon 30 Mar 2026 01:30',
    },
  ])('shows $name as the local clock: $expected', ({ at, expected }) => {
    expect(formatInZone(new Date(at), 'Europe/Paris')).toBe(expected);
  });

  it('shows the same instant in each zone, whatever the machine zone', () => {
    const at = new Date('2026-03-08T10:30:00Z');
    expect(formatInZone(at, 'UTC')).toBe('Sun 8 Mar 2026 10:30');
    expect(formatInZone(at, 'America/Los_Angeles')).toBe('Sun 8 Mar 2026 03:30');
    expect(formatInZone(at, 'Asia/Tokyo')).toBe('Sun 8 Mar 2026 19:30');
  });
});
