import {
  type BudgetThreshold,
  crossedThresholds,
  describeBudgetUseByPeriod,
  describeThresholdAnnouncement,
} from '../slack-lines/budget-lines.ts';
import { computeDowntime, type ImpactSpan } from './downtime.ts';
import { listPeriodsOverlapping, periodContaining, type SlaPeriod, type SlaWindow } from './sla-period.ts';

/** A service with its SLA, as sitrep.yml gives it. */
export type ServiceSla = { name: string; sla: { target: number; window: SlaWindow; degradedWeight: number } };

/** A service and the SLA period its budget is read over. */
export type BudgetPeriod = { service: ServiceSla; period: SlaPeriod };

export type BudgetAnnouncementNotice = { service: string; periodKey: string; threshold: BudgetThreshold; text: string };

/** What a resolution says about budgets: one line per service for the incident channel (naming each period it
 * charges), and announcements. */
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

export type ListChargedPeriodsOptions = {
  services: readonly ServiceSla[];
  /** The incident's own windows, as they stand once resolved; an open one counts up to `at`. */
  spans: readonly ImpactSpan[];
  at: Date;
  zone: string;
};

/**
 * The SLA periods an incident's impact charges, per service: every period (month or quarter of the service's SLA, in
 * the team's `zone`) that one of the incident's windows of that service has time in, oldest first, so an outage from
 * 31 October 23:00 to 1 November 00:40 charges October and November, and a window left open across a period's end
 * charges both up to `at`. A service without a window of its own in the incident (named on it, but no impact
 * recorded) is read over the period that holds `at`, where its budget stands now.
 *
 * @example listChargedPeriods({ services: [checkout-api, monthly], at: 2026-11-02T09:00Z, zone: 'UTC',
 *     spans: [checkout-api outage 2026-10-31T23:00Z to 2026-11-01T00:40Z] })
 *   // => [{ checkout-api, October 2026 }, { checkout-api, November 2026 }]
 */
export const listChargedPeriods = ({ services, spans, at, zone }: ListChargedPeriodsOptions): BudgetPeriod[] =>
  services.flatMap((service) => {
    const byKey = new Map<string, SlaPeriod>();
    for (const span of spans.filter((own) => own.service === service.name)) {
      const until = span.endedAt ?? at;
      for (const period of listPeriodsOverlapping({ from: span.startedAt, until, window: service.sla.window, zone })) {
        byKey.set(period.key, period);
      }
    }
    const periods =
      byKey.size === 0
        ? [periodContaining({ instant: at, window: service.sla.window, zone })]
        : [...byKey.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
    return periods.map((period) => ({ service, period }));
  });

/**
 * What resolving `incidentId` tells people about error budgets, over `periods` (see `listChargedPeriods`). For each
 * service, one line: the downtime of every incident in each of its periods, this one included, each period named when
 * there are several. And for each period, an announcement for each threshold (50 %, 100 %) that the service's budget
 * use in that period crossed because of this incident's windows: used without them is the "before", with them the
 * "after", so an outage across a month's end can breach the month that ended. Announcing each threshold once per
 * service and period is the caller's part (it remembers what was announced); a threshold crossed earlier in the period
 * is crossed again here only if it was never reached before.
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
    lines: [...Map.groupBy(readings, ({ after }) => after.service).values()].map((serviceReadings) =>
      describeBudgetUseByPeriod(serviceReadings.map(({ after }) => after)),
    ),
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
