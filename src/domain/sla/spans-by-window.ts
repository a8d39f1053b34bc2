import type { ImpactSpan, MeasuredWindow } from './downtime.ts';

/** The index of the first window ending after `at` in `windows`, ascending; their number when none does. */
const findFirstEndingAfter = (windows: readonly MeasuredWindow[], at: number): number => {
  let low = 0;
  let high = windows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((windows[middle]?.end.getTime() ?? Number.POSITIVE_INFINITY) <= at) low = middle + 1;
    else high = middle;
  }
  return low;
};

/**
 * For each of `windows` (in order, none overlapping another), the spans that overlap it: those that start before it
 * ends and end (or are still open) after it starts; a span with no time in it (ending where, or before, it starts) is in
 * none. Measuring many windows (twelve periods, ninety days) then clips
 * each span to the few windows it touches rather than every span to every window; `computeDowntime` drops what has
 * no time in its window, so it gives each window the figures it gives from all the spans.
 *
 * @example groupSpansByWindow(spans, [1 November, 2 November]) // => [[spans with time on the 1st], [on the 2nd]]
 */
export const groupSpansByWindow = (
  spans: readonly ImpactSpan[],
  windows: readonly MeasuredWindow[],
): ImpactSpan[][] => {
  const groups = windows.map((): ImpactSpan[] => []);
  for (const span of spans) {
    const start = span.startedAt.getTime();
    const end = span.endedAt?.getTime() ?? Number.POSITIVE_INFINITY;
    // A span with no time (reversed, or zero-length) has none in any window.
    if (end <= start) continue;
    for (let index = findFirstEndingAfter(windows, start); index < windows.length; index += 1) {
      const window = windows[index];
      if (window === undefined || window.start.getTime() >= end) break;
      groups[index]?.push(span);
    }
  }
  return groups;
};
