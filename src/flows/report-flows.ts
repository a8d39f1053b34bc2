import { AppError } from '../domain/app-error.ts';
import { computeDeliveryMetrics, type DeliveryMetrics } from '../domain/deploys/delivery-metrics.ts';
import { computeDowntime, type DowntimeReport } from '../domain/sla/downtime.ts';
import { parsePeriod, periodContaining, type SlaPeriod } from '../domain/sla/sla-period.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { suggestClosest } from '../domain/text/edit-distance.ts';
import { listWords } from '../domain/text/list-words.ts';
import type { ReportStore } from '../store/report-store.ts';

/** One service over one period: its downtime against the SLA and its delivery metrics. */
export type ServiceReport = { service: string; period: SlaPeriod; downtime: DowntimeReport; metrics: DeliveryMetrics };

/** What someone asks for: one service or all, and a period as typed (`2026-10`, `2026-Q4`) or each service's own. */
export type ReportRequest = { service?: string; period?: string };

type TService = TTeamConfig['services'][number];

/** A service and the period it is reported over. */
export type PlannedReport = { service: TService; period: SlaPeriod };

export type PlanReportOptions = { team: TTeamConfig; request: ReportRequest; now: Date };

const HOUR = 3_600_000;

const listServiceNames = (services: readonly TService[]): string => listWords(services.map((service) => service.name));

/** What someone typed, shown back short and inert (no backtick to end the code span). */
const echo = (typed: string): string => {
  const characters = Array.from(typed.trim().replaceAll('`', "'"));
  return `\`${characters.length > 40 ? `${characters.slice(0, 39).join('')}…` : characters.join('')}\``;
};

const findService = (team: TTeamConfig, name: string): TService => {
  const known = team.services.find((service) => service.name.toLowerCase() === name.trim().toLowerCase());
  if (known !== undefined) return known;
  const near = suggestClosest(
    name.trim(),
    team.services.map((service) => service.name),
  );
  const hint = near === undefined ? '' : ` Did you mean \`${near}\`?`;
  const configured =
    team.services.length === 0
      ? 'No services are configured in sitrep.yml.'
      : `The services in sitrep.yml are ${listServiceNames(team.services)}.`;
  throw new AppError('BAD_REQUEST', { userMessage: `Unknown service ${echo(name)}.${hint} ${configured}` });
};

/**
 * Which services a report covers, each over which period, checked before anything is read: the one service asked
 * for or every configured one, in sitrep.yml's order; the period typed, for each of them, or else each service's
 * own SLA window (month or quarter) that holds `now` in the team's zone. An unknown service, a period that does not
 * parse and one that has not started yet are refused with an AppError (`BAD_REQUEST`) whose message says why.
 */
export const planReport = ({ team, request, now }: PlanReportOptions): PlannedReport[] => {
  const services = request.service === undefined ? team.services : [findService(team, request.service)];
  const zone = team.team.timeZone;
  if (request.period === undefined) {
    return services.map((service) => ({
      service,
      period: periodContaining({ instant: now, window: service.sla.window, zone }),
    }));
  }
  const parsed = parsePeriod({ text: request.period, zone });
  if (!parsed.ok) throw new AppError('BAD_REQUEST', { userMessage: parsed.message });
  if (parsed.period.start.getTime() > now.getTime()) {
    throw new AppError('BAD_REQUEST', {
      userMessage: `${parsed.period.label} has not started yet: a report covers a period that has begun.`,
    });
  }
  return services.map((service) => ({ service, period: parsed.period }));
};

export type ReportFlowDeps = { reports: ReportStore; team: TTeamConfig; now: () => Date };

export type ReportFlows = ReturnType<typeof createReportFlows>;

/** SLA and delivery reports, for `/incident report` and `sitrep report`. */
export const createReportFlows = ({ reports, team, now }: ReportFlowDeps) => ({
  /**
   * The report asked for, one entry per service (see `planReport`). Services over the same period are read
   * together, so the default report costs one read per distinct period, however many services there are.
   */
  buildReport: async (request: ReportRequest): Promise<ServiceReport[]> => {
    const at = now();
    const plan = planReport({ team, request, now: at });
    const changeFailureWindowMs = team.deploys.changeFailureWindowHours * HOUR;
    const groups = new Map<string, { period: SlaPeriod; services: string[] }>();
    for (const { service, period } of plan) {
      const group = groups.get(period.key) ?? { period, services: [] };
      group.services.push(service.name);
      groups.set(period.key, group);
    }
    const facts = new Map(
      await Promise.all(
        Array.from(groups, async ([key, { period, services }]) => {
          const read = await reports.readFacts({
            services,
            start: period.start,
            end: period.end,
            changeFailureWindowMs,
          });
          return [key, read] as const;
        }),
      ),
    );
    return plan.map(({ service, period }) => {
      const read = facts.get(period.key) ?? { spans: [], incidents: [], deploys: [] };
      return {
        service: service.name,
        period,
        downtime: computeDowntime({
          spans: read.spans,
          service: service.name,
          period,
          target: service.sla.target,
          degradedWeight: service.sla.degradedWeight,
          now: at,
        }),
        metrics: computeDeliveryMetrics({
          service: service.name,
          period,
          incidents: read.incidents,
          deploys: read.deploys,
          changeFailureWindowMs,
        }),
      };
    });
  },
});
