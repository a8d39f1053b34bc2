import type { MaintenanceTime } from '../maintenance/maintenance-window.ts';
import { cutOutIntervals, listMaintenanceIntervals } from './maintenance-overlap.ts';
import type { SlaPeriod } from './sla-period.ts';

/** A window during which a service was down (`outage`) or worse than normal (`degraded`); open while `endedAt` is null. */
export type ImpactSpan = {
  service: string;
  kind: 'outage' | 'degraded';
  startedAt: Date;
  endedAt: Date | null;
  incidentId: string;
};

/**
 * What downtime is measured over: an SLA period, or any window with a start and an exclusive end that carries what
 * its caller needs back (a calendar day for the daily strip).
 */
export type MeasuredWindow = Pick<SlaPeriod, 'start' | 'end'>;

export type DowntimeOptions<W extends MeasuredWindow = SlaPeriod> = {
  spans: readonly ImpactSpan[];
  service: string;
  period: W;
  /** Availability objective in percent, such as 99.9; below 100. */
  target: number;
  /** How much a degraded millisecond counts as downtime, from 0 to 1. */
  degradedWeight: number;
  /** Where open spans end, and where every span is cut off. */
  now: Date;
  /**
   * Scheduled maintenance (any services'; cancelled windows as they ran), and whether the service's SLA leaves impact
   * inside it out of downtime (`sla.excludeMaintenance`). None when absent.
   */
  maintenance?: { windows: readonly MaintenanceTime[]; exclude: boolean };
};

export type DowntimeReport<W extends MeasuredWindow = SlaPeriod> = {
  service: string;
  period: W;
  target: number;
  /** The whole period, however much of it has passed: the budget is read over it. */
  windowMs: number;
  /** The part of the period gone by at `now` (all of it once it is over): availability is read over it. */
  elapsedMs: number;
  /** `outageMs + degradedWeight × degradedMs`, to the millisecond. */
  downtimeMs: number;
  /** The union of the outage spans (outside maintenance when it is excluded). */
  outageMs: number;
  /** The union of the degraded spans outside any outage, unweighted. */
  degradedMs: number;
  /** `(1 - target/100) × windowMs`, to the millisecond. */
  allowedMs: number;
  budgetUsedPercent: number;
  /** Negative once the budget is exceeded. */
  remainingMs: number;
  /** Over the time elapsed, so that a period still running reads as it has gone so far; 100 before any time passed. */
  availabilityPercent: number;
  /** More downtime than allowed; using exactly the whole budget is not a breach. */
  breached: boolean;
  /** Spans still open that count towards this period: the figures will grow. */
  openSpans: number;
  /** Distinct incidents with some impact on the service inside the period. */
  incidents: number;
  /**
   * Downtime, weighed as `downtimeMs` is, that fell inside the service's maintenance windows: left out of
   * `downtimeMs` when `maintenanceExcluded`, counted in it otherwise.
   */
  maintenanceMs: number;
  maintenanceExcluded: boolean;
};

type Interval = { start: number; end: number };

/** A span of one service cut to a window: `start` < `end`, in milliseconds. */
export type ClippedSpan = Interval & { span: ImpactSpan };

export type AllowedOptions = { windowMs: number; target: number };

export type WeighOptions = { outageMs: number; degradedMs: number; degradedWeight: number };

export type ClipSpansOptions = { spans: readonly ImpactSpan[]; service: string; from: number; until: number };

/**
 * The spans of `service` cut to [`from`, `until`), an open span running to `until`; spans left with no time in it
 * (other services', reversed, zero-length, outside) are dropped. The one clipping rule of downtime and burn-down.
 */
export const clipSpans = ({ spans, service, from, until }: ClipSpansOptions): ClippedSpan[] =>
  spans
    .filter((span) => span.service === service)
    .map((span) => ({
      span,
      start: Math.max(span.startedAt.getTime(), from),
      end: Math.min(span.endedAt?.getTime() ?? until, until),
    }))
    .filter(({ start, end }) => end > start);

/**
 * The budget a `target` allows over `windowMs`: `(1 - target/100) × windowMs` to the millisecond, at least 1 ms so
 * that the share of the budget used stays a number even for a target a hair below 100.
 */
export const computeAllowedMs = ({ windowMs, target }: AllowedOptions): number =>
  Math.max(1, Math.round((windowMs * (100 - target)) / 100));

/** `outageMs + degradedWeight × degradedMs` to the millisecond: downtime as every SLA figure counts it. */
export const weighDowntime = ({ outageMs, degradedMs, degradedWeight }: WeighOptions): number =>
  Math.round(outageMs + degradedWeight * degradedMs);

