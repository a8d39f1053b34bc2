import { createWallClock, dayOf, labelDay, labelTime } from '../../../domain/time/wall-clock.ts';
import { resolveWallTime } from '../../../domain/time/wall-time.ts';
import { type Html, html } from '../html.ts';
import { GRID, INK, round1 } from './svg-kit.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Steps a person reads at a glance: 5 minutes, a quarter hour, 6 hours, a day, a week (from Mondays). */
const STEPS = [
  ...[1, 2, 5, 10, 15, 30].map((n) => n * MINUTE),
  ...[1, 2, 3, 6, 12].map((n) => n * HOUR),
  ...[1, 2, 7, 14].map((n) => n * DAY),
];
/** 1970-01-05, the first Monday of the epoch: weeks start on Mondays. */
const FIRST_MONDAY = 4 * DAY;

/** A tick on a time axis: its instant, its local time (for steps under a day) and its date where the day changes. */
export type TimeTick = { at: number; time: string | null; date: string | null };

export type TimeTicksOptions = { from: number; until: number; zone: string; maxTicks: number };

/**
 * Ticks between `from` and `until` at round local times in `zone` (10:00, 10:15; midnights; Mondays), at most about
 * `maxTicks` of them, with the date on the first tick and on every tick that starts a new local day. A wall time the
 * clocks skipped has no tick; one they showed twice has one, at its first instant.
 */
export const listTimeTicks = ({ from, until, zone, maxTicks }: TimeTicksOptions): TimeTick[] => {
  const span = Math.max(until - from, 1);
  const step = STEPS.find((candidate) => span / candidate <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  const anchor = step >= 7 * DAY ? FIRST_MONDAY : 0;
  const wallClock = createWallClock(zone);
  const ticks: TimeTick[] = [];
  let lastDay: number | null = null;
  let wall = Math.ceil((wallClock(new Date(from)) - anchor) / step) * step + anchor;
  for (let guard = 0; guard < maxTicks * 3; guard += 1, wall += step) {
    const resolved = resolveWallTime({ wall, zone });
    if (resolved.kind === 'skipped') continue;
    if (resolved.instant > until) break;
    const day = dayOf(wall);
    const date = day === lastDay ? null : lastDay === null ? labelDay(day) : labelDay(day).slice(0, -5);
    ticks.push({ at: resolved.instant, time: step < DAY ? labelTime(wall) : null, date });
    lastDay = day;
  }
  return ticks;
};

export type TimeAxisOptions = {
  ticks: readonly TimeTick[];
  x: (ms: number) => number;
  /** Where the axis line is drawn. */
  y: number;
  /** Where the grid lines start, above the axis. */
  top: number;
  left: number;
  right: number;
};

/** The axis line, faint grid lines up to `top`, and under each tick its time and, where the day changes, its date. */
export const renderTimeAxis = ({ ticks, x, y, top, left, right }: TimeAxisOptions): Html => {
  const grid = ticks.map((tick) => `M${x(tick.at)} ${top}V${y}`).join('');
  const labels = ticks.map((tick) => {
    const cx = x(tick.at);
    const time = tick.time === null ? null : html`<text x="${cx}" y="${round1(y + 14)}">${tick.time}</text>`;
    const dateY = round1(y + (tick.time === null ? 14 : 27));
    const date = tick.date === null ? null : html`<text x="${cx}" y="${dateY}" font-weight="600">${tick.date}</text>`;
    return html`${time}${date}`;
  });
  return html`<path d="${grid || 'M0 0'}" stroke="${GRID}"/><path d="M${left} ${y}H${right}" stroke="${INK}"/><g text-anchor="middle" fill="${INK}">${labels}</g>`;
};
