import type { ImpactWindow, WindowEnd } from '../domain/impact/impact-window.ts';
import type { IncidentView } from '../domain/incident/incident.ts';
import { keyEffects } from '../domain/outbox/outbox-effect.ts';
import { type BudgetPeriod, listChargedPeriods, planBudgetNotices } from '../domain/sla/budget-notices.ts';
import type { ImpactSpan } from '../domain/sla/downtime.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { BudgetWrites, NewImpactWindow, Resolution } from '../store/impact-store.ts';

export type PlanResolutionBudgetOptions = {
  incident: IncidentView;
  /** The incident's windows as they were read, open ones included. */
  windows: readonly ImpactWindow[];
  /** The ends the resolution gives its open windows. */
  close: readonly WindowEnd[];
  /** A window the resolution records. */
  record?: NewImpactWindow;
  team: TTeamConfig;
  at: Date;
  changeKey: string;
};

/** What the budget readings of the affected services make the resolution post and announce. */
const planBudgetWrites = ({
  incident,
  periods,
  at,
  changeKey,
  spans,
}: Pick<PlanResolutionBudgetOptions, 'incident' | 'at' | 'changeKey'> & {
  periods: BudgetPeriod[];
  spans: ImpactSpan[];
}): BudgetWrites => {
  const notices = planBudgetNotices({ periods, spans, incidentId: incident.id, at });
  return {
    effects: keyEffects(
      `${incident.id}:${changeKey}:budget`,
      notices.lines.map((line) => ({ kind: 'incident.post', incidentId: incident.id, text: line })),
    ),
    announcements: notices.announcements.map(({ service, periodKey, threshold, text: announcement }) => ({
      service,
      periodKey,
      threshold,
      effect: {
        dedupeKey: `budget:${service}:${periodKey}:${threshold}`,
        effect: { kind: 'announcements.post', incidentId: incident.id, text: announcement },
      },
    })),
  };
};

/**
 * The budget part of a resolution: which windows the store reads (every incident's, of each affected service, over
 * each SLA period this incident's impact charges: see `listChargedPeriods`), and what their readings make it post and
 * announce. The affected services are the incident's and those of its windows, with an SLA in sitrep.yml.
 */
export const planResolutionBudget = ({
  incident,
  windows,
  close,
  record,
  team,
  at,
  changeKey,
}: PlanResolutionBudgetOptions): Resolution['budget'] => {
  const ends = new Map(close.map(({ window, endedAt }) => [window.id, endedAt]));
  // The incident's windows as the resolution leaves them.
  const own: ImpactSpan[] = [
    ...windows.map((window) => ({ ...window, endedAt: window.endedAt ?? ends.get(window.id) ?? at })),
    ...(record ? [{ ...record, incidentId: incident.id }] : []),
  ];
  const affected = new Set([...incident.services, ...own.map((span) => span.service)]);
  const periods = listChargedPeriods({
    services: team.services.filter((service) => affected.has(service.name)),
    spans: own,
    at,
    zone: team.team.timeZone,
  });
  return {
    scopes: periods.map(({ service, period }) => ({ service: service.name, from: period.start, to: period.end })),
    plan: (spans) => planBudgetWrites({ incident, periods, at, changeKey, spans }),
  };
};
