import type { Hono } from 'hono';
import { renderColumns } from '../../render/web/charts/columns.ts';
import { renderOverviewPage } from '../../render/web/pages/overview-page.ts';
import { sendPage, type WebDeps, type WebEnv } from '../web-context.ts';
import { labelWeek } from './week-label.ts';

/** `GET /`: incidents per week by severity, the budget left per service, the overdue action items. */
export const registerOverviewRoute = (app: Hono<WebEnv>, deps: WebDeps): void => {
  app.get('/', async (c) => {
    const [zone, overview] = await Promise.all([deps.zoneOf(c.get('session').userId), deps.browse.readOverview()]);
    const teamZone = deps.team.team.timeZone;
    return sendPage(c, {
      title: 'Overview',
      current: 'overview',
      zone,
      body: renderOverviewPage({
        incidentsPerWeek: renderColumns({
          id: 'incidents-per-week',
          title: 'Incidents per week by severity',
          caption: `Incidents declared per week (Monday to Sunday in ${teamZone}), the last twelve weeks, by severity.`,
          unit: 'incidents',
          categories: overview.weeks.map((week) => labelWeek(week.start, teamZone)),
          series: deps.team.severities.map((severity) => ({
            name: severity.name,
            values: overview.weeks.map((week) => week.bySeverity.get(severity.level) ?? 0),
          })),
        }),
        budgets: overview.budgets,
        overdue: overview.overdue,
        moreOverdue: overview.moreOverdue,
        names: overview.names,
        zone,
        now: overview.now,
      }),
    });
  });
};
