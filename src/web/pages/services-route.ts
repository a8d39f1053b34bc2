import type { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../domain/app-error.ts';
import { renderAvailabilityBars } from '../../render/web/charts/availability-bars.ts';
import { renderBurnDown } from '../../render/web/charts/burn-down.ts';
import { renderColumns } from '../../render/web/charts/columns.ts';
import { renderDailyStrip } from '../../render/web/charts/daily-strip.ts';
import { renderMonthlyDurations } from '../../render/web/charts/monthly-durations.ts';
import { html } from '../../render/web/html.ts';
import { renderBudgetTable, renderServicePage } from '../../render/web/pages/services-page.ts';
import { sendPage, type WebDeps, type WebEnv } from '../web-context.ts';
import { labelWeek } from './week-label.ts';

const ZServiceName = z.string().min(1).max(200);

/** `GET /services`, every service this period, and `GET /services/:name`, one service's health over time. */
export const registerServicesRoutes = (app: Hono<WebEnv>, deps: WebDeps): void => {
  app.get('/services', async (c) => {
    const [zone, reports] = await Promise.all([deps.zoneOf(c.get('session').userId), deps.browse.readBudgets()]);
    return sendPage(c, {
      title: 'Services',
      current: 'services',
      zone,
      body: html`<h1>Services</h1>${renderBudgetTable({ reports, now: deps.now(), caption: 'Each service over its current SLA period' })}`,
    });
  });

  app.get('/services/:name', async (c) => {
    const parsed = ZServiceName.safeParse(c.req.param('name'));
    if (!parsed.success) throw new AppError('NOT_FOUND', { userMessage: 'There is no such service in sitrep.yml.' });
    const name = parsed.data;
    const [zone, health] = await Promise.all([
      deps.zoneOf(c.get('session').userId),
      deps.health.readServiceHealth(name),
    ]);
    const teamZone = deps.team.team.timeZone;
    const { target } = health.report.downtime;
    return sendPage(c, {
      title: name,
      current: 'services',
      zone,
      body: renderServicePage({
        report: health.report,
        now: health.now,
        charts: {
          burnDown: renderBurnDown({
            id: 'burn-down',
            burnDown: health.burnDown,
            incidentNumbers: health.incidentNumbers,
            zone,
          }),
          periods: renderAvailabilityBars({
            id: 'periods',
            service: name,
            target,
            periods: health.periods.map((report) => ({
              label: report.period.label,
              availabilityPercent: report.availabilityPercent,
              breached: report.breached,
            })),
          }),
          days: renderDailyStrip({ id: 'days', service: name, target, days: health.days }),
          durations: renderMonthlyDurations({
            id: 'durations',
            title: `Mean times to detect, mitigate and resolve of ${name}`,
            caption: `Means over the incidents of ${name} declared in each month (${teamZone}); a gap where none was measured.`,
            // `Dec 2026`: twelve full month names do not fit under the chart.
            months: health.months.map((month) => month.period.label.replace(/^(\w{3})\w* /, '$1 ')),
            series: [
              { name: 'Detect', values: health.months.map((month) => month.metrics.meanTimeToDetectMs) },
              { name: 'Mitigate', values: health.months.map((month) => month.metrics.meanTimeToMitigateMs) },
              { name: 'Resolve', values: health.months.map((month) => month.metrics.meanTimeToResolveMs) },
            ],
          }),
          deploys: renderColumns({
            id: 'deploys',
            title: `Production deploys of ${name} per week`,
            caption: `Succeeded production deploys of ${name} per week (Monday to Sunday in ${teamZone}), the last twelve weeks.`,
            unit: 'deploys',
            categories: health.weeks.map((week) => labelWeek(week.start, teamZone)),
            series: [{ name: 'Deploys', values: health.weeks.map((week) => week.deploys) }],
          }),
        },
      }),
    });
  });
};
