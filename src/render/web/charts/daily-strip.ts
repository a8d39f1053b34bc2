import type { DayWindow } from '../../../domain/sla/daily-availability.ts';
import { type DowntimeReport, formatMinutes } from '../../../domain/sla/downtime.ts';
import { labelDay } from '../../../domain/time/wall-clock.ts';
import { formatAvailability } from '../../report.ts';
import { type Html, html } from '../html.ts';
import { renderChartFrame } from './chart-frame.ts';
import { BAD, boxSwatch, GOOD, INK, renderHatch, renderLegend, renderNoData, round1 } from './svg-kit.ts';

/** A day's figures, as `computeDailyAvailability` gives them. */
export type StripDay = Pick<DowntimeReport<DayWindow>, 'period' | 'availabilityPercent' | 'downtimeMs' | 'breached'>;

export type DailyStripOptions = {
  /** Unique on the page. */
  id: string;
  service: string;
  /** The service's SLA target: a day below it is striped red. */
  target: number;
  /** Oldest first, today last. */
  days: readonly StripDay[];
};

const DAY = 86_400_000;
const WIDTH = 760;
const LEFT = 8;
const RIGHT = WIDTH - 8;
const TOP = 8;
const CELL_HEIGHT = 34;

/** `Tue 3 Nov 2026` for `2026-11-03`. */
const labelCalendarDay = (day: string): string => labelDay(Date.parse(`${day}T00:00:00Z`) / DAY);

/** Each day's fill: solid green without downtime, green dots within the target, red stripes below it. */
const fillOf = (id: string, day: StripDay): string =>
  day.breached ? `url(#${id}-below)` : day.downtimeMs > 0 ? `url(#${id}-some)` : GOOD;

/**
 * Daily availability as a strip of cells, oldest on the left and today on the right, each day's figures in its
 * `<title>`, with the month under the first day of each. Three kinds of day, told apart by pattern as well as colour:
 * no downtime (solid), downtime within the target (dotted), below the target (striped).
 */
export const renderDailyStrip = ({ id, service, target, days }: DailyStripOptions): Html => {
  const cell = (RIGHT - LEFT) / Math.max(1, days.length);
  const cells = days.map((day, i) => {
    const x = round1(LEFT + i * cell);
    const text = `${labelCalendarDay(day.period.day)}: ${formatAvailability(day.availabilityPercent)} available, ${formatMinutes(day.downtimeMs)} down${day.breached ? ', below target' : ''}`;
    // The first day is labelled with its year; a month's first day only where it clears that label.
    const month = i === 0 || (day.period.day.endsWith('-01') && i * cell >= 72);
    return html`<rect x="${x}" y="${TOP}" width="${round1(cell - 1)}" height="${CELL_HEIGHT}" fill="${fillOf(id, day)}" stroke="${day.breached ? BAD : GOOD}" stroke-width="0.5"><title>${text}</title></rect>${
      month
        ? html`<path d="M${x} ${TOP + CELL_HEIGHT}v6" stroke="${INK}"/><text x="${x}" y="${TOP + CELL_HEIGHT + 17}">${labelCalendarDay(day.period.day).slice(4, i === 0 ? undefined : -5)}</text>`
        : ''
    }`;
  });
  const legend = renderLegend({
    items: [
      { label: 'No downtime', swatch: boxSwatch(GOOD) },
      { label: 'Within the target', swatch: boxSwatch(`url(#${id}-some)`, GOOD) },
      { label: `Below ${formatAvailability(target)}`, swatch: boxSwatch(`url(#${id}-below)`, BAD) },
    ],
    x: LEFT,
    y: TOP + CELL_HEIGHT + 26,
    width: RIGHT - LEFT,
  });
  const below = days.filter((day) => day.breached);
  const worst = days.reduce<StripDay | null>(
    (low, day) => (low === null || day.availabilityPercent < low.availabilityPercent ? day : low),
    null,
  );
  return renderChartFrame({
    id,
    title: `Daily availability of ${service}, last ${days.length} days`,
    description:
      worst === null
        ? `No days to show for ${service}.`
        : `${below.length} of ${days.length} days below the ${formatAvailability(target)} target, ${days.filter((day) => day.downtimeMs > 0).length} with downtime; the lowest ${labelCalendarDay(worst.period.day)} at ${formatAvailability(worst.availabilityPercent)}.`,
    caption: `Availability of ${service} per day, oldest on the left; today so far on the right.`,
    width: WIDTH,
    height: round1(TOP + CELL_HEIGHT + 26 + legend.height + 4),
    body: html`<defs>${renderHatch({ id: `${id}-below`, colour: BAD, background: '#fbdada' })}<pattern id="${id}-some" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#d7f0dc"/><circle cx="2.5" cy="2.5" r="1.3" fill="${GOOD}"/></pattern></defs>${
      days.length === 0
        ? renderNoData({ width: WIDTH, top: TOP, height: CELL_HEIGHT, text: 'No days to show' })
        : html`<g fill="${INK}">${cells}</g>`
    }${legend.markup}`,
    table: {
      caption: `Daily availability of ${service}, target ${formatAvailability(target)}`,
      columns: [{ label: 'Day' }, { label: 'Availability', numeric: true }, { label: 'Downtime', numeric: true }],
      rows: days.map((day) => ({
        head: labelCalendarDay(day.period.day),
        cells: [formatAvailability(day.availabilityPercent), formatMinutes(day.downtimeMs)],
      })),
      empty: 'No days to show',
    },
  });
};
