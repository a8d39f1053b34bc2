import { findIncidentStart } from '../incident/incident-start.ts';
import type { SlaPeriod } from '../sla/sla-period.ts';
import { isProductionEnvironment } from './deploy.ts';

/** The instants of an incident the delivery metrics are measured between. */
export type IncidentTimes = {
  id: string;
  services: string[];
  impactStartedAt: Date | null;
  declaredAt: Date;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
};

/** A recorded deploy event; a deploy that started and then succeeded is two of them. */
export type DeployFact = { service: string; environment: string; status: string; occurredAt: Date };

export type DeliveryMetricsOptions = {
  service: string;
  period: SlaPeriod;
  /** Every incident declared from the period's start to `changeFailureWindowMs` after its end; others are ignored. */
  incidents: readonly IncidentTimes[];
  deploys: readonly DeployFact[];
  changeFailureWindowMs: number;
  /** Where a period still running stands: deploys per week are over the time elapsed by then. */
  now: Date;
};

export type DeliveryMetrics = {
  /** Incidents of the service declared in the period. */
  incidents: number;
  /** Mean of impact start to declared, over those incidents with an impact start. */
  meanTimeToDetectMs: number | null;
  /** Mean of declared to mitigated, over those incidents mitigated. */
  meanTimeToMitigateMs: number | null;
  /** Mean of declared to resolved, over those incidents resolved. */
  meanTimeToResolveMs: number | null;
  /** Succeeded production deploys of the service in the period. */
  productionDeploys: number;
  /** Over the weeks elapsed, at least one: a month half gone counts its deploys over its half. */
  deploysPerWeek: number;
  /** Share of those deploys followed by an incident of the service; null without deploys. */
  changeFailureRatePercent: number | null;
};

const WEEK = 7 * 24 * 3_600_000;

/**
 * The four key delivery metrics of `service` over `period`, the way the incidents and deploys record them.
 *
 * Which instants count:
 * - An incident belongs to the period when it names the service and was declared in `[period.start, period.end)`.
 * - Time to detect runs from the impact start to the declaration, to mitigate from the declaration to `mitigatedAt`
 *   (monitoring), to resolve from the declaration to `resolvedAt`. Each mean is over the incidents that have both
 *   instants, to the millisecond, and null when none has. An end recorded before its start (an incident declared
 *   ahead of the impact, or declared after the fact) counts as 0, not as negative time.
 * - A production deploy is a `succeeded` deploy of the service to `production` or `prod`, in any case, that occurred
 *   in the period; deploys per week divide their number by the weeks of the period elapsed by `now` (all of them once
 *   it is over), and by one week during the first, so that three deploys on the first morning are not 500 a week.
 * - A deploy is a failed change when an incident of the service started within `changeFailureWindowMs` after it,
 *   both ends included, where an incident starts at its impact start or, without one, at its declaration. That
 *   incident may fall in the next period: a deploy on the last evening of the month still counts.
 *
 * @example computeDeliveryMetrics({ service: 'checkout-api', period: November 2026, changeFailureWindowMs: 86_400_000,
 *     deploys: [succeeded production deploys at 2026-11-02T10:00Z and 2026-11-30T22:00Z],
 *     incidents: [{ impactStartedAt: 2026-12-01T03:00Z, declaredAt: 2026-12-01T03:10Z, … }] })
 *   // => productionDeploys 2, changeFailureRatePercent 50 (the second deploy, 5 h before the impact), incidents 0
 */
export const computeDeliveryMetrics = ({
  service,
  period,
  incidents,
  deploys,
  changeFailureWindowMs,
  now,
}: DeliveryMetricsOptions): DeliveryMetrics =>
  measureDeliveryMetrics({
    facts: indexDeliveryFacts({ service, incidents, deploys }),
    period,
    changeFailureWindowMs,
    now,
  });

/**
 * One service's incidents and production deploys, sorted once so that each period's metrics are read by binary
 * search: a page of a year's months reads thousands of deploys and incidents, and filtering them all for each month
 * was most of its time.
 */
