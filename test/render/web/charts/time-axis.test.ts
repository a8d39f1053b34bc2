import { describe, expect, it } from 'vitest';
import { listTimeTicks } from '../../../../src/render/web/charts/time-axis.ts';

describe('listTimeTicks', () => {
  it.each([
    {
      name: 'skips the hour the clocks jumped over, and dates the first tick and each new day',
      from: '2026-03-08T06:30:00Z',
      until: '2026-03-08T12:00:00Z',
      zone: 'America/Los_Angeles',
      ticks: ['23:00 Sat 7 Mar 2026', '00:00 Sun 8 Mar', '01:00', '03:00', '04:00', '05:00'],
    },
    {
      name: 'steps in whole days at local midnight over a few days',
      from: '2026-10-24T12:00:00Z',
      until: '2026-10-28T12:00:00Z',
      zone: 'Europe/London',
      ticks: ['Sun 25 Oct 2026', 'Mon 26 Oct', 'Tue 27 Oct', 'Wed 28 Oct'],
    },
    {
      name: 'steps in weeks from Mondays over a month',
      from: '2026-11-01T00:00:00Z',
      until: '2026-12-01T00:00:00Z',
      zone: 'UTC',
      ticks: ['Mon 2 Nov 2026', 'Mon 9 Nov', 'Mon 16 Nov', 'Mon 23 Nov', 'Mon 30 Nov'],
    },
  ])('$name', ({ from, until, zone, ticks }) => {
    const listed = listTimeTicks({ from: Date.parse(from), until: Date.parse(until), zone, maxTicks: 6 });
    expect(listed.map(({ time, date }) => [time, date].filter((part) => part !== null).join(' '))).toEqual(ticks);
  });
});
