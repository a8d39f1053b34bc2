import { clipSpans, computeAllowedMs, type DowntimeOptions, type ImpactSpan, weighDowntime } from './downtime.ts';
import type { SlaPeriod } from './sla-period.ts';

/** The error budget left at an instant: `allowedMs` minus the downtime so far, negative once it is overspent. */
export type BurnDownPoint = { at: Date; remainingMs: number };

/** Where an incident's impact began inside the period (or the period's start, when it began before), and what was left. */
export type BurnDownMarker = { incidentId: string; at: Date; remainingMs: number };

export type BurnDown = {
  service: string;
  period: SlaPeriod;
  /** The budget of the whole period, as `computeDowntime` reads it. */
  allowedMs: number;
  /** Where the line stops: the earlier of `now` and the period's end (the period's start, before it began). */
  until: Date;
  /** Oldest first, from the period's start to `until`; the budget falls in straight lines between them. */
  points: BurnDownPoint[];
  /** One per incident with time in the period, in the order their impact began. */
  markers: BurnDownMarker[];
};

type Edge = { at: number; kind: ImpactSpan['kind']; delta: 1 | -1 };

/**
 * The error budget of `service` over `period` as it was spent: a point wherever the rate of spending changed (an
 * outage or degraded span starting or ending), with the budget falling at 1 ms per ms while any outage is open,
 * `degradedWeight` per ms while only degraded spans are, and not at all otherwise. Spans are cut to the period and to
 * `now` exactly as `computeDowntime` cuts them, and every point's downtime is weighed and rounded as it weighs the
 * whole period's, so the last point's `remainingMs` is `computeDowntime(options).remainingMs` to the millisecond.
 *
 * Edges: an incident whose impact began before the period has its marker at the period's start; a degraded-only
 * incident with `degradedWeight` 0 still has a marker (it had impact) on a flat stretch; a period that has not begun
 * at `now` is one point, the full budget at its start.
 *
 * @example computeBurnDown({ spans: [outage 10:00 to 10:27 on 3 November, incident 'a'], service, period: November
 *     2026 in UTC, target: 99.9, degradedWeight: 0, now: 2026-11-20T00:00:00Z })
 *   // => points [1 Nov 00:00 → 2_592_000, 3 Nov 10:00 → 2_592_000, 3 Nov 10:27 → 972_000, 20 Nov 00:00 → 972_000],
 *   //    markers [{ incidentId: 'a', at: 3 Nov 10:00, remainingMs: 2_592_000 }]
 */
export const computeBurnDown = ({ spans, service, period, target, degradedWeight, now }: DowntimeOptions): BurnDown => {
  const from = period.start.getTime();
  const until = Math.max(from, Math.min(period.end.getTime(), now.getTime()));
  const allowedMs = computeAllowedMs({ windowMs: period.end.getTime() - from, target });
  const clipped = clipSpans({ spans, service, from, until });
  const edges: Edge[] = clipped
    .flatMap(({ span, start, end }): Edge[] => [
      { at: start, kind: span.kind, delta: 1 },
      { at: end, kind: span.kind, delta: -1 },
    ])
    .sort((a, b) => a.at - b.at);

  const remainingAt = new Map<number, number>([[from, allowedMs]]);
  const open = { outage: 0, degraded: 0 };
  let outageMs = 0;
  let degradedMs = 0;
  let reached = from;
  for (const edge of edges) {
    // Outage time and degraded time outside outages, summed between changes: the two unions computeDowntime measures.
    if (open.outage > 0) outageMs += edge.at - reached;
    else if (open.degraded > 0) degradedMs += edge.at - reached;
    reached = edge.at;
    open[edge.kind] += edge.delta;
    remainingAt.set(edge.at, allowedMs - weighDowntime({ outageMs, degradedMs, degradedWeight }));
  }
  // Every span ends by `until`, so nothing more is spent after the last edge.
  if (!remainingAt.has(until))
    remainingAt.set(until, allowedMs - weighDowntime({ outageMs, degradedMs, degradedWeight }));

  const began = new Map<string, number>();
  for (const { span, start } of clipped)
    began.set(span.incidentId, Math.min(start, began.get(span.incidentId) ?? start));
  return {
    service,
    period,
    allowedMs,
    until: new Date(until),
    points: Array.from(remainingAt, ([at, remainingMs]) => ({ at: new Date(at), remainingMs })),
    markers: Array.from(began, ([incidentId, at]) => ({
      incidentId,
      at: new Date(at),
      remainingMs: remainingAt.get(at) ?? allowedMs,
    })).sort((a, b) => a.at.getTime() - b.at.getTime()),
  };
};
