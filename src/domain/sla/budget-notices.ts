import {
  type BudgetThreshold,
  crossedThresholds,
  describeBudgetUse,
  describeThresholdAnnouncement,
} from '../slack-lines/budget-lines.ts';
import { computeDowntime, type ImpactSpan } from './downtime.ts';
import { periodContaining, type SlaPeriod, type SlaWindow } from './sla-period.ts';

/** A service with its SLA, as sitrep.yml gives it. */
export type ServiceSla = { name: string; sla: { target: number; window: SlaWindow; degradedWeight: number } };

/** A service and the SLA period its budget is read over. */
export type BudgetPeriod = { service: ServiceSla; period: SlaPeriod };

export type BudgetAnnouncementNotice = { service: string; periodKey: string; threshold: BudgetThreshold; text: string };

/** What a resolution says about budgets: one line per service for the incident channel, and announcements. */
export type BudgetNotices = { lines: string[]; announcements: BudgetAnnouncementNotice[] };

export type PlanBudgetNoticesOptions = {
  periods: readonly BudgetPeriod[];
  /** Every incident's impact spans of those services that overlap their periods, this incident's included. */
  spans: readonly ImpactSpan[];
  incidentId: string;
  /** The resolve time: open spans of other incidents count up to it. */
  at: Date;
};

/** The period of each service's SLA (monthly or quarterly, in the team's `zone`) that contains `at`. */
export const listBudgetPeriods = ({
  services,
  at,
  zone,
}: {
  services: readonly ServiceSla[];
  at: Date;
  zone: string;
}): BudgetPeriod[] =>
  services.map((service) => ({ service, period: periodContaining({ instant: at, window: service.sla.window, zone }) }));

/**
 * What resolving `incidentId` tells people about error budgets. For each service: the budget line (the downtime of
 * every incident in the period, this one included), and an announcement for each threshold (50 %, 100 %) that the
 * service's budget use crossed because of this incident's windows: used without them is the "before", with them
 * the "after". Announcing each threshold once per service and period is the caller's part (it remembers what was
 * announced); a threshold crossed earlier in the period is crossed again here only if it was never reached before.
 *
 * @example planBudgetNotices({ periods: [checkout-api in November 2026], spans: [this incident's 27-min outage],
 *     incidentId, at })
 *   // => { lines: ["Used 27 min of checkout-api's 43.2 min November budget (62%)."],
 *   //      announcements: [{ service: 'checkout-api', periodKey: '2026-11', threshold: 50, text: ':warning: …' }] }
 */
export const planBudgetNotices = ({ periods, spans, incidentId, at }: PlanBudgetNoticesOptions): BudgetNotices => {
  const others = spans.filter((span) => span.incidentId !== incidentId);
  const readings = periods.map(({ service, period }) => {
    const read = (from: readonly ImpactSpan[]) =>
      computeDowntime({
        spans: from,
        service: service.name,
        period,
        target: service.sla.target,
        degradedWeight: service.sla.degradedWeight,
        now: at,
      });
    return { before: read(others), after: read(spans) };
  });
  return {
    lines: readings.map(({ after }) => describeBudgetUse(after)),
    announcements: readings.flatMap(({ before, after }) =>
      crossedThresholds({ before: before.budgetUsedPercent, after: after.budgetUsedPercent }).map((threshold) => ({
        service: after.service,
        periodKey: after.period.key,
        threshold,
        text: describeThresholdAnnouncement({ report: after, threshold }),
      })),
    ),
  };
};
