import { describe, expect, it } from 'vitest';
import { computeDailyAvailability } from '../../../src/domain/sla/daily-availability.ts';
import type { ImpactSpan } from '../../../src/domain/sla/downtime.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const SERVICE = 'checkout-api';

type SpanRow = [kind: ImpactSpan['kind'], start: string, end: string | null, service?: string];

const spansOf = (rows: readonly SpanRow[]): ImpactSpan[] =>
  rows.map(([kind, start, end, service = SERVICE]) => ({
    service,
    kind,
    startedAt: new Date(start),
    endedAt: end === null ? null : new Date(end),
    incidentId: 'inc-1',
  }));

const daily = ({
  spans = [],
  days = 3,
  zone = 'UTC',
  weight = 0,
  now,
}: {
  spans?: SpanRow[];
  days?: number;
  zone?: string;
  weight?: number;
  now: string;
}) =>
  computeDailyAvailability({
    spans: spansOf(spans),
    service: SERVICE,
    days,
    zone,
    target: 99.9,
    degradedWeight: weight,
    now: new Date(now),
  });

describe('computeDailyAvailability', () => {
  it.each([
    {
      name: 'a spring-forward day in Los Angeles is 23 h long',
      zone: 'America/Los_Angeles',
      now: '2026-03-09T20:00:00Z',
      days: [
        { day: '2026-03-07', start: '2026-03-07T08:00:00.000Z', hours: 24 },
        { day: '2026-03-08', start: '2026-03-08T08:00:00.000Z', hours: 23 },
        { day: '2026-03-09', start: '2026-03-09T07:00:00.000Z', hours: 24 },
      ],
    },
    {
      name: 'a fall-back day in London is 25 h long',
      zone: 'Europe/London',
      now: '2026-10-26T12:00:00Z',
      days: [
        { day: '2026-10-24', start: '2026-10-23T23:00:00.000Z', hours: 24 },
        { day: '2026-10-25', start: '2026-10-24T23:00:00.000Z', hours: 25 },
        { day: '2026-10-26', start: '2026-10-26T00:00:00.000Z', hours: 24 },
      ],
    },
  ])('$name', ({ zone, now, days }) => {
    const reports = daily({ zone, now });
    expect(
      reports.map(({ period }) => ({
        day: period.day,
        start: period.start.toISOString(),
        hours: (period.end.getTime() - period.start.getTime()) / HOUR,
      })),
    ).toEqual(days);
  });

  it.each<{ name: string; spans: SpanRow[]; weight?: number; now: string; zone?: string; downtime: number[] }>([
    {
      name: 'splits an outage across midnight between the two days',
      spans: [['outage', '2026-11-02T23:30:00Z', '2026-11-03T00:45:00Z']],
      now: '2026-11-04T12:00:00Z',
      downtime: [0, 30, 45, 0],
    },
    {
      name: 'uses the team’s midnight, not UTC’s',
      spans: [['outage', '2026-11-02T23:30:00Z', '2026-11-03T00:45:00Z']],
      zone: 'Europe/Paris',
      now: '2026-11-04T12:00:00Z',
      downtime: [0, 0, 75, 0],
    },
    {
      name: 'counts overlapping outage and degraded time once, degraded at its weight',
      spans: [
        ['outage', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z'],
        ['degraded', '2026-11-03T10:30:00Z', '2026-11-03T12:00:00Z'],
      ],
      weight: 0.5,
      now: '2026-11-04T12:00:00Z',
      downtime: [0, 0, 90, 0],
    },
    {
      name: 'runs an open window to now, today included',
      spans: [['outage', '2026-11-03T23:00:00Z', null]],
      now: '2026-11-04T01:00:00Z',
      downtime: [0, 0, 60, 60],
    },
    {
      name: 'leaves out other services',
      spans: [['outage', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z', 'search']],
      now: '2026-11-04T12:00:00Z',
      downtime: [0, 0, 0, 0],
    },
  ])('$name', ({ spans, weight, now, zone, downtime }) => {
    const reports = daily({ spans, weight, now, zone, days: 4 });
    expect(reports.map((report) => report.downtimeMs / MINUTE)).toEqual(downtime);
  });

  it('reads today over the part gone by, and a day over its target as breached', () => {
    const [yesterday, today] = daily({
      spans: [
        ['outage', '2026-11-03T10:00:00Z', '2026-11-03T10:01:00Z'],
        ['outage', '2026-11-04T00:30:00Z', '2026-11-04T01:00:00Z'],
      ],
      days: 2,
      now: '2026-11-04T01:00:00Z',
    });
    // One minute of 1440 is 99.93 %: within 99.9 %, and 86.4 s is allowed that day.
    expect(yesterday?.availabilityPercent).toBeCloseTo(99.9306, 3);
    expect(yesterday?.breached).toBe(false);
    expect(today?.availabilityPercent).toBe(50);
    expect(today?.breached).toBe(true);
  });
});
