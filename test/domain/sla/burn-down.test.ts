import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBurnDown } from '../../../src/domain/sla/burn-down.ts';
import { computeDowntime, type DowntimeOptions, type ImpactSpan } from '../../../src/domain/sla/downtime.ts';
import { parsePeriod, type SlaPeriod } from '../../../src/domain/sla/sla-period.ts';

const MINUTE = 60_000;
const SERVICE = 'checkout-api';
/** 99.9 % of 30 days: 43.2 min. */
const NOVEMBER_ALLOWED = 2_592_000;

const periodOf = (text: string, zone = 'UTC'): SlaPeriod => {
  const result = parsePeriod({ text, zone });
  if (!result.ok) throw new Error(result.message);
  return result.period;
};

type SpanRow = [kind: ImpactSpan['kind'], start: string, end: string | null, incidentId?: string];

const optionsOf = ({
  spans,
  weight = 0,
  now = '2027-01-15T00:00:00Z',
}: {
  spans: readonly SpanRow[];
  weight?: number;
  now?: string;
}): DowntimeOptions => ({
  spans: spans.map(([kind, start, end, incidentId = 'inc-1']) => ({
    service: SERVICE,
    kind,
    startedAt: new Date(start),
    endedAt: end === null ? null : new Date(end),
    incidentId,
  })),
  service: SERVICE,
  period: periodOf('2026-11'),
  target: 99.9,
  degradedWeight: weight,
  now: new Date(now),
});

/** Points as `ISO → minutes spent` so that a failing row reads at a glance. */
const spentOf = (points: readonly { at: Date; remainingMs: number }[]): string[] =>
  points.map(({ at, remainingMs }) => `${at.toISOString()} → ${(NOVEMBER_ALLOWED - remainingMs) / MINUTE}`);

