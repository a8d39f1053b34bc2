import { formatAvailability } from '../../report.ts';
import { type Html, html } from '../html.ts';
import { renderChartFrame } from './chart-frame.ts';
import {
  BAD,
  boxSwatch,
  createLinearScale,
  GOOD,
  GRID,
  INK,
  lineSwatch,
  renderHatch,
  renderLegend,
  renderNoData,
  round1,
} from './svg-kit.ts';

/** One SLA period's figure, as `computeDowntime` gives it for that period. */
export type AvailabilityBar = { label: string; availabilityPercent: number; breached: boolean };

export type AvailabilityBarsOptions = {
  /** Unique on the page. */
  id: string;
  service: string;
  /** The SLA target in percent, drawn as a line. */
  target: number;
  /** Oldest first: the last twelve periods, the current one last. */
  periods: readonly AvailabilityBar[];
};

const WIDTH = 760;
const LEFT = 64;
const RIGHT = WIDTH - 16;
const TOP = 30;
const BOTTOM = 200;

const renderBars = (
  { id, periods }: Pick<AvailabilityBarsOptions, 'id' | 'periods'>,
  y: (percent: number) => number,
): Html[] => {
  const slot = (RIGHT - LEFT) / periods.length;
  return periods.map((period, i) => {
    const cx = LEFT + slot * (i + 0.5);
    const top = Math.min(y(period.availabilityPercent), BOTTOM - 1);
    const width = round1(Math.min(48, slot * 0.6));
    const fill = period.breached ? `url(#${id}-below)` : GOOD;
    const words = period.label.split(' ');
    return html`<rect x="${round1(cx - width / 2)}" y="${top}" width="${width}" height="${round1(BOTTOM - top)}" fill="${fill}" stroke="${period.breached ? BAD : GOOD}"><title>${period.label}: ${formatAvailability(period.availabilityPercent)}${period.breached ? ', below target' : ''}</title></rect><text x="${round1(cx)}" y="${round1(top - 4)}" font-size="10">${formatAvailability(period.availabilityPercent)}</text>${
      period.breached
        ? html`<text x="${round1(cx)}" y="${round1(top - 15)}" font-size="10" font-weight="700" fill="${BAD}">below</text>`
        : ''
    }${words.map((word, line) => html`<text x="${round1(cx)}" y="${BOTTOM + 14 + line * 12}">${word}</text>`)}`;
  });
};

/**
 * Availability per SLA period: a bar per period rising to its availability, the target as a dashed line, and each
 * period below the target striped and labelled "below" as well as red. The scale starts a little under the lowest
 * of the bars and the target, so that 99.9 and 99.95 differ visibly.
 */
export const renderAvailabilityBars = ({ id, service, target, periods }: AvailabilityBarsOptions): Html => {
  const lowest = Math.min(target, ...periods.map((period) => period.availabilityPercent));
  const floor = Math.max(0, Math.min(target - 2 * (100 - target), lowest - (100 - target) / 2));
  const y = createLinearScale({ domain: [floor, 100], range: [BOTTOM, TOP] });
  const below = periods.filter((period) => period.breached);
  const legend = renderLegend({
    items: [
      { label: 'Met the target', swatch: boxSwatch(GOOD) },
      { label: 'Below the target', swatch: boxSwatch(`url(#${id}-below)`, BAD) },
      { label: `Target ${formatAvailability(target)}`, swatch: lineSwatch(INK, '6 3') },
    ],
    x: 8,
    y: BOTTOM + 36,
    width: RIGHT - 8,
  });
  const plot =
    periods.length === 0
      ? renderNoData({ width: WIDTH, top: TOP, height: BOTTOM - TOP, text: 'No periods to show' })
      : html`<g fill="${INK}" text-anchor="end">${[100, floor].map((level) => html`<text x="${LEFT - 6}" y="${round1(y(level) + 4)}">${formatAvailability(level)}</text>`)}</g><path d="M${LEFT} ${y(100)}H${RIGHT}M${LEFT} ${BOTTOM}H${RIGHT}" stroke="${GRID}"/><g text-anchor="middle" fill="${INK}">${renderBars({ id, periods }, y)}</g><path d="M${LEFT} ${y(target)}H${RIGHT}" stroke="${INK}" stroke-width="1.5" stroke-dasharray="6 3"/><text x="${LEFT - 6}" y="${round1(y(target) + 4)}" text-anchor="end" font-weight="600">${formatAvailability(target)}</text>`;
  const latest = periods.at(-1);
  return renderChartFrame({
    id,
    title: `Availability of ${service} per period`,
    description:
      latest === undefined
        ? `No periods to show for ${service}.`
        : `${below.length} of ${periods.length} periods below the ${formatAvailability(target)} target; ${latest.label}: ${formatAvailability(latest.availabilityPercent)}.`,
    caption: `Availability of ${service} in each of the last ${periods.length} periods against its ${formatAvailability(target)} target.`,
    width: WIDTH,
    height: round1(BOTTOM + 36 + legend.height + 4),
    body: html`<defs>${renderHatch({ id: `${id}-below`, colour: BAD, background: '#fbdada' })}</defs>${plot}${legend.markup}`,
    table: {
      caption: `Availability of ${service} per period, target ${formatAvailability(target)}`,
      columns: [{ label: 'Period' }, { label: 'Availability', numeric: true }, { label: 'Target' }],
      rows: periods.map((period) => ({
        head: period.label,
        cells: [formatAvailability(period.availabilityPercent), period.breached ? 'below target' : 'met'],
      })),
      empty: 'No periods to show',
    },
  });
};