export type DeliveryFactsIndex = {
  /** The service's incidents by declaration, oldest first. */
  declared: readonly IncidentTimes[];
  declaredAt: readonly number[];
  /** When each of the service's incidents started (`findIncidentStart`), ascending. */
  incidentStarts: readonly number[];
  /** The service's succeeded production deploys, ascending. */
  productionDeploys: readonly number[];
};

export type IndexDeliveryFactsOptions = Pick<DeliveryMetricsOptions, 'service' | 'incidents' | 'deploys'>;

/** Sorts `service`'s incidents and succeeded production deploys for `measureDeliveryMetrics`. */
export const indexDeliveryFacts = ({ service, incidents, deploys }: IndexDeliveryFactsOptions): DeliveryFactsIndex => {
  const ofService = incidents.filter((incident) => incident.services.includes(service));
  const declared = ofService.toSorted((a, b) => a.declaredAt.getTime() - b.declaredAt.getTime());
  return {
    declared,
    declaredAt: declared.map((incident) => incident.declaredAt.getTime()),
    incidentStarts: ofService.map((incident) => findIncidentStart(incident).getTime()).sort((a, b) => a - b),
    productionDeploys: deploys
      .filter(
        (deploy) =>
          deploy.service === service && deploy.status === 'succeeded' && isProductionEnvironment(deploy.environment),
      )
      .map((deploy) => deploy.occurredAt.getTime())
      .sort((a, b) => a - b),
  };
};

export type MeasureDeliveryMetricsOptions = Pick<DeliveryMetricsOptions, 'period' | 'changeFailureWindowMs' | 'now'> & {
  facts: DeliveryFactsIndex;
};

/** `computeDeliveryMetrics` over facts already indexed: the same figures, by the same rules. */
export const measureDeliveryMetrics = ({
  facts,
  period,
  changeFailureWindowMs,
  now,
}: MeasureDeliveryMetricsOptions): DeliveryMetrics => {
  const from = period.start.getTime();
  const until = period.end.getTime();
  const elapsedMs = Math.min(until, now.getTime()) - from;
  const declared = facts.declared.slice(
    findFirstAtOrAfter(facts.declaredAt, from),
    findFirstAtOrAfter(facts.declaredAt, until),
  );
  const productionDeploys = facts.productionDeploys.slice(
    findFirstAtOrAfter(facts.productionDeploys, from),
    findFirstAtOrAfter(facts.productionDeploys, until),
  );
  // Each deploy looks up the first start at or after it.
  const failedChanges = productionDeploys.filter((deployedAt) => {
    const next = facts.incidentStarts[findFirstAtOrAfter(facts.incidentStarts, deployedAt)];
    return next !== undefined && next - deployedAt <= changeFailureWindowMs;
  });
  return {
    incidents: declared.length,
    meanTimeToDetectMs: averageDuration(
      declared.map(({ impactStartedAt, declaredAt }) => [impactStartedAt, declaredAt]),
    ),
    meanTimeToMitigateMs: averageDuration(declared.map(({ declaredAt, mitigatedAt }) => [declaredAt, mitigatedAt])),
    meanTimeToResolveMs: averageDuration(declared.map(({ declaredAt, resolvedAt }) => [declaredAt, resolvedAt])),
    productionDeploys: productionDeploys.length,
    deploysPerWeek: productionDeploys.length / (Math.max(WEEK, elapsedMs) / WEEK),
    changeFailureRatePercent:
      productionDeploys.length === 0 ? null : (failedChanges.length / productionDeploys.length) * 100,
  };
};

/** The index of the first value at or after `at` in ascending `sorted`; its length when there is none. */
const findFirstAtOrAfter = (sorted: readonly number[], at: number): number => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? Number.POSITIVE_INFINITY) < at) low = middle + 1;
    else high = middle;
  }
  return low;
};

/** The mean of `end - start` over the pairs that have both, floored at 0 each, to the millisecond; null when none. */
const averageDuration = (pairs: readonly [Date | null, Date | null][]): number | null => {
  const durations = pairs.flatMap(([start, end]) =>
    start === null || end === null ? [] : [Math.max(0, end.getTime() - start.getTime())],
  );
  if (durations.length === 0) return null;
  return Math.round(durations.reduce((sum, duration) => sum + duration, 0) / durations.length);
};
