import type { BurnDown, BurnDownPoint } from '../../../domain/sla/burn-down.ts';
import { formatMinutes } from '../../../domain/sla/downtime.ts';
import { endOfLocalDay } from '../../../domain/time/business-days.ts';
import { createWallClock, dayOf, labelDay } from '../../../domain/time/wall-clock.ts';
import { type Html, html } from '../html.ts';
import { renderChartFrame, type TableRow } from './chart-frame.ts';
import {
  ACCENT,
  BAD,
  countOf,
  createLinearScale,
  estimateTextWidth,
  GRID,
  INK,
  lineSwatch,
  MUTED,
  renderLegend,
  round1,
} from './svg-kit.ts';
import { listTimeTicks, renderTimeAxis } from './time-axis.ts';

export type BurnDownChartOptions = {
  /** Unique on the page. */
  id: string;
  burnDown: BurnDown;
  /** Incident id → its number, which labels its marker. */
  incidentNumbers: Readonly<Record<string, number>>;
  /** The viewer's zone: the axis and the table's days are on its clocks. */
  zone: string;
};

const DAY = 86_400_000;
const WIDTH = 760;
const LEFT = 72;
const RIGHT = WIDTH - 16;
const TOP = 26;
const BOTTOM = 226;
/** How far a point may move off the drawn line for it to be left out: under a fifth of a pixel, invisible. */
const TOLERANCE = 0.2;

type Point = [x: number, y: number];

/**
 * The points of a line with those that add nothing visible left out: repeats, and any that lie (within TOLERANCE) on
 * the straight line from the point before to the one after. A month of 500 short incidents keeps about two points each.
 */
const simplifyLine = (points: readonly Point[]): Point[] => {
  const kept: Point[] = [];
  for (const point of points) {
    const [a, b] = [kept.at(-2), kept.at(-1)];
    if (b !== undefined && b[0] === point[0] && b[1] === point[1]) continue;
    if (a !== undefined && b !== undefined) {
      const cross = (b[0] - a[0]) * (point[1] - a[1]) - (b[1] - a[1]) * (point[0] - a[0]);
      if (Math.abs(cross) <= TOLERANCE * Math.hypot(point[0] - a[0], point[1] - a[1])) kept.pop();
    }
    kept.push(point);
  }
  return kept;
};

/** The budget left at each of `instants` (ascending), read off the line between the burn-down's points. */
const readRemaining = (points: readonly BurnDownPoint[], instants: readonly number[]): number[] => {
  let i = 0;
  return instants.map((at) => {
    while (i + 1 < points.length && (points[i + 1]?.at.getTime() ?? 0) <= at) i += 1;
    const [before, after] = [points[i], points[i + 1]];
    if (before === undefined) return 0;
    if (after === undefined || at <= before.at.getTime()) return before.remainingMs;
    const share = (at - before.at.getTime()) / (after.at.getTime() - before.at.getTime());
    return Math.round(before.remainingMs + share * (after.remainingMs - before.remainingMs));
  });
};

/** A row per local day in which budget was spent or an incident began: the line at each day's end, losslessly. */
const listDayRows = ({ burnDown, incidentNumbers, zone }: Omit<BurnDownChartOptions, 'id'>): TableRow[] => {
  const wallClock = createWallClock(zone);
  const until = burnDown.until.getTime();
  const began = new Map<number, string[]>();
  for (const marker of burnDown.markers) {
    const day = dayOf(wallClock(marker.at));
    began.set(day, [...(began.get(day) ?? []), `#${incidentNumbers[marker.incidentId] ?? '?'}`]);
  }
  const days: number[] = [];
  for (let day = dayOf(wallClock(burnDown.period.start)); ; day += 1) {
    days.push(day);
    if (endOfLocalDay(new Date(day * DAY).toISOString().slice(0, 10), zone).getTime() + 1 >= until) break;
  }
  const ends = days.map((day) =>
    Math.min(until, endOfLocalDay(new Date(day * DAY).toISOString().slice(0, 10), zone).getTime() + 1),
  );
  const remaining = readRemaining(burnDown.points, ends);
  return days.flatMap((day, i) => {
    const left = remaining[i] ?? burnDown.allowedMs;
    const spent = (i === 0 ? burnDown.allowedMs : (remaining[i - 1] ?? left)) - left;
    const numbers = began.get(day) ?? [];
    if (spent === 0 && numbers.length === 0) return [];
    return [{ head: labelDay(day), cells: [formatMinutes(spent), formatMinutes(left), numbers.join(', ')] }];
  });
};

const describeBurnDown = ({ burnDown }: Pick<BurnDownChartOptions, 'burnDown'>): string => {
  const { allowedMs, period, service, markers } = burnDown;
  const left = burnDown.points.at(-1)?.remainingMs ?? allowedMs;
  const used = `${Math.round(((allowedMs - left) / allowedMs) * 100)}% used`;
  const state =
    left < 0
      ? `has overspent its ${formatMinutes(allowedMs)} error budget for ${period.label} by ${formatMinutes(-left)} (${used})`
      : `has ${formatMinutes(left)} of its ${formatMinutes(allowedMs)} error budget for ${period.label} left (${used})`;
  return `${service} ${state}, spent by ${countOf(markers.length, 'incident')}. The even-burn line falls from the whole budget to zero at the period's end.`;
};

