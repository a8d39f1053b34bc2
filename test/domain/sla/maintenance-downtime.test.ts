import { describe, expect, it } from 'vitest';
import type { MaintenanceTime } from '../../../src/domain/maintenance/maintenance-window.ts';
import { computeDowntime, type ImpactSpan } from '../../../src/domain/sla/downtime.ts';
import { cutOutIntervals, listMaintenanceIntervals } from '../../../src/domain/sla/maintenance-overlap.ts';
import { parsePeriod, type SlaPeriod } from '../../../src/domain/sla/sla-period.ts';

const MINUTE = 60_000;
const SERVICE = 'checkout-api';

const periodOf = (text: string, zone = 'UTC'): SlaPeriod => {
  const result = parsePeriod({ text, zone });
  if (!result.ok) throw new Error(result.message);
  return result.period;
};

type SpanRow = [kind: ImpactSpan['kind'], start: string, end: string | null];
type WindowRow = [start: string, end: string, cancelled?: string, services?: string[]];

const spansOf = (rows: readonly SpanRow[]): ImpactSpan[] =>
  rows.map(([kind, start, end], index) => ({
    service: SERVICE,
    kind,
    startedAt: new Date(start),
    endedAt: end === null ? null : new Date(end),
    incidentId: `inc-${index}`,
  }));

const windowsOf = (rows: readonly WindowRow[]): MaintenanceTime[] =>
  rows.map(([start, end, cancelled, services = [SERVICE]]) => ({
    services,
    startsAt: new Date(start),
    endsAt: new Date(end),
    cancelledAt: cancelled === undefined ? null : new Date(cancelled),
  }));

type Case = {
  name: string;
  spans: SpanRow[];
  windows: WindowRow[];
  weight?: number;
  period?: string;
  zone?: string;
  now?: string;
  /** Minutes of downtime inside maintenance; downtime when counted and when excluded. */
  inside: number;
  counted: number;
  excluded: number;
};

const NOV = (time: string) => `2026-11-10T${time}:00Z`;

