import { describe, expect, it } from 'vitest';
import { computeBurnDown } from '../../../../src/domain/sla/burn-down.ts';
import { computeDowntime, formatMinutes, type ImpactSpan } from '../../../../src/domain/sla/downtime.ts';
import { parsePeriod, type SlaPeriod } from '../../../../src/domain/sla/sla-period.ts';
import { renderBurnDown } from '../../../../src/render/web/charts/burn-down.ts';
import { contentsOf, svgOf, tableRows } from '../../../support/markup-check.ts';
import { expectAccessibleChart, HOSTILE, HOSTILE_ESCAPED } from './chart-assertions.ts';

const MINUTE = 60_000;
const ZONE = 'Europe/London';

const november = ((): SlaPeriod => {
  const result = parsePeriod({ text: '2026-11', zone: ZONE });
  if (!result.ok) throw new Error(result.message);
  return result.period;
})();

const outage = (incidentId: string, start: string, minutes: number | null, service = HOSTILE): ImpactSpan => ({
  service,
  kind: 'outage',
  incidentId,
  startedAt: new Date(start),
  endedAt: minutes === null ? null : new Date(Date.parse(start) + minutes * MINUTE),
});

const render = (spans: ImpactSpan[], now = '2026-11-20T00:00:00Z', numbers: Record<string, number> = {}) => {
  const options = { spans, service: HOSTILE, period: november, target: 99.9, degradedWeight: 0.5, now: new Date(now) };
  return {
    markup: renderBurnDown({ id: 'burn', burnDown: computeBurnDown(options), incidentNumbers: numbers, zone: ZONE })
      .text,
    report: computeDowntime(options),
  };
};

const minutesOf = (text: string): number => Number(text.replace(' min', ''));

describe('renderBurnDown', () => {
  it('is an accessible figure with the service named as text', () => {
    const { markup } = render([outage('a', '2026-11-03T10:00:00Z', 27)], undefined, { a: 7 });
    expectAccessibleChart(markup, 'burn');
    expect(markup).not.toContain('<script>');
    expect(contentsOf(svgOf(markup), 'desc')[0]).toBe(
      `${HOSTILE_ESCAPED} has 16.2 min of its 43.2 min error budget for November 2026 left (63% used), spent by 1 incident. The even-burn line falls from the whole budget to zero at the period&#39;s end.`,
    );
    expect(svgOf(markup)).toContain('>#7</text>');
    expect(svgOf(markup)).toContain('>16.2 min left</text>');
  });

  it('gives in its table, per day, what the chart draws: the spend, what is left and who spent it', () => {
    const spans = [
      outage('a', '2026-11-03T10:00:00Z', 10),
      outage('b', '2026-11-03T23:50:00Z', 20),
      outage('c', '2026-11-10T08:00:00Z', 5),
    ];
    const { markup, report } = render(spans, undefined, { a: 1, b: 2, c: 3 });
    expect(tableRows(markup)).toEqual([
      ['Tue 3 Nov 2026', '20 min', '23.2 min', '#1, #2'],
      ['Wed 4 Nov 2026', '10 min', '13.2 min', ''],
      ['Tue 10 Nov 2026', '5 min', '8.2 min', '#3'],
    ]);
    const spent = tableRows(markup).reduce((sum, row) => sum + minutesOf(row[1] ?? ''), 0);
    expect(spent * MINUTE).toBe(report.downtimeMs);
    expect(svgOf(markup)).toContain(`>${formatMinutes(report.remainingMs)} left</text>`);
  });

  it('goes below zero and says by how much once the budget is overspent', () => {
    const { markup } = render([outage('a', '2026-11-03T10:00:00Z', null)], '2026-11-03T12:00:00Z');
    expect(svgOf(markup)).toContain('>76.8 min over</text>');
    expect(svgOf(markup)).toContain('>-76.8 min</text>');
    expect(contentsOf(svgOf(markup), 'desc')[0]).toContain(
      'has overspent its 43.2 min error budget for November 2026 by 76.8 min (278% used)',
    );
  });

  it('draws a full budget, and says nothing was spent, for a period without impact', () => {
    const { markup } = render([]);
    expectAccessibleChart(markup, 'burn');
    expect(tableRows(markup)).toEqual([['No budget spent in November 2026 so far']]);
    expect(svgOf(markup)).toContain('>43.2 min left</text>');
  });

  it('stays under 40 KB with 500 incidents in the period', () => {
    const spans = Array.from({ length: 500 }, (_, i) =>
      outage(`i${i}`, new Date(november.start.getTime() + i * 4_000_000).toISOString(), 1 + (i % 7)),
    );
    const { markup } = render(
      spans,
      '2026-11-30T00:00:00Z',
      Object.fromEntries(spans.map((s, i) => [s.incidentId, 10_000 + i])),
    );
    expectAccessibleChart(markup, 'burn');
    expect(markup.length).toBeLessThan(40_000);
    // Every incident is in the table even where its label on the chart had no room.
    expect(tableRows(markup).flatMap((row) => (row[3] === '' ? [] : (row[3] ?? '').split(', ')))).toHaveLength(500);
  });
});
