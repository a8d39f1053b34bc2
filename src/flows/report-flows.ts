import { planReport, type ReportRequest } from '../domain/sla/plan-report.ts';
import { composeServiceReport, type ServiceReport } from '../domain/sla/service-report.ts';
import type { SlaPeriod } from '../domain/sla/sla-period.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { ReportStore } from '../store/report-store.ts';

export type { ReportRequest } from '../domain/sla/plan-report.ts';

const HOUR = 3_600_000;

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
    return plan.map(({ service, period }) =>
      composeServiceReport({
        service,
        period,
        facts: facts.get(period.key) ?? { spans: [], incidents: [], deploys: [], maintenance: [] },
        changeFailureWindowMs,
        now: at,
      }),
    );
  },
});
