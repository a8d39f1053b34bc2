import type { ActionItemView } from '../domain/action-items/action-item-view.ts';
import { AppError } from '../domain/app-error.ts';
import type { PostmortemFacts } from '../domain/postmortem/postmortem-facts.ts';
import type { PostmortemVersion } from '../domain/postmortem/postmortem-version.ts';
import type { ServiceReport } from '../domain/sla/service-report.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { CalendarDay } from '../domain/time/business-days.ts';
import { listWeekStarts } from '../domain/time/week-starts.ts';
import type { ActionItemStore, OpenActionCounts } from '../store/action-item-store.ts';
import type { IncidentFilter, IncidentListStore, IncidentPage } from '../store/incident-list-store.ts';
import type { IncidentStore } from '../store/incident-store.ts';
import type { PostmortemFactsStore } from '../store/postmortem-facts-store.ts';
import type { PostmortemStore } from '../store/postmortem-store.ts';
import type { ReportFlows } from './report-flows.ts';

export type BrowseFlowDeps = {
  list: IncidentListStore;
  incidents: IncidentStore;
  facts: PostmortemFactsStore;
  postmortems: PostmortemStore;
  actions: ActionItemStore;
  reports: ReportFlows;
  team: TTeamConfig;
  now: () => Date;
};

export type IncidentListing = IncidentPage & {
  /** The services one can filter on: sitrep.yml's, then any other an incident named. */
  services: string[];
  names: Record<string, string>;
  now: Date;
};

export type IncidentRecord = { facts: PostmortemFacts; versions: PostmortemVersion[]; now: Date };

export type Overview = {
  /** The last twelve weeks, this one last: its Monday, and how many incidents of each severity were declared. */
  weeks: { day: CalendarDay; start: Date; bySeverity: Map<number, number> }[];
  budgets: ServiceReport[];
  /** The longest overdue first, at most 20: the action items page has them all. */
  overdue: ActionItemView[];
  /** More are overdue than `overdue` holds. */
  moreOverdue: boolean;
  names: Record<string, string>;
  now: Date;
};

export type ActionItemBoard = {
  counts: OpenActionCounts;
  actions: ActionItemView[];
  names: Record<string, string>;
  now: Date;
  /** Which page of `pageSize` actions this is, from 1, and whether another follows. */
  page: number;
  pageSize: number;
  hasMore: boolean;
};

const OVERVIEW_WEEKS = 12;
/** The overview shows the longest overdue action items, not all of them: it is read first and often. */
const OVERVIEW_OVERDUE = 20;
/** A page lists this many action items; the counts above them cover them all. */
const BOARD_PAGE = 50;

/** The people among these ids, each once. */
const peopleOf = (ids: (string | null | undefined)[]): string[] => [
  ...new Set(ids.filter((id): id is string => typeof id === 'string')),
];

/**
 * What the web pages read: the same stores and flows as Slack's answers and the CLI, so a page's number is the
 * report's and the postmortem's. Nothing here writes.
 */
export const createBrowseFlows = ({
  list,
  incidents,
  facts,
  postmortems,
  actions,
  reports,
  team,
  now,
}: BrowseFlowDeps) => ({
  listIncidents: async (filter: IncidentFilter): Promise<IncidentListing> => {
    const [page, seen] = await Promise.all([list.search(filter), list.listServices()]);
    const configured = team.services.map((service) => service.name);
    const services = [...configured, ...seen.filter((name) => !configured.includes(name))];
    const names = await list.namesOf(peopleOf(page.incidents.map((incident) => incident.roles.lead)));
    return { ...page, services, names, now: now() };
  },

  /** An incident with everything its postmortem is drafted from, and every version of that postmortem. */
  readIncident: async (number: number): Promise<IncidentRecord> => {
    const incident = await incidents.findByNumber(number);
    if (!incident) throw new AppError('NOT_FOUND', { userMessage: `There is no incident ${number}.` });
    const at = now();
    const [read, versions] = await Promise.all([
      facts.readFacts({ incident, team, now: at }),
      postmortems.listVersions(incident.id),
    ]);
    const editors = await list.namesOf(peopleOf(versions.map((version) => version.generatedBy)));
    return { facts: { ...read, names: { ...editors, ...read.names } }, versions, now: at };
  },

  /** Every service's report over its current SLA period: `sitrep report`'s. */
  readBudgets: (): Promise<ServiceReport[]> => reports.buildReport({}),

  /** Incidents per week of the last twelve weeks, each service's budget this period, and overdue action items. */
  readOverview: async (): Promise<Overview> => {
    const at = now();
    const zone = team.team.timeZone;
    const weeks = listWeekStarts({ now: at, count: OVERVIEW_WEEKS, zone });
    const from = weeks[0]?.start ?? at;
    const [counts, budgets, overdue] = await Promise.all([
      list.countPerWeek({ from, to: new Date(at.getTime() + 1), zone }),
      reports.buildReport({}),
      // One more than it shows says whether there are more.
      actions.list({ statuses: ['open'], dueBefore: at, limit: OVERVIEW_OVERDUE + 1 }),
    ]);
    const shown = overdue.slice(0, OVERVIEW_OVERDUE);
    const names = await list.namesOf(peopleOf(shown.map((action) => action.ownerId)));
    const bySeverity = (day: CalendarDay) =>
      new Map(counts.filter((count) => count.week === day).map((count) => [count.severity, count.count]));
    return {
      weeks: weeks.map((week) => ({ ...week, bySeverity: bySeverity(week.day) })),
      budgets,
      overdue: shown,
      moreOverdue: overdue.length > OVERVIEW_OVERDUE,
      names,
      now: at,
    };
  },

  /** Open action items counted by owner and service, and those the filter keeps (overdue ones only, if asked). */
  readActionItems: async (filter: {
    ownerId?: string | undefined;
    service?: string | undefined;
    overdueOnly: boolean;
    /** From 1. */
    page: number;
  }): Promise<ActionItemBoard> => {
    const at = now();
    const [counts, listed] = await Promise.all([
      actions.countOpen(at),
      actions.list({
        statuses: ['open'],
        ...(filter.ownerId === undefined ? {} : { ownerId: filter.ownerId }),
        ...(filter.service === undefined ? {} : { service: filter.service }),
        ...(filter.overdueOnly ? { dueBefore: at } : {}),
        // One more than a page says whether another page follows.
        offset: (filter.page - 1) * BOARD_PAGE,
        limit: BOARD_PAGE + 1,
      }),
    ]);
    const shown = listed.slice(0, BOARD_PAGE);
    const names = await list.namesOf(peopleOf([...counts.byOwner.map((c) => c.key), ...shown.map((a) => a.ownerId)]));
    return {
      counts,
      actions: shown,
      names,
      now: at,
      page: filter.page,
      pageSize: BOARD_PAGE,
      hasMore: listed.length > BOARD_PAGE,
    };
  },
});

export type BrowseFlows = ReturnType<typeof createBrowseFlows>;
