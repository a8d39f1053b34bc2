import { endOfMaintenance, type MaintenanceTime } from '../maintenance/maintenance-window.ts';

/** Milliseconds, `start` < `end`. */
type Interval = { start: number; end: number };

export type MaintenanceIntervalsOptions = {
  windows: readonly MaintenanceTime[];
  service: string;
  from: number;
  until: number;
};

/**
 * The time of `service`'s maintenance windows inside [`from`, `until`), merged and in order: a cancelled window
 * counts up to its cancellation, one cancelled before it started not at all; other services' windows are ignored.
 */
export const listMaintenanceIntervals = ({
  windows,
  service,
  from,
  until,
}: MaintenanceIntervalsOptions): Interval[] => {
  const intervals = windows
    .filter((window) => window.services.includes(service))
    .map((window) => ({
      start: Math.max(window.startsAt.getTime(), from),
      end: Math.min(endOfMaintenance(window).getTime(), until),
    }))
    .filter(({ start, end }) => end > start)
    .sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of intervals) {
    const last = merged.at(-1);
    if (last !== undefined && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
};

/**
 * The parts of the spans that fall outside every interval: a span that straddles a window's start or end keeps the
 * part outside, one across a whole window becomes two, one inside a window goes. `intervals` are merged and in order,
 * as `listMaintenanceIntervals` gives them.
 */
export const cutOutIntervals = <S extends Interval>({
  spans,
  intervals,
}: {
  spans: readonly S[];
  intervals: readonly Interval[];
}): S[] =>
  spans.flatMap((clipped) => {
    const pieces: S[] = [];
    let start = clipped.start;
    for (const interval of intervals) {
      if (interval.end <= start || interval.start >= clipped.end) continue;
      if (interval.start > start) pieces.push({ ...clipped, start, end: interval.start });
      start = Math.max(start, interval.end);
    }
    if (start < clipped.end) pieces.push({ ...clipped, start });
    return pieces;
  });
