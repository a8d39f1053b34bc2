import {
  type DeliveryFactsIndex,
  type DeliveryMetrics,
  type DeployFact,
  type IncidentTimes,
  indexDeliveryFacts,
  measureDeliveryMetrics,
} from '../deploys/delivery-metrics.ts';
import type { MaintenanceTime } from '../maintenance/maintenance-window.ts';
import type { TTeamConfig } from '../team-config/team-config.ts';
import { computeDowntime, type DowntimeReport, type ImpactSpan } from './downtime.ts';
import type { SlaPeriod } from './sla-period.ts';

/** One service over one period: its downtime against the SLA and its delivery metrics. */
export type ServiceReport = { service: string; period: SlaPeriod; downtime: DowntimeReport; metrics: DeliveryMetrics };

export type ComposeServiceReportOptions = {
  service: TTeamConfig['services'][number];
  period: SlaPeriod;
  /** What the report store read for a range holding the period (a wider one is fine: each figure keeps its own). */
  facts: {
    spans: readonly ImpactSpan[];
    incidents: readonly IncidentTimes[];
    deploys: readonly DeployFact[];
    maintenance: readonly MaintenanceTime[];
  };
  changeFailureWindowMs: number;
  now: Date;
  /** `indexDeliveryFacts` of the same facts, from a caller that measures other periods of them too. */
  delivery?: DeliveryFactsIndex;
};

/**
 * A service's report over a period: its downtime against its SLA and its delivery metrics, each computed by its own
 * rule, which clips spans and keeps incidents and deploys to the period, so the facts of any range that holds the
 * period (and the change failure window after it) give the same report.
 */
export const composeServiceReport = ({
  service,
  period,
  facts,
  changeFailureWindowMs,
  now,
  delivery = indexDeliveryFacts({ service: service.name, incidents: facts.incidents, deploys: facts.deploys }),
}: ComposeServiceReportOptions): ServiceReport => ({
  service: service.name,
  period,
  downtime: computeDowntime({
    spans: facts.spans,
    service: service.name,
    period,
    target: service.sla.target,
    degradedWeight: service.sla.degradedWeight,
    now,
    maintenance: { windows: facts.maintenance, exclude: service.sla.excludeMaintenance },
  }),
  metrics: measureDeliveryMetrics({ facts: delivery, period, changeFailureWindowMs, now }),
});
