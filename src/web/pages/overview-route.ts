import type { Hono } from 'hono';
import { renderColumns } from '../../render/web/charts/columns.ts';
import { renderOverviewPage } from '../../render/web/pages/overview-page.ts';
import { sendPage, type WebDeps, type WebEnv } from '../web-context.ts';

/** `GET /`: incidents per week by severity, the budget left per service, the overdue action items. */
export const registerOverviewRoute = (app: Hono<WebEnv>, deps: WebDeps): void => {
  app.get('/', async (c) => {
    const [zone, overview] = await Promise.all([deps.zoneOf(c.get('session').userId), deps.browse.readOverview()]);
    return sendPage(c, {
      title: 'Overview',
      current: 'overview',
      zone,
      body: renderOverviewPage({
        incidentsPerWeek: renderColumns(/* filled once the charts land */),
        budgets: overview.budgets,
        overdue: overview.overdue,
        names: overview.names,
        zone,
        now: overview.now,
      }),
    });
  });
};
