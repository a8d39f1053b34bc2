import type { Hono } from 'hono';
import { z } from 'zod';
import { INCIDENT_STATUSES } from '../../domain/incident/incident.ts';
import { endOfLocalDay, localHourOn } from '../../domain/time/business-days.ts';
import { checkCalendarDate } from '../../domain/time/calendar-date.ts';
import { html } from '../../render/web/html.ts';
import { renderIncidentsPage } from '../../render/web/pages/incidents-page.ts';
import { sendPage, type WebDeps, type WebEnv } from '../web-context.ts';
import { blankAsMissing, ZPageNumber } from './query-fields.ts';

const PAGE_SIZE = 50;

const ZDay = z.preprocess(
  blankAsMissing,
  z
    .string()
    .refine((text) => checkCalendarDate(text).kind === 'date', 'a date such as 2026-12-07')
    .optional(),
);

const ZIncidentQuery = z.object({
  status: z.preprocess(blankAsMissing, z.enum([...INCIDENT_STATUSES, 'open']).optional()),
  severity: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^\d{1,3}$/, 'a severity level')
      .optional(),
  ),
  service: z.preprocess(blankAsMissing, z.string().max(200).optional()),
  from: ZDay,
  to: ZDay,
  q: z.preprocess(blankAsMissing, z.string().max(200).optional()),
  page: ZPageNumber,
});

/** `GET /incidents`: the list, filtered by status, severity, service and period, and searched by title. */
export const registerIncidentsRoute = (app: Hono<WebEnv>, deps: WebDeps): void => {
  app.get('/incidents', async (c) => {
    const zone = await deps.zoneOf(c.get('session').userId);
    const parsed = ZIncidentQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendPage(c, {
        title: 'Incidents',
        current: 'incidents',
        zone,
        status: 400,
        body: html`<h1>Incidents</h1><p role="alert">The filter's ${String(issue?.path[0] ?? 'value')} should be ${issue?.message ?? 'valid'}. <a href="/incidents">Start again</a>.</p>`,
      });
    }
    const query = parsed.data;
    const listing = await deps.browse.listIncidents({
      status: query.status,
      severity: query.severity === undefined ? undefined : Number(query.severity),
      service: query.service,
      from: query.from === undefined ? undefined : localHourOn({ day: query.from, hour: 0, zone }),
      to: query.to === undefined ? undefined : new Date(endOfLocalDay(query.to, zone).getTime() + 1),
      query: query.q,
      offset: (query.page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    return sendPage(c, {
      title: 'Incidents',
      current: 'incidents',
      zone,
      body: renderIncidentsPage({
        ...listing,
        form: { ...query, page: query.page },
        pageSize: PAGE_SIZE,
        severities: deps.team.severities,
        zone,
      }),
    });
  });
};