describe('computeBurnDown', () => {
  it.each<{ name: string; spans: SpanRow[]; weight?: number; now?: string; points: string[]; markers: string[] }>([
    {
      name: 'spends one outage as a straight fall between its start and end',
      spans: [['outage', '2026-11-03T10:00:00Z', '2026-11-03T10:27:00Z']],
      now: '2026-11-20T00:00:00Z',
      points: [
        '2026-11-01T00:00:00.000Z → 0',
        '2026-11-03T10:00:00.000Z → 0',
        '2026-11-03T10:27:00.000Z → 27',
        '2026-11-20T00:00:00.000Z → 27',
      ],
      markers: ['inc-1 2026-11-03T10:00:00.000Z → 0'],
    },
    {
      name: 'counts overlapping outages once, and degraded time outside them at its weight',
      spans: [
        ['outage', '2026-11-03T10:00:00Z', '2026-11-03T10:30:00Z', 'a'],
        ['outage', '2026-11-03T10:10:00Z', '2026-11-03T10:20:00Z', 'b'],
        ['degraded', '2026-11-03T10:15:00Z', '2026-11-03T11:00:00Z', 'b'],
      ],
      weight: 0.5,
      points: [
        '2026-11-01T00:00:00.000Z → 0',
        '2026-11-03T10:00:00.000Z → 0',
        '2026-11-03T10:10:00.000Z → 10',
        '2026-11-03T10:15:00.000Z → 15',
        '2026-11-03T10:20:00.000Z → 20',
        '2026-11-03T10:30:00.000Z → 30',
        '2026-11-03T11:00:00.000Z → 45',
        '2026-12-01T00:00:00.000Z → 45',
      ],
      markers: ['a 2026-11-03T10:00:00.000Z → 0', 'b 2026-11-03T10:10:00.000Z → 10'],
    },
    {
      name: 'marks an incident that began before the period at the period’s start',
      spans: [['outage', '2026-10-31T23:30:00Z', '2026-11-01T00:30:00Z']],
      points: ['2026-11-01T00:00:00.000Z → 0', '2026-11-01T00:30:00.000Z → 30', '2026-12-01T00:00:00.000Z → 30'],
      markers: ['inc-1 2026-11-01T00:00:00.000Z → 0'],
    },
    {
      name: 'stops at the period’s end for a window across it',
      spans: [['outage', '2026-11-30T23:50:00Z', '2026-12-01T00:20:00Z']],
      points: ['2026-11-01T00:00:00.000Z → 0', '2026-11-30T23:50:00.000Z → 0', '2026-12-01T00:00:00.000Z → 10'],
      markers: ['inc-1 2026-11-30T23:50:00.000Z → 0'],
    },
    {
      name: 'runs an open window to now',
      spans: [['outage', '2026-11-19T23:00:00Z', null]],
      now: '2026-11-20T00:00:00Z',
      points: ['2026-11-01T00:00:00.000Z → 0', '2026-11-19T23:00:00.000Z → 0', '2026-11-20T00:00:00.000Z → 60'],
      markers: ['inc-1 2026-11-19T23:00:00.000Z → 0'],
    },
    {
      name: 'goes below zero once the budget is overspent',
      spans: [['outage', '2026-11-03T10:00:00Z', '2026-11-03T12:00:00Z']],
      now: '2026-11-03T12:00:00Z',
      points: ['2026-11-01T00:00:00.000Z → 0', '2026-11-03T10:00:00.000Z → 0', '2026-11-03T12:00:00.000Z → 120'],
      markers: ['inc-1 2026-11-03T10:00:00.000Z → 0'],
    },
    {
      name: 'keeps a flat stretch and a marker for degraded time that weighs nothing',
      spans: [['degraded', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z']],
      now: '2026-11-04T00:00:00Z',
      points: [
        '2026-11-01T00:00:00.000Z → 0',
        '2026-11-03T10:00:00.000Z → 0',
        '2026-11-03T11:00:00.000Z → 0',
        '2026-11-04T00:00:00.000Z → 0',
      ],
      markers: ['inc-1 2026-11-03T10:00:00.000Z → 0'],
    },
    {
      name: 'is the whole budget at the start for a period not begun at now',
      spans: [['outage', '2026-10-20T10:00:00Z', '2026-10-20T11:00:00Z']],
      now: '2026-10-25T00:00:00Z',
      points: ['2026-11-01T00:00:00.000Z → 0'],
      markers: [],
    },
  ])('$name', ({ spans, weight, now, points, markers }) => {
    const burnDown = computeBurnDown(optionsOf({ spans, weight, now }));
    expect(burnDown.allowedMs).toBe(NOVEMBER_ALLOWED);
    expect(spentOf(burnDown.points)).toEqual(points);
    expect(
      burnDown.markers.map(
        ({ incidentId, at, remainingMs }) =>
          `${incidentId} ${at.toISOString()} → ${(NOVEMBER_ALLOWED - remainingMs) / MINUTE}`,
      ),
    ).toEqual(markers);
  });

  it('ends exactly where computeDowntime leaves the budget, never rises, and marks each incident once', () => {
    const november = periodOf('2026-11', 'Europe/London');
    const from = november.start.getTime() - 2 * 86_400_000;
    const to = november.end.getTime() + 2 * 86_400_000;
    const span = fc
      .record({
        kind: fc.constantFrom<ImpactSpan['kind']>('outage', 'degraded'),
        start: fc.integer({ min: from, max: to }),
        length: fc.integer({ min: -MINUTE, max: 3 * 86_400_000 }),
        open: fc.boolean(),
        incidentId: fc.constantFrom('a', 'b', 'c', 'd'),
        service: fc.constantFrom(SERVICE, SERVICE, 'search'),
      })
      .map(
        ({ kind, start, length, open, incidentId, service }): ImpactSpan => ({
          service,
          kind,
          incidentId,
          startedAt: new Date(start),
          endedAt: open ? null : new Date(start + length),
        }),
      );
    fc.assert(
      fc.property(
        fc.array(span, { maxLength: 12 }),
        fc.integer({ min: from, max: to }),
        fc.constantFrom(0, 0.25, 0.5, 1),
        fc.constantFrom(99, 99.9, 99.95, 99.999),
        (spans, now, degradedWeight, target) => {
          const options = { spans, service: SERVICE, period: november, target, degradedWeight, now: new Date(now) };
          const burnDown = computeBurnDown(options);
          const report = computeDowntime(options);
          expect(burnDown.points.at(-1)?.remainingMs).toBe(report.remainingMs);
          expect(burnDown.allowedMs).toBe(report.allowedMs);
          expect(burnDown.markers).toHaveLength(report.incidents);
          for (let i = 1; i < burnDown.points.length; i += 1) {
            const [before, after] = [burnDown.points[i - 1], burnDown.points[i]];
            expect(after?.at.getTime()).toBeGreaterThan(before?.at.getTime() ?? 0);
            expect(after?.remainingMs).toBeLessThanOrEqual(before?.remainingMs ?? 0);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