/**
 * The downtime of `service` over `period` against its SLA `target`. Downtime is the length of the union of the
 * service's outage spans, so overlapping or nested spans, from one incident or several, count once; plus
 * `degradedWeight` times the degraded time that no outage already covers. Each span is cut to the period and to
 * `now`, so an incident across a month or quarter boundary is split between the two periods, and an open span
 * (`endedAt` null) counts up to the earlier of `now` and the period's end. The allowance is
 * `(1 - target/100) × windowMs` over the period's real length (a month with a DST change is 743 h or 745 h), even
 * while the period runs: the budget is the whole period's. Availability, though, is over the time elapsed by `now`:
 * 2 h down on the first day of a month is 91.7 % so far, not the 99.72 % a whole month would dilute it to.
 *
 * Edges: other services' spans are ignored; a span that ends before it starts is ignored; zero-length spans, and
 * spans that touch without overlapping, add nothing twice; no spans at all is 100 % available with none of the budget
 * used. Only incidents (and open spans) with more than zero milliseconds inside the period are counted.
 *
 * Scheduled maintenance: the parts of the spans inside the service's maintenance windows (as they ran: a cancelled
 * window up to its cancellation) are measured apart, the union taken the same way, and their weighed downtime is
 * `maintenanceMs`. With `exclude` it is left out of outage, degraded and downtime (the budget and availability follow);
 * without, it counts like any other. Incidents and open spans are counted either way.
 *
 * @example computeDowntime({ spans: [{ service: 'checkout-api', kind: 'outage', incidentId: 'a',
 *     startedAt: new Date('2026-11-03T10:00:00Z'), endedAt: new Date('2026-11-03T10:27:00Z') }],
 *   service: 'checkout-api', period: November 2026 in UTC (parsePeriod '2026-11'),
 *   target: 99.9, degradedWeight: 0, now: new Date('2026-11-20T00:00:00Z') })
 *   // => downtimeMs 1_620_000 (27 min), allowedMs 2_592_000 (43.2 min of a 30-day month), budgetUsedPercent 62.5
 */
export const computeDowntime = <W extends MeasuredWindow = SlaPeriod>({
  spans,
  service,
  period,
  target,
  degradedWeight,
  now,
  maintenance,
}: DowntimeOptions<W>): DowntimeReport<W> => {
  const from = period.start.getTime();
  const until = Math.min(period.end.getTime(), now.getTime());
  const clipped = clipSpans({ spans, service, from, until });
  const intervals = listMaintenanceIntervals({ windows: maintenance?.windows ?? [], service, from, until });
  const all = measureImpact({ clipped, degradedWeight });
  const outside =
    intervals.length === 0
      ? all
      : measureImpact({ clipped: cutOutIntervals({ spans: clipped, intervals }), degradedWeight });
  const maintenanceExcluded = maintenance?.exclude === true;
  const { outageMs, degradedMs, downtimeMs } = maintenanceExcluded ? outside : all;
  const windowMs = period.end.getTime() - from;
  const elapsedMs = Math.max(0, until - from);
  const allowedMs = computeAllowedMs({ windowMs, target });
  return {
    service,
    period,
    target,
    windowMs,
    elapsedMs,
    downtimeMs,
    outageMs,
    degradedMs,
    allowedMs,
    budgetUsedPercent: (downtimeMs / allowedMs) * 100,
    remainingMs: allowedMs - downtimeMs,
    availabilityPercent: elapsedMs === 0 ? 100 : ((elapsedMs - downtimeMs) / elapsedMs) * 100,
    breached: downtimeMs > allowedMs,
    openSpans: clipped.filter(({ span }) => span.endedAt === null).length,
    incidents: new Set(clipped.map(({ span }) => span.incidentId)).size,
    maintenanceMs: all.downtimeMs - outside.downtimeMs,
    maintenanceExcluded,
  };
};

/** Outage, degraded and weighed downtime of spans already clipped. */
const measureImpact = ({ clipped, degradedWeight }: { clipped: readonly ClippedSpan[]; degradedWeight: number }) => {
  const outageMs = measureUnion(clipped.filter(({ span }) => span.kind === 'outage'));
  // What the degraded spans add to the outages' union is exactly the degraded time outside every outage.
  const degradedMs = measureUnion(clipped) - outageMs;
  return { outageMs, degradedMs, downtimeMs: weighDowntime({ outageMs, degradedMs, degradedWeight }) };
};

/** The length of the union of `intervals`, each with `end > start`. */
const measureUnion = (intervals: readonly Interval[]): number => {
  let total = 0;
  let reached = Number.NEGATIVE_INFINITY;
  for (const { start, end } of [...intervals].sort((a, b) => a.start - b.start)) {
    if (end > reached) {
      total += end - Math.max(start, reached);
      reached = end;
    }
  }
  return total;
};

/**
 * Milliseconds as minutes with at most two decimals, trailing zeros left out.
 *
 * @example formatMinutes(2_592_000) // => '43.2 min'
 * @example formatMinutes(1_620_000) // => '27 min'
 */
export const formatMinutes = (ms: number): string => `${Math.round(ms / 600) / 100} min`;
