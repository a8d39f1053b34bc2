import type { Hono } from 'hono';
import { z } from 'zod';
import { buildPostmortemModel } from '../../domain/postmortem/postmortem-model.ts';
import { renderIncidentGlance } from '../../render/web/charts/incident-glance.ts';
import { renderIncidentPage } from '../../render/web/pages/incident-page.ts';
import { sendPage, slackChannelUrl, type WebDeps, type WebEnv } from '../web-context.ts';
import { readIncidentNumber } from './incident-number.ts';

const ZNumber = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
const ZVersion = z.preprocess((value) => (value === '' ? undefined : value), ZNumber.optional()).catch(undefined);

/** `GET /incidents/:number`: one incident, its chart, timeline, action items and postmortem versions. */
export const registerIncidentRoute = (app: Hono<WebEnv>, deps: WebDeps): void => {
  app.get('/incidents/:number{[0-9]+}', async (c) => {
    const number = readIncidentNumber(c.req.param('number'));
    const [zone, record] = await Promise.all([deps.zoneOf(c.get('session').userId), deps.browse.readIncident(number)]);
    const { facts, versions, now } = record;
    return sendPage(c, {
      title: `Incident ${number}`,
      current: 'incidents',
      zone,
      body: renderIncidentPage({
        facts,
        model: buildPostmortemModel({ facts, team: deps.team, now }),
        versions,
        glance: renderIncidentGlance({ id: 'glance', facts, zone, now }),
        compare: { from: ZVersion.parse(c.req.query('from')), to: ZVersion.parse(c.req.query('to')) },
        severities: deps.team.severities,
        zone,
        now,
        slackChannelUrl,
      }),
    });
  });
};