const renderMarkers = (
  { burnDown, incidentNumbers }: Pick<BurnDownChartOptions, 'burnDown' | 'incidentNumbers'>,
  { x, y }: { x: (ms: number) => number; y: (ms: number) => number },
): Html => {
  const spots = burnDown.markers.map((m) => ({ cx: x(m.at.getTime()), cy: y(m.remainingMs), id: m.incidentId }));
  // Each label only where it clears the one before: with hundreds of incidents the table names them all.
  let clear = Number.NEGATIVE_INFINITY;
  const labels = spots.flatMap(({ cx, cy, id }) => {
    const text = `#${incidentNumbers[id] ?? '?'}`;
    if (cx - estimateTextWidth(text, 10) / 2 < clear) return [];
    clear = cx + estimateTextWidth(text, 10) / 2 + 4;
    return [html`<text x="${cx}" y="${round1(cy - 8)}">${text}</text>`];
  });
  const dots = spots.map(({ cx, cy }) => `M${cx} ${cy}h0`).join('');
  return html`<path d="${dots || 'M0 0'}" stroke="${BAD}" stroke-width="7" stroke-linecap="round"/><g fill="${INK}" font-size="10" text-anchor="middle">${labels}</g>`;
};

/**
 * Error-budget burn-down: the budget left over the SLA period (solid) against an even burn from the whole budget at
 * the start to none at the end (dashed), below zero once it is overspent, with a dot and the incident's number where
 * each incident's impact began. The table gives, per day that spent budget, what it spent and what was left.
 */
export const renderBurnDown = ({ id, burnDown, incidentNumbers, zone }: BurnDownChartOptions): Html => {
  const { period, allowedMs } = burnDown;
  const [start, end] = [period.start.getTime(), period.end.getTime()];
  const lowest = Math.min(0, ...burnDown.points.map(({ remainingMs }) => remainingMs));
  const x = createLinearScale({ domain: [start, end], range: [LEFT, RIGHT] });
  const y = createLinearScale({ domain: [lowest, allowedMs], range: [BOTTOM, TOP] });
  const line = simplifyLine(burnDown.points.map(({ at, remainingMs }) => [x(at.getTime()), y(remainingMs)]));
  const last = line.at(-1) ?? [LEFT, TOP];
  const left = burnDown.points.at(-1)?.remainingMs ?? allowedMs;
  const endLabel = left < 0 ? `${formatMinutes(-left)} over` : `${formatMinutes(left)} left`;
  const untilX = x(burnDown.until.getTime());
  // A level label too close to the one above it (the whole budget against a deep overspend) is left out.
  const levels = [allowedMs, 0, ...(lowest < 0 ? [lowest] : [])].filter(
    (level, i, all) => i === 0 || y(level) - y(all[i - 1] ?? level) >= 14,
  );
  const ticks = listTimeTicks({ from: start, until: end, zone, maxTicks: 8 });
  const legend = renderLegend({
    items: [
      { label: 'Budget left', swatch: lineSwatch(ACCENT) },
      { label: 'Even burn', swatch: lineSwatch(MUTED, '6 4') },
      {
        label: 'Incident began (its number above)',
        swatch: (cx, cy) => html`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${BAD}"/>`,
      },
    ],
    x: 8,
    y: BOTTOM + 38,
    width: RIGHT - 8,
  });
  const body = html`${renderTimeAxis({ ticks, x, y: BOTTOM, top: TOP, left: LEFT, right: RIGHT })}<g fill="${INK}" text-anchor="end">${levels.map(
    (level) => html`<text x="${LEFT - 6}" y="${round1(y(level) + 4)}">${formatMinutes(level)}</text>`,
  )}</g><path d="M${LEFT} ${y(0)}H${RIGHT}" stroke="${INK}"/><path d="M${x(start)} ${y(allowedMs)}L${x(end)} ${y(0)}" stroke="${MUTED}" stroke-width="1.5" stroke-dasharray="6 4"/>${
    untilX < RIGHT
      ? html`<path d="M${untilX} ${TOP}V${BOTTOM}" stroke="${GRID}" stroke-width="2"/><text x="${untilX}" y="${TOP - 4}" text-anchor="middle" fill="${MUTED}">now</text>`
      : ''
  }<path d="M${line.map(([px, py]) => `${px} ${py}`).join('L')}" fill="none" stroke="${ACCENT}" stroke-width="2.5" stroke-linejoin="round"/>${renderMarkers({ burnDown, incidentNumbers }, { x, y })}<text x="${round1(last[0] + (last[0] > RIGHT - 120 ? -6 : 6))}" y="${round1(last[1] - 8)}"${last[0] > RIGHT - 120 ? html` text-anchor="end"` : ''} font-weight="600" fill="${left < 0 ? BAD : INK}">${endLabel}</text>${legend.markup}`;
  return renderChartFrame({
    id,
    title: `Error budget of ${burnDown.service}, ${period.label}`,
    description: describeBurnDown({ burnDown }),
    caption: `Error budget left over ${period.label} against an even burn; dots mark where each incident's impact began. Days on ${zone} clocks.`,
    width: WIDTH,
    height: round1(BOTTOM + 38 + legend.height + 4),
    body,
    table: {
      caption: `Error budget of ${burnDown.service} per day, ${period.label}: ${formatMinutes(allowedMs)} allowed`,
      columns: [
        { label: 'Day' },
        { label: 'Spent that day', numeric: true },
        { label: 'Left at the end of the day', numeric: true },
        { label: 'Incidents whose impact began' },
      ],
      rows: listDayRows({ burnDown, incidentNumbers, zone }),
      empty: `No budget spent in ${period.label} so far`,
    },
  });
};
