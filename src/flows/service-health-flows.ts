import { AppError } from '../domain/app-error.ts';
import {
  type DeliveryMetrics,
  indexDeliveryFacts,
  measureDeliveryMetrics,
} from '../domain/deploys/delivery-metrics.ts';
import { type BurnDown, computeBurnDown } from '../domain/sla/burn-down.ts';
import { computeDailyAvailability, type DayWindow } from '../domain/sla/daily-availability.ts';
import { computeDowntime, type DowntimeReport } from '../domain/sla/downtime.ts';
import { composeServiceReport, type ServiceReport } from '../domain/sla/service-report.ts';
import { listRecentPeriods, type SlaPeriod } from '../domain/sla/sla-period.ts';
import { groupSpansByWindow } from '../domain/sla/spans-by-window.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { listWeekStarts } from '../domain/time/week-starts.ts';
import type { IncidentListStore } from '../store/incident-list-store.ts';
import type { ReportStore } from '../store/report-store.ts';

export type ServiceHealthDeps = {
  reports: ReportStore;
  list: Pick<IncidentListStore, 'numbersOf'>;
  team: TTeamConfig;
  now: () => Date;
};

export type ServiceHealth = {
  /** This period's figures: `buildReport`'s, the CLI's and `/incident report`'s (the same `composeServiceReport`). */
  report: ServiceReport;
  burnDown: BurnDown;
  /** Incident id → number, for the incidents the charts mark. */
  incidentNumbers: Record<string, number>;
  /** The last twelve SLA periods, this one last. */
  periods: DowntimeReport[];
  /** The last 90 days on the team's clocks, today last. */
  days: DowntimeReport<DayWindow>[];
  /** The last twelve months, this one last: MTTD, MTTM, MTTR, deploys and change failure rate. */
  months: { period: SlaPeriod; metrics: DeliveryMetrics }[];
  /** Succeeded production deploys per week (Monday to Sunday on the team's clocks), the last twelve, this one last. */
  weeks: { start: Date; deploys: number }[];
  now: Date;
};

const HOUR = 3_600_000;
const PERIODS = 12;
const DAYS = 90;
const WEEKS = 12;

/**
 * A service's health over time, for its page: this period's report and burn-down, availability per period and per
 * day, and its delivery metrics per month and week. Everything comes from one read of the report's facts over the
 * longest range asked for, and from the same functions as the report, so every figure is the report's.
 */
export const createServiceHealthFlows = ({ reports, list, team, now }: ServiceHealthDeps) => ({
  readServiceHealth: async (name: string): Promise<ServiceHealth> => {
    const service = team.services.find((candidate) => candidate.name === name);
    if (service === undefined)
      throw new AppError('NOT_FOUND', { userMessage: `There is no service ${name} in sitrep.yml.` });
    const at = now();
    const zone = team.team.timeZone;
    const { target, degradedWeight, window } = service.sla;
    const periods = listRecentPeriods({ now: at, count: PERIODS, window, zone });
    const months = listRecentPeriods({ now: at, count: PERIODS, window: 'monthly', zone });
    const weeks = listWeekStarts({ now: at, count: WEEKS, zone }).map((week) => week.start);
    const current = periods.at(-1);
    if (current === undefined) throw new Error('no SLA period holds now');
    // Availability reaches back twelve SLA periods (three years for a quarterly SLA) and 90 days; the delivery
    // metrics twelve months: incidents and deploys, the bulk of the rows, are read over the months (and the weeks,
    // which they hold) only.
    const impactFrom = new Date(
      Math.min(periods[0]?.start.getTime() ?? at.getTime(), at.getTime() - (DAYS + 1) * 24 * HOUR),
    );
    const start = new Date(Math.min(months[0]?.start.getTime() ?? at.getTime(), current.start.getTime()));
    const end = new Date(Math.max(current.end.getTime(), months.at(-1)?.end.getTime() ?? 0));
    const changeFailureWindowMs = team.deploys.changeFailureWindowHours * HOUR;
    const facts = await reports.readFacts({ services: [name], start, end, impactFrom, changeFailureWindowMs });
    const downtimeOf = { spans: facts.spans, service: name, target, degradedWeight, now: at };
    const burnDown = computeBurnDown({ ...downtimeOf, period: current });
    const maintenance = { windows: facts.maintenance, exclude: service.sla.excludeMaintenance };
    const delivery = indexDeliveryFacts({ service: name, incidents: facts.incidents, deploys: facts.deploys });
    const report = composeServiceReport({
      service,
      period: current,
      facts,
      changeFailureWindowMs,
      now: at,
      delivery,
    });
    const metricsOf = (period: SlaPeriod) =>
      measureDeliveryMetrics({ facts: delivery, period, changeFailureWindowMs, now: at });
    const spansByPeriod = groupSpansByWindow(
      facts.spans.filter((span) => span.service === name),
      periods,
    );
    return {
      report,
      burnDown,
      incidentNumbers: await list.numbersOf(burnDown.markers.map((marker) => marker.incidentId)),
      periods: periods.map((period, index) =>
        computeDowntime({ ...downtimeOf, spans: spansByPeriod[index] ?? [], period, maintenance }),
      ),
      days: computeDailyAvailability({ ...downtimeOf, days: DAYS, zone, maintenance }),
      months: months.map((period) => ({ period, metrics: metricsOf(period) })),
      weeks: weeks.map((weekStart, i) => {
        const weekEnd = weeks[i + 1]?.getTime() ?? Number.POSITIVE_INFINITY;
        const deploys = facts.deploys.filter(
          (deploy) => deploy.occurredAt.getTime() >= weekStart.getTime() && deploy.occurredAt.getTime() < weekEnd,
        ).length;
        return { start: weekStart, deploys };
      }),
      now: at,
    };
  },
});

export type ServiceHealthFlows = ReturnType<typeof createServiceHealthFlows>;