describe('computeDowntime with scheduled maintenance', () => {
  it.each<Case>([
    {
      name: 'an outage partly inside a window: only the overlap is maintenance',
      spans: [['outage', NOV('01:30'), NOV('02:30')]],
      windows: [[NOV('02:00'), NOV('03:30')]],
      inside: 30,
      counted: 60,
      excluded: 30,
    },
    {
      name: 'an outage wholly inside a window is all maintenance',
      spans: [['outage', NOV('02:10'), NOV('02:55')]],
      windows: [[NOV('02:00'), NOV('03:30')]],
      inside: 45,
      counted: 45,
      excluded: 0,
    },
    {
      name: 'an outage across a whole window keeps both sides',
      spans: [['outage', NOV('01:00'), NOV('05:00')]],
      windows: [[NOV('02:00'), NOV('03:00')]],
      inside: 60,
      counted: 240,
      excluded: 180,
    },
    {
      name: 'a window outside the impact changes nothing',
      spans: [['outage', NOV('10:00'), NOV('10:20')]],
      windows: [[NOV('02:00'), NOV('03:30')]],
      inside: 0,
      counted: 20,
      excluded: 20,
    },
    {
      name: 'another service’s window changes nothing',
      spans: [['outage', NOV('02:00'), NOV('02:20')]],
      windows: [[NOV('02:00'), NOV('03:30'), undefined, ['search']]],
      inside: 0,
      counted: 20,
      excluded: 20,
    },
    {
      name: 'overlapping outages inside overlapping windows count once',
      spans: [
        ['outage', NOV('02:00'), NOV('03:00')],
        ['outage', NOV('02:30'), NOV('04:00')],
      ],
      windows: [
        [NOV('01:00'), NOV('02:45')],
        [NOV('02:30'), NOV('03:15')],
      ],
      inside: 75,
      counted: 120,
      excluded: 45,
    },
    {
      name: 'degraded time inside a window is weighed as downtime is',
      spans: [['degraded', NOV('02:00'), NOV('04:00')]],
      windows: [[NOV('03:00'), NOV('05:00')]],
      weight: 0.5,
      inside: 30,
      counted: 60,
      excluded: 30,
    },
    {
      name: 'a window cancelled while in progress covers only up to its cancellation',
      spans: [['outage', NOV('02:00'), NOV('04:00')]],
      windows: [[NOV('02:00'), NOV('04:00'), NOV('02:40')]],
      inside: 40,
      counted: 120,
      excluded: 80,
    },
    {
      name: 'a window cancelled before it started covers nothing',
      spans: [['outage', NOV('02:00'), NOV('03:00')]],
      windows: [[NOV('02:00'), NOV('03:00'), NOV('01:00')]],
      inside: 0,
      counted: 60,
      excluded: 60,
    },
    {
      name: 'an open outage runs to now, and a window ahead of now covers none of it',
      spans: [['outage', NOV('02:00'), null]],
      windows: [
        [NOV('02:30'), NOV('02:45')],
        [NOV('03:00'), NOV('05:00')],
      ],
      now: NOV('03:00'),
      inside: 15,
      counted: 60,
      excluded: 45,
    },
    {
      name: 'a window across the period’s start counts only inside the period',
      spans: [['outage', '2026-10-31T23:00:00Z', '2026-11-01T01:00:00Z']],
      windows: [['2026-10-31T22:00:00Z', '2026-11-01T00:30:00Z']],
      inside: 30,
      counted: 60,
      excluded: 30,
    },
    {
      // 25 October 2026: Paris falls back at 03:00 CEST to 02:00 CET. A window typed as 01:00 to 04:00 local is 4 h.
      name: 'a window over the night the clocks go back covers its real length (DST)',
      spans: [['outage', '2026-10-24T22:00:00Z', '2026-10-25T04:00:00Z']],
      windows: [['2026-10-24T23:00:00Z', '2026-10-25T03:00:00Z']],
      period: '2026-10',
      zone: 'Europe/Paris',
      inside: 240,
      counted: 360,
      excluded: 120,
    },
  ])('$name', ({ spans, windows, weight = 0, period = '2026-11', zone = 'UTC', now, inside, counted, excluded }) => {
    const measure = (exclude: boolean) =>
      computeDowntime({
        spans: spansOf(spans),
        service: SERVICE,
        period: periodOf(period, zone),
        target: 99.9,
        degradedWeight: weight,
        now: new Date(now ?? '2027-01-15T00:00:00Z'),
        maintenance: { windows: windowsOf(windows), exclude },
      });
    const whenCounted = measure(false);
    const whenExcluded = measure(true);
    expect(whenCounted).toMatchObject({ maintenanceMs: inside * MINUTE, maintenanceExcluded: false });
    expect(whenCounted.downtimeMs).toBe(counted * MINUTE);
    expect(whenExcluded).toMatchObject({ maintenanceMs: inside * MINUTE, maintenanceExcluded: true });
    expect(whenExcluded.downtimeMs).toBe(excluded * MINUTE);
    // The budget and availability follow the downtime; incidents are counted either way.
    expect(whenExcluded.remainingMs - whenCounted.remainingMs).toBe(inside * MINUTE);
    expect(whenExcluded.incidents).toBe(whenCounted.incidents);
  });

  it('without maintenance, reads as before: nothing inside, nothing excluded', () => {
    const report = computeDowntime({
      spans: spansOf([['outage', NOV('02:00'), NOV('03:00')]]),
      service: SERVICE,
      period: periodOf('2026-11'),
      target: 99.9,
      degradedWeight: 0,
      now: new Date('2027-01-15T00:00:00Z'),
    });
    expect(report).toMatchObject({ downtimeMs: 60 * MINUTE, maintenanceMs: 0, maintenanceExcluded: false });
  });

  it('excludes outage and degraded time apart: an outage inside a window leaves the degraded time around it', () => {
    const report = computeDowntime({
      spans: spansOf([
        ['degraded', NOV('01:00'), NOV('04:00')],
        ['outage', NOV('02:00'), NOV('03:00')],
      ]),
      service: SERVICE,
      period: periodOf('2026-11'),
      target: 99.9,
      degradedWeight: 1,
      now: new Date('2027-01-15T00:00:00Z'),
      maintenance: { windows: windowsOf([[NOV('02:00'), NOV('03:00')]]), exclude: true },
    });
    expect(report).toMatchObject({ outageMs: 0, degradedMs: 120 * MINUTE, maintenanceMs: 60 * MINUTE });
  });
});

describe('listMaintenanceIntervals and cutOutIntervals', () => {
  it('merges windows that overlap or touch, in order, cut to the range', () => {
    const intervals = listMaintenanceIntervals({
      windows: windowsOf([
        ['2026-11-10T05:00:00Z', '2026-11-10T06:00:00Z'],
        ['2026-11-10T01:00:00Z', '2026-11-10T02:00:00Z'],
        ['2026-11-10T02:00:00Z', '2026-11-10T03:00:00Z'],
      ]),
      service: SERVICE,
      from: Date.parse('2026-11-10T01:30:00Z'),
      until: Date.parse('2026-11-10T05:30:00Z'),
    });
    expect(intervals).toEqual([
      { start: Date.parse('2026-11-10T01:30:00Z'), end: Date.parse('2026-11-10T03:00:00Z') },
      { start: Date.parse('2026-11-10T05:00:00Z'), end: Date.parse('2026-11-10T05:30:00Z') },
    ]);
  });

  it('splits a span around every window inside it', () => {
    expect(
      cutOutIntervals({
        spans: [{ start: 0, end: 100 }],
        intervals: [
          { start: 10, end: 20 },
          { start: 50, end: 60 },
          { start: 90, end: 120 },
        ],
      }),
    ).toEqual([
      { start: 0, end: 10 },
      { start: 20, end: 50 },
      { start: 60, end: 90 },
    ]);
  });
});
