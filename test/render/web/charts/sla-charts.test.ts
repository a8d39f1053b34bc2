import { describe, expect, it } from 'vitest';
import { computeDailyAvailability } from '../../../../src/domain/sla/daily-availability.ts';
import type { ImpactSpan } from '../../../../src/domain/sla/downtime.ts';
import { renderAvailabilityBars } from '../../../../src/render/web/charts/availability-bars.ts';
import { renderDailyStrip } from '../../../../src/render/web/charts/daily-strip.ts';
import { contentsOf, findXmlProblems, listIds, svgOf, tableRows } from '../../../support/markup-check.ts';
import { expectAccessibleChart, HOSTILE, HOSTILE_ESCAPED } from './chart-assertions.ts';

const MONTHS = ['December 2025', 'January 2026', 'February 2026', 'March 2026'];
const VALUES = [99.99, 99.8, 100, 99.9531];

const bars = (id = 'bars') =>
  renderAvailabilityBars({
    id,
    service: HOSTILE,
    target: 99.9,
    periods: MONTHS.map((label, i) => ({
      label,
      availabilityPercent: VALUES[i] ?? 100,
      breached: (VALUES[i] ?? 100) < 99.9,
    })),
  }).text;

const outage = (start: string, minutes: number | null): ImpactSpan => ({
  service: HOSTILE,
  kind: 'outage',
  incidentId: 'a',
  startedAt: new Date(start),
  endedAt: minutes === null ? null : new Date(Date.parse(start) + minutes * 60_000),
});

const strip = (spans: ImpactSpan[], id = 'strip') =>
  renderDailyStrip({
    id,
    service: HOSTILE,
    target: 99.9,
    days: computeDailyAvailability({
      spans,
      service: HOSTILE,
      days: 90,
      zone: 'America/Los_Angeles',
      target: 99.9,
      degradedWeight: 0,
      now: new Date('2026-03-20T19:00:00Z'),
    }),
  }).text;

describe('renderAvailabilityBars', () => {
  it('is an accessible figure, the service’s name kept as text', () => {
    const markup = bars();
    expectAccessibleChart(markup, 'bars');
    expect(markup).not.toContain('<script>');
    expect(markup).toContain(HOSTILE_ESCAPED);
    expect(contentsOf(svgOf(markup), 'desc')[0]).toBe('1 of 4 periods below the 99.9% target; March 2026: 99.953%.');
  });

  it('shows on each bar the figure its table row gives, and marks a period below target in words and pattern', () => {
    const markup = bars();
    const shown = Array.from(svgOf(markup).matchAll(/font-size="10">([\d.]+%)<\/text>/g), ([, value]) => value);
    expect(shown).toEqual(['99.99%', '99.8%', '100%', '99.953%']);
    expect(tableRows(markup)).toEqual([
      ['December 2025', '99.99%', 'met'],
      ['January 2026', '99.8%', 'below target'],
      ['February 2026', '100%', 'met'],
      ['March 2026', '99.953%', 'met'],
    ]);
    expect(svgOf(markup).match(/>below<\/text>/g)).toHaveLength(1);
    expect(svgOf(markup).match(/fill="url\(#bars-below\)"/g)).toHaveLength(2);
  });

  it('writes a figure as the report does, which a decimal stored as a hair below it does not lower', () => {
    // 9.504 s down in a day, computed as computeDowntime does: 99.989 in decimal, 99.98899999999999 in binary.
    const availabilityPercent = ((86_400_000 - 9_504) / 86_400_000) * 100;
    const markup = renderAvailabilityBars({
      id: 'exact',
      service: 'x',
      target: 99.9,
      periods: [{ label: 'June 2026', availabilityPercent, breached: false }],
    }).text;
    expect(tableRows(markup)).toEqual([['June 2026', '99.989%', 'met']]);
  });

  it('says there is nothing to show for no periods', () => {
    const markup = renderAvailabilityBars({ id: 'bars', service: 'x', target: 99.9, periods: [] }).text;
    expectAccessibleChart(markup, 'bars');
    expect(svgOf(markup)).toContain('>No periods to show</text>');
  });
});

describe('renderDailyStrip', () => {
  it('is an accessible figure with a cell per day whose title gives the table row’s figures', () => {
    const markup = strip([outage('2026-03-08T09:00:00Z', 30), outage('2026-03-12T09:00:00Z', 1)]);
    expectAccessibleChart(markup, 'strip');
    const titles = contentsOf(svgOf(markup), 'rect').filter((inner) => inner.startsWith('<title>'));
    const rows = tableRows(markup);
    expect(titles).toHaveLength(90);
    expect(rows).toHaveLength(90);
    titles.forEach((title, i) => {
      const [day, percent, minutes] = rows[i] ?? [];
      expect(title).toContain(`${day}: ${percent} available, ${minutes} down`);
    });
    // 8 March is 23 h long in Los Angeles: 30 min of 1380.
    expect(rows.find(([day]) => day === 'Sun 8 Mar 2026')).toEqual(['Sun 8 Mar 2026', '97.826%', '30 min']);
    expect(contentsOf(svgOf(markup), 'desc')[0]).toBe(
      '1 of 90 days below the 99.9% target, 2 with downtime; the lowest Sun 8 Mar 2026 at 97.826%.',
    );
  });

  it('tells the three kinds of day apart by pattern as well as colour', () => {
    const svg = svgOf(strip([outage('2026-03-08T09:00:00Z', 30), outage('2026-03-12T09:00:00Z', 1)]));
    expect(svg.match(/fill="url\(#strip-below\)"/g)).toHaveLength(2);
    expect(svg.match(/fill="url\(#strip-some\)"/g)).toHaveLength(2);
  });

  it('says there is nothing to show for no days', () => {
    const markup = renderDailyStrip({ id: 'strip', service: 'x', target: 99.9, days: [] }).text;
    expectAccessibleChart(markup, 'strip');
    expect(svgOf(markup)).toContain('>No days to show</text>');
  });

  it('keeps ids unique on a page with several charts', () => {
    const page = [bars('a'), bars('b'), strip([], 'c'), strip([], 'd')].join('');
    expect(findXmlProblems(page)).toEqual([]);
    const ids = listIds(page);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
