import { type Html, html, trustedHtml } from '../html.ts';

// The pieces every chart draws with. Colours are the page's (layout.ts) and reach 3:1 or more against white, the
// contrast WCAG asks of graphics; each one also comes with a shape, a pattern or a label, never alone.

export const INK = '#1d1d1f';
export const MUTED = '#55565b';
export const GRID = '#d8d8dc';
export const ACCENT = '#0b5cad';
export const BAD = '#b3261e';
export const WARN = '#8a5300';
export const GOOD = '#1e6b34';
/** Distinct hues for series and deploy layers, each dark enough for 3:1 on white. */
export const PALETTE = ['#0b5cad', '#8a5300', '#5b3fa8', '#1e6b34', '#a3366f', '#55565b'] as const;

const CHAR_WIDTH = 0.6;

/** A coordinate to one decimal: sharp at any zoom, and much less markup than full precision. */
export const round1 = (value: number): number => Math.round(value * 10) / 10;

export type LinearScaleOptions = { domain: readonly [number, number]; range: readonly [number, number] };

/** Maps `domain` onto `range` in a straight line, rounded to one decimal; a domain of one value maps to the middle. */
export const createLinearScale = ({ domain: [d0, d1], range: [r0, r1] }: LinearScaleOptions) => {
  const ratio = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (value: number): number => round1(d1 === d0 ? (r0 + r1) / 2 : r0 + (value - d0) * ratio);
};

/** About how wide `text` is drawn at `fontSize`, to keep labels apart: system fonts average 0.6 em a character. */
export const estimateTextWidth = (text: string, fontSize = 11): number => text.length * fontSize * CHAR_WIDTH;

/** `text` cut to `max` characters with an ellipsis: a long service name must not run over the plot. */
export const shortenLabel = (text: string, max: number): string => {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

export type HatchOptions = { id: string; colour: string; background: string };

/** A diagonal stripe pattern: what tells a degraded or below-target area apart without its colour. */
export const renderHatch = ({ id, colour, background }: HatchOptions): Html =>
  html`<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${background}"/><path d="M1.5 0v6" stroke="${colour}" stroke-width="3"/></pattern>`;

export type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';

export type MarkerOptions = { shape: Shape; x: number; y: number; colour: string; title?: string };

const shapePath = (shape: Shape, x: number, y: number): string => {
  const [cx, cy] = [round1(x), round1(y)];
  if (shape === 'square') return `M${round1(cx - 4)} ${round1(cy - 4)}h8v8h-8z`;
  if (shape === 'triangle') return `M${cx} ${round1(cy - 5)}l5 9h-10z`;
  if (shape === 'diamond') return `M${cx} ${round1(cy - 5.5)}l5.5 5.5-5.5 5.5-5.5-5.5z`;
  if (shape === 'cross') return `M${round1(cx - 4)} ${round1(cy - 4)}l8 8m0-8-8 8`;
  return `M${round1(cx - 4.5)} ${cy}a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0-9 0`;
};

/** A small shape at (`x`, `y`), outlined in white so it stands out on a bar; a cross is drawn as a stroke. */
export const renderMarker = ({ shape, x, y, colour, title }: MarkerOptions): Html => {
  const paint =
    shape === 'cross'
      ? html`fill="none" stroke="${colour}" stroke-width="2.5"`
      : html`fill="${colour}" stroke="#fff" stroke-width="1"`;
  const d = shapePath(shape, x, y);
  return title === undefined
    ? html`<path d="${d}" ${paint}/>`
    : html`<path d="${d}" ${paint}><title>${title}</title></path>`;
};

/** One entry of a legend: its swatch is drawn with its centre at (`x`, `y`). */
export type LegendItem = { label: string; swatch: (x: number, y: number) => Html };

export type LegendOptions = { items: readonly LegendItem[]; x: number; y: number; width: number };

const LEGEND_ROW = 18;

/** Legend entries left to right, wrapping onto a new row when the next would not fit; `height` is what it took. */
export const renderLegend = ({ items, x, y, width }: LegendOptions): { markup: Html; height: number } => {
  const parts: Html[] = [];
  let [left, top] = [x, y];
  for (const item of items) {
    const itemWidth = 22 + estimateTextWidth(item.label) + 14;
    if (left > x && left + itemWidth > x + width) [left, top] = [x, top + LEGEND_ROW];
    parts.push(
      html`${item.swatch(left + 7, top + 9)}<text x="${round1(left + 18)}" y="${round1(top + 13)}">${item.label}</text>`,
    );
    left += itemWidth;
  }
  return { markup: html`<g fill="${INK}">${parts}</g>`, height: items.length === 0 ? 0 : top - y + LEGEND_ROW };
};

/** A swatch of a filled box, for a legend. */
export const boxSwatch =
  (fill: string, stroke: string = fill) =>
  (x: number, y: number): Html =>
    html`<rect x="${round1(x - 6)}" y="${round1(y - 5)}" width="12" height="10" fill="${fill}" stroke="${stroke}"/>`;

/** A swatch of a line, dashed or not, for a legend. */
export const lineSwatch =
  (colour: string, dash?: string) =>
  (x: number, y: number): Html =>
    html`<path d="M${round1(x - 7)} ${round1(y)}h14" stroke="${colour}" stroke-width="2"${dash === undefined ? '' : trustedHtml(` stroke-dasharray="${dash}"`)}/>`;

export type NoDataOptions = { width: number; top: number; height: number; text: string };

/** What a chart with nothing to draw shows in its plot: a frame and a sentence, never an empty or broken drawing. */
export const renderNoData = ({ width, top, height, text }: NoDataOptions): Html =>
  html`<rect x="1" y="${top}" width="${width - 2}" height="${height}" fill="#f6f6f7" stroke="${GRID}"/><text x="${round1(width / 2)}" y="${round1(top + height / 2 + 4)}" text-anchor="middle" fill="${MUTED}" font-size="13">${text}</text>`;

/**
 * A round step for about `count` gridlines up to `max` (1, 2 or 5 times a power of ten), and the top it reaches.
 *
 * @example chooseStep({ max: 37, count: 4 }) // => { step: 10, top: 40 }
 */
export type StepOptions = { max: number; count: number };

export const chooseStep = ({ max, count }: StepOptions): { step: number; top: number } => {
  if (max <= 0) return { step: 1, top: 1 };
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  return { step, top: Math.ceil(max / step) * step };
};

export type SeriesFillOptions = { id: string; index: number; colour: string };

/** Fills that tell series apart without colour: solid, diagonal stripes, dots, then horizontal stripes. */
export const renderSeriesFill = ({ id, index, colour }: SeriesFillOptions): Html => {
  const kind = index % 4;
  if (kind === 0) return html``;
  const mark =
    kind === 1
      ? html`<path d="M1.5 0v6" stroke="${colour}" stroke-width="3"/>`
      : kind === 2
        ? html`<circle cx="3" cy="3" r="1.8" fill="${colour}"/>`
        : html`<path d="M0 1.5h6" stroke="${colour}" stroke-width="2.5"/>`;
  return html`<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse"${kind === 1 ? html` patternTransform="rotate(45)"` : ''}><rect width="6" height="6" fill="#fff"/>${mark}</pattern>`;
};

/** What a series' shapes are filled with: its colour for the first pattern kind, else its pattern. */
export const seriesPaint = ({ id, index, colour }: SeriesFillOptions): string =>
  index % 4 === 0 ? colour : `url(#${id})`;

/** `1 incident`, `3 incidents`: a count with its noun. */
export const countOf = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
