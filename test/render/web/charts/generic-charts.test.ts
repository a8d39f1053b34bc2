import { describe, expect, it } from 'vitest';
import { renderColumns } from '../../../../src/render/web/charts/columns.ts';
import { renderMonthlyDurations } from '../../../../src/render/web/charts/monthly-durations.ts';
import { contentsOf, svgOf, tableRows } from '../../../support/markup-check.ts';
import { expectAccessibleChart, HOSTILE, HOSTILE_ESCAPED } from './chart-assertions.ts';

const MINUTE = 60_000;

describe('renderColumns', () => {
  const stacked = () =>
    renderColumns({
      id: 'weeks',
      title: 'Incidents per week',
      caption: 'Incidents declared per week, by severity',
      unit: 'incidents',
      categories: ['W1', 'W2', HOSTILE],
      series: [
        { name: 'SEV1', values: [1, 0, 2] },
        { name: HOSTILE, values: [3, 0, 1] },
      ],
    }).text;

  it('is an accessible figure whose labels stay text', () => {
    const markup = stacked();
    expectAccessibleChart(markup, 'weeks');
    expect(markup).not.toContain('<script>');
    expect(markup).toContain(HOSTILE_ESCAPED);
    expect(contentsOf(svgOf(markup), 'desc')[0]).toBe(
      `Incidents per week: 7 incidents in all over 3 columns; the most, 4, in W1.`,
    );
  });

  it('stacks the series, each with its own fill, and totals what the table totals', () => {
    const markup = stacked();
    const svg = svgOf(markup);
    expect(svg).toContain('<title>W1, SEV1: 1</title>');
    expect(svg).toContain(`<title>W1, ${HOSTILE_ESCAPED}: 3</title>`);
    // The second series is striped as well as coloured; zero-height parts are not drawn.
    expect(svg.match(/fill="url\(#weeks-s1\)"/g)?.length).toBe(3);
    expect(svg.match(/<title>W2/g)).toBeNull();
    expect(tableRows(markup)).toEqual([
      ['W1', '1', '3', '4'],
      ['W2', '0', '0', '0'],
      [HOSTILE_ESCAPED, '2', '1', '3'],
    ]);
    for (const total of ['4', '0', '3']) expect(svg).toContain(`>${total}</text>`);
  });

  it('says there is nothing to show for no categories', () => {
    const markup = renderColumns({
      id: 'd',
      title: 'Deploys per week',
      caption: 'c',
      unit: 'deploys',
      categories: [],
      series: [],
    }).text;
    expectAccessibleChart(markup, 'd');
    expect(svgOf(markup)).toContain('>No deploys to show</text>');
  });
});

describe('renderMonthlyDurations', () => {
  const render = (values: (number | null)[][]) =>
    renderMonthlyDurations({
      id: 'mttx',
      title: 'Mean times to detect, mitigate and resolve',
      caption: 'Per month, over the incidents resolved in it',
      months: ['Sep 2026', 'Oct 2026', 'Nov 2026'],
      series: ['MTTD', 'MTTM', 'MTTR'].map((name, i) => ({ name, values: values[i] ?? [] })),
    }).text;

  it('leaves a gap for a month without data and shows the same durations as its table', () => {
    const markup = render([
      [5 * MINUTE, null, 3 * MINUTE],
      [30 * MINUTE, null, 20 * MINUTE],
      [90 * MINUTE, 45 * MINUTE, null],
    ]);
    expectAccessibleChart(markup, 'mttx');
    const svg = svgOf(markup);
    // MTTD has two separate points, not a line through a zero in October.
    expect(svg).toMatch(/<path d="M[\d.]+ [\d.]+M[\d.]+ [\d.]+" fill="none"/);
    expect(svg).not.toContain('MTTD, Oct 2026');
    expect(tableRows(markup)).toEqual([
      ['Sep 2026', '5 min', '30 min', '1 h 30 min'],
      ['Oct 2026', 'no data', 'no data', '45 min'],
      ['Nov 2026', '3 min', '20 min', 'no data'],
    ]);
    for (const [month, ...cells] of tableRows(markup)) {
      cells.forEach((cell, i) => {
        const name = ['MTTD', 'MTTM', 'MTTR'][i];
        if (cell !== 'no data') expect(svg).toContain(`<title>${name}, ${month}: ${cell}</title>`);
      });
    }
    expect(contentsOf(svg, 'desc')[0]).toBe(
      'Mean times to detect, mitigate and resolve. Nov 2026: MTTD 3 min, MTTM 20 min, MTTR no data.',
    );
  });

  it('says there is nothing to measure when no month has data', () => {
    const markup = render([[null, null, null]]);
    expectAccessibleChart(markup, 'mttx');
    expect(svgOf(markup)).toContain('>No incidents to measure</text>');
  });
});
