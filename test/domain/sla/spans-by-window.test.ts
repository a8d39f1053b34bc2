import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDowntime, type ImpactSpan } from '../../../src/domain/sla/downtime.ts';
import { groupSpansByWindow } from '../../../src/domain/sla/spans-by-window.ts';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.UTC(2026, 10, 1) + hours * HOUR);

const span = (startHour: number, endHour: number | null, kind: ImpactSpan['kind'] = 'outage'): ImpactSpan => ({
  service: 'checkout-api',
  kind,
  startedAt: at(startHour),
  endedAt: endHour === null ? null : at(endHour),
  incidentId: `incident-${startHour}`,
});

/** Consecutive windows of `hours` each, with gaps where `gaps` says, from hour 0. */
const windowsOf = (lengths: { hours: number; gap: number }[]) => {
  let start = 0;
  return lengths.map(({ hours, gap }) => {
    start += gap;
    const window = { start: at(start), end: at(start + hours) };
    start += hours;
    return window;
  });
};

describe('groupSpansByWindow', () => {
  it('gives each window the spans that overlap it, an open span every window after its start', () => {
    const windows = windowsOf([
      { hours: 24, gap: 0 },
      { hours: 24, gap: 0 },
      { hours: 24, gap: 24 },
    ]);
    const across = span(20, 30);
    const touching = span(24, 24.5, 'degraded');
    const endsWhereSecondStarts = span(23, 24);
    const open = span(40, null);
    const inTheGap = span(50, 60);
    const reversed = span(10, 5);
    expect(groupSpansByWindow([across, touching, endsWhereSecondStarts, open, inTheGap, reversed], windows)).toEqual([
      [across, endsWhereSecondStarts],
      [across, touching, open],
      [open],
    ]);
  });

  it('changes no figure of computeDowntime over any window', () => {
    const spans = fc.array(
      fc.record({
        start: fc.integer({ min: -48, max: 24 * 12 }),
        length: fc.option(fc.integer({ min: -4, max: 96 }), { nil: null }),
        kind: fc.constantFrom<ImpactSpan['kind']>('outage', 'degraded'),
        service: fc.constantFrom('checkout-api', 'search'),
      }),
      { maxLength: 30 },
    );
    const lengths = fc.array(
      fc.record({ hours: fc.integer({ min: 1, max: 48 }), gap: fc.integer({ min: 0, max: 12 }) }),
      {
        minLength: 1,
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(spans, lengths, fc.integer({ min: 0, max: 24 * 14 }), (drawn, drawnLengths, nowHour) => {
        const all = drawn.map(
          ({ start, length, kind, service }, index): ImpactSpan => ({
            service,
            kind,
            startedAt: at(start),
            endedAt: length === null ? null : at(start + length),
            incidentId: `incident-${index % 5}`,
          }),
        );
        const windows = windowsOf(drawnLengths);
        const grouped = groupSpansByWindow(all, windows);
        const options = { service: 'checkout-api', target: 99.9, degradedWeight: 0.5, now: at(nowHour) };
        windows.forEach((period, index) => {
          expect(computeDowntime({ ...options, spans: grouped[index] ?? [], period })).toEqual(
            computeDowntime({ ...options, spans: all, period }),
          );
        });
      }),
    );
  });
});
