import { AppError } from '../domain/app-error.ts';
import { computeDeliveryMetrics, type DeliveryMetrics } from '../domain/deploys/delivery-metrics.ts';
import { type BurnDown, computeBurnDown } from '../domain/sla/burn-down.ts';
import { computeDailyAvailability, type DayWindow } from '../domain/sla/daily-availability.ts';
import { computeDowntime, type DowntimeReport } from '../domain/sla/downtime.ts';
import type { ServiceReport } from '../domain/sla/service-report.ts';
import { listRecentPeriods, type SlaPeriod } from '../domain/sla/sla-period.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { listWeekStarts } from '../domain/time/week-starts.ts';
import type { IncidentListStore } from '../store/incident-list-store.ts';
import type { ReportStore } from '../store/report-store.ts';
import type { ReportFlows } from './report-flows.ts';

export type ServiceHealthDeps = {
  reports: ReportStore;
  reportFlows: ReportFlows;
  list: Pick<IncidentListStore, 'numbersOf'>;
  team: TTeamConfig;
  now: () => Date;
};

export type ServiceHealth = {
  /** This period's figures: `buildReport`'s, the CLI's and `/incident report`'s. */
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
export const createServiceHealthFlows = ({ reports, reportFlows, list, team, now }: ServiceHealthDeps) => ({
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
    const starts = [periods[0], months[0]].map((period) => period?.start.getTime() ?? at.getTime());
    const start = new Date(Math.min(...starts, at.getTime() - (DAYS + 1) * 24 * HOUR));
    const end = new Date(Math.max(current.end.getTime(), months.at(-1)?.end.getTime() ?? 0));
    const changeFailureWindowMs = team.deploys.changeFailureWindowHours * HOUR;
    const [facts, [report]] = await Promise.all([
      reports.readFacts({ services: [name], start, end, changeFailureWindowMs }),
      reportFlows.buildReport({ service: name }),
    ]);
    if (report === undefined) throw new Error(`no report for ${name}`);
    const downtimeOf = { spans: facts.spans, service: name, target, degradedWeight, now: at };
    const burnDown = computeBurnDown({ ...downtimeOf, period: current });
    const maintenance = { windows: facts.maintenance, exclude: service.sla.excludeMaintenance };
    const metricsOf = (period: SlaPeriod) =>
      computeDeliveryMetrics({
        service: name,
        period,
        incidents: facts.incidents,
        deploys: facts.deploys,
        changeFailureWindowMs,
        now: at,
      });
    return {
      report,
      burnDown,
      incidentNumbers: await list.numbersOf(burnDown.markers.map((marker) => marker.incidentId)),
      periods: periods.map((period) => computeDowntime({ ...downtimeOf, period, maintenance })),
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
