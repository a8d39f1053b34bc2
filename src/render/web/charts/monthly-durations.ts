import { describeDuration, MEAN } from '../../../domain/text/describe-duration.ts';
import { type Html, html } from '../html.ts';
import { renderChartFrame } from './chart-frame.ts';
import {
  createLinearScale,
  GRID,
  INK,
  lineSwatch,
  PALETTE,
  renderLegend,
  renderMarker,
  renderNoData,
  round1,
  type Shape,
} from './svg-kit.ts';

/** A measure per month in milliseconds (MTTD, MTTM, MTTR); null where no incident gave it a value. */
export type DurationSeries = { name: string; values: readonly (number | null)[] };

export type MonthlyDurationsOptions = {
  /** Unique on the page. */
  id: string;
  title: string;
  caption: string;
  /** Oldest first: `Nov 2026`… */
  months: readonly string[];
  series: readonly DurationSeries[];
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WIDTH = 760;
const LEFT = 70;
const RIGHT = WIDTH - 16;
const TOP = 20;
const BOTTOM = 200;
/** Gridline steps that read as durations: minutes, hours, days. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10_080].map((n) => n * MINUTE);
const SHAPES: readonly Shape[] = ['circle', 'square', 'triangle', 'diamond'];
const DASHES = [undefined, '7 4', '2 3'] as const;

const showDuration = (ms: number | null): string => (ms === null ? 'no data' : describeDuration(ms, MEAN));

/**
 * Durations per month as lines, one per series with its own colour, dash and point shape. A month without a value
 * is a gap in its line, never a zero; a value between two gaps still shows as its point.
 */
export const renderMonthlyDurations = ({ id, title, caption, months, series }: MonthlyDurationsOptions): Html => {
  const values = series.flatMap((s) => s.values.filter((value): value is number => value !== null));
  const max = Math.max(0, ...values);
  const step = STEPS.find((candidate) => max / candidate <= 5) ?? Math.ceil(max / 5 / HOUR) * HOUR;
  const top = Math.max(step, Math.ceil(max / step) * step);
  const y = createLinearScale({ domain: [0, top], range: [BOTTOM, TOP] });
  const slot = (RIGHT - LEFT) / Math.max(1, months.length);
  const x = (i: number) => round1(LEFT + slot * (i + 0.5));
  const styles = series.map((_, i) => ({
    colour: PALETTE[i % PALETTE.length] ?? INK,
    dash: DASHES[i % DASHES.length],
    shape: SHAPES[i % SHAPES.length] ?? 'circle',
  }));
  const lines = series.map((s, index) => {
    const style = styles[index] ?? { colour: INK, dash: undefined, shape: 'circle' as const };
    let path = '';
    let drawing = false;
    s.values.forEach((value, i) => {
      if (value === null) drawing = false;
      else {
        path += `${drawing ? 'L' : 'M'}${x(i)} ${y(value)}`;
        drawing = true;
      }
    });
    const points = s.values.map((value, i) =>
      value === null
        ? ''
        : renderMarker({
            shape: style.shape,
            x: x(i),
            y: y(value),
            colour: style.colour,
            title: `${s.name}, ${months[i] ?? ''}: ${showDuration(value)}`,
          }),
    );
    return html`<path d="${path || 'M0 0'}" fill="none" stroke="${style.colour}" stroke-width="2"${style.dash === undefined ? '' : html` stroke-dasharray="${style.dash}"`}/>${points}`;
  });
  const levels = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const legend = renderLegend({
    items: series.map((s, i) => ({
      label: s.name,
      swatch: (cx: number, cy: number) =>
        html`${lineSwatch(styles[i]?.colour ?? INK, styles[i]?.dash)(cx, cy)}${renderMarker({ shape: styles[i]?.shape ?? 'circle', x: cx, y: cy, colour: styles[i]?.colour ?? INK })}`,
    })),
    x: 8,
    y: BOTTOM + 26,
    width: RIGHT - 8,
  });
  const latest = months.findLastIndex((_, i) => series.some((s) => (s.values[i] ?? null) !== null));
  return renderChartFrame({
    id,
    title,
    description:
      latest === -1
        ? `${title}: no incidents to measure.`
        : `${title}. ${months[latest] ?? ''}: ${series.map((s) => `${s.name} ${showDuration(s.values[latest] ?? null)}`).join(', ')}.`,
    caption,
    width: WIDTH,
    height: round1(BOTTOM + 26 + legend.height + 4),
    body:
      latest === -1
        ? renderNoData({ width: WIDTH, top: TOP, height: BOTTOM - TOP, text: 'No incidents to measure' })
        : html`<path d="${levels.map((level) => `M${LEFT} ${y(level)}H${RIGHT}`).join('')}" stroke="${GRID}"/><g fill="${INK}" text-anchor="end">${levels.map((level) => html`<text x="${LEFT - 6}" y="${round1(y(level) + 4)}">${level === 0 ? '0' : showDuration(level)}</text>`)}</g><g fill="${INK}" text-anchor="middle">${months.map((month, i) => html`<text x="${x(i)}" y="${BOTTOM + 14}">${month}</text>`)}</g>${lines}${legend.markup}`,
    table: {
      caption: title,
      columns: [{ label: 'Month' }, ...series.map((s) => ({ label: s.name, numeric: true }))],
      rows: months.map((month, i) => ({ head: month, cells: series.map((s) => showDuration(s.values[i] ?? null)) })),
      empty: 'No incidents to measure',
    },
  });
};
