import { type Html, html } from '../html.ts';
import { renderChartFrame } from './chart-frame.ts';
import {
  boxSwatch,
  chooseStep,
  createLinearScale,
  estimateTextWidth,
  GRID,
  INK,
  PALETTE,
  renderLegend,
  renderNoData,
  renderSeriesFill,
  round1,
  seriesPaint,
} from './svg-kit.ts';

/** One stacked part of every column: `values[i]` belongs to `categories[i]`. */
export type ColumnSeries = { name: string; values: readonly number[] };

export type ColumnsOptions = {
  /** Unique on the page. */
  id: string;
  /** `Incidents per week`: the SVG's name and the table's caption. */
  title: string;
  caption: string;
  /** What is counted, plural: `incidents`, `deploys`. */
  unit: string;
  /** Oldest first: `Week of 2 Nov`… */
  categories: readonly string[];
  /** One for plain columns, several to stack (incidents by severity). */
  series: readonly ColumnSeries[];
};

const WIDTH = 760;
const LEFT = 48;
const RIGHT = WIDTH - 16;
const TOP = 20;
const BOTTOM = 200;

/**
 * A column per category, its series stacked bottom to top in their order, each series with a colour and a pattern of
 * its own (legend when there are several), the total above each column where there is room, and category labels
 * thinned out so they never overlap.
 */
export const renderColumns = ({ id, title, caption, unit, categories, series }: ColumnsOptions): Html => {
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const { step, top } = chooseStep({ max: Math.max(0, ...totals), count: 4 });
  const y = createLinearScale({ domain: [0, top], range: [BOTTOM, TOP] });
  const slot = (RIGHT - LEFT) / Math.max(1, categories.length);
  const width = round1(Math.min(40, slot * 0.7));
  const widest = Math.max(0, ...categories.map((category) => estimateTextWidth(category, 10)));
  const every = Math.max(1, Math.ceil((widest + 8) / slot));
  const paints = series.map((_, index) => ({
    id: `${id}-s${index}`,
    index,
    colour: PALETTE[index % PALETTE.length] ?? INK,
  }));
  const columns = categories.map((category, i) => {
    const left = round1(LEFT + slot * i + (slot - width) / 2);
    let base = 0;
    const parts = series.map((s, index) => {
      const value = s.values[i] ?? 0;
      const [low, high] = [y(base), y(base + value)];
      base += value;
      const paint = paints[index];
      if (value === 0 || paint === undefined) return '';
      return html`<rect x="${left}" y="${high}" width="${width}" height="${round1(low - high)}" fill="${seriesPaint(paint)}" stroke="${paint.colour}"><title>${category}, ${s.name}: ${value}</title></rect>`;
    });
    const cx = round1(left + width / 2);
    return html`${parts}${slot >= 18 ? html`<text x="${cx}" y="${round1(y(base) - 4)}">${totals[i] ?? 0}</text>` : ''}${i % every === 0 ? html`<text x="${cx}" y="${BOTTOM + 14}">${category}</text>` : ''}`;
  });
  const levels = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const legend = renderLegend({
    items:
      series.length > 1
        ? series.map((s, index) => ({
            label: s.name,
            swatch: boxSwatch(seriesPaint(paints[index] ?? { id, index, colour: INK }), paints[index]?.colour),
          }))
        : [],
    x: 8,
    y: BOTTOM + 26,
    width: RIGHT - 8,
  });
  const total = totals.reduce((sum, value) => sum + value, 0);
  const most = totals.indexOf(Math.max(...totals));
  return renderChartFrame({
    id,
    title,
    description:
      categories.length === 0
        ? `${title}: nothing to show.`
        : `${title}: ${total} ${unit} in all over ${categories.length} columns; the most, ${totals[most] ?? 0}, in ${categories[most] ?? ''}.`,
    caption,
    width: WIDTH,
    height: round1(BOTTOM + 26 + legend.height + 4),
    body:
      categories.length === 0
        ? renderNoData({ width: WIDTH, top: TOP, height: BOTTOM - TOP, text: `No ${unit} to show` })
        : html`<defs>${paints.map(renderSeriesFill)}</defs><path d="${levels.map((level) => `M${LEFT} ${y(level)}H${RIGHT}`).join('')}" stroke="${GRID}"/><g fill="${INK}" text-anchor="end">${levels.map((level) => html`<text x="${LEFT - 6}" y="${round1(y(level) + 4)}">${level}</text>`)}</g><g fill="${INK}" text-anchor="middle" font-size="10">${columns}</g>${legend.markup}`,
    table: {
      caption: title,
      columns: [
        { label: '' },
        ...series.map((s) => ({ label: s.name, numeric: true })),
        ...(series.length > 1 ? [{ label: 'Total', numeric: true }] : []),
      ],
      rows: categories.map((category, i) => ({
        head: category,
        cells: [...series.map((s) => String(s.values[i] ?? 0)), ...(series.length > 1 ? [String(totals[i] ?? 0)] : [])],
      })),
      empty: `No ${unit} to show`,
    },
  });
};
