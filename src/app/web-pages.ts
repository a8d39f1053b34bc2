import { getRequestListener } from '@hono/node-server';
import type { WebClient } from '@slack/web-api';
import type { TConfig } from '../config/environment.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { createBrowseFlows } from '../flows/browse-flows.ts';
import { createServiceHealthFlows } from '../flows/service-health-flows.ts';
import { createStatusPageFlows } from '../flows/status-page-flows.ts';
import type { RouteHandler } from '../http/http-server.ts';
import type { Logger } from '../observability/logger.ts';
import type { Database } from '../store/database.ts';
import { createIncidentListStore } from '../store/incident-list-store.ts';
import { createStatusPageStore } from '../store/status-page-store.ts';
import { createWebAuth } from '../web/auth/create-web-auth.ts';
import { createStatusOutputs, serveStatusOutput } from '../web/status/status-route.ts';
import { createWebApp } from '../web/web-app.ts';
import type { Flows } from './create-flows.ts';
import type { Stores } from './create-stores.ts';

export type WebPagesOptions = {
  config: TConfig['web'];
  stores: Stores;
  database: Pick<Database, 'prisma'>;
  flows: Pick<Flows, 'reports' | 'postmortems' | 'timeline' | 'emailSubscriptions'>;
  team: TTeamConfig;
  /** The reader's `auth.test` (the bot token) names the workspace whose members may sign in. */
  clients: { reader: Pick<WebClient, 'auth'> };
  now: () => Date;
  logger: Logger;
};

/** Who may sign in: the workspace of the bot token, asked once (`auth.test`) and asked again after a failure. */
const createTeamIdLookup = (reader: Pick<WebClient, 'auth'>) => {
  let asked: Promise<string> | undefined;
  return (): Promise<string> => {
    if (asked !== undefined) return asked;
    const answer = reader.auth.test().then((test) => {
      if (!test.team_id) throw new Error('auth.test named no team');
      return test.team_id;
    });
    answer.catch(() => {
      asked = undefined;
    });
    asked = answer;
    return answer;
  };
};

/**
 * The web pages as a request handler for the HTTP server: the public status page when sitrep.yml has `statusPage`,
 * and the signed-in pages once SESSION_SECRET, PUBLIC_URL and the Slack app's client id and secret are set (until
 * then a line says why they are off). Undefined when there is neither.
 */
export const createWebPages = ({
  config,
  stores,
  database,
  flows,
  team,
  clients,
  now,
  logger,
}: WebPagesOptions): RouteHandler | undefined => {
  const subscriptions = flows.emailSubscriptions;
  const status =
    team.statusPage === undefined
      ? undefined
      : createStatusOutputs({
          flows: createStatusPageFlows({
            store: createStatusPageStore(database.prisma),
            updates: stores.publicUpdates,
            maintenance: stores.maintenance,
            team,
            now,
          }),
          pageUrl: config.enabled ? `${config.publicUrl}/status` : '/status',
          subscribe: subscriptions !== undefined,
        });
  if (!config.enabled) logger.info(config.reason);
  if (!config.enabled && status === undefined) return undefined;
  const list = createIncidentListStore(database.prisma);
  const app = createWebApp({
    status,
    subscriptions:
      subscriptions === undefined || team.statusPage === undefined
        ? undefined
        : { flows: subscriptions, pageTitle: team.statusPage.title },
    pages: config.enabled
      ? {
          auth: createWebAuth({ config, teamId: createTeamIdLookup(clients.reader), now, logger }),
          browse: createBrowseFlows({
            list,
            incidents: stores.incidents,
            facts: stores.postmortemFacts,
            postmortems: stores.postmortems,
            actions: stores.actionItems,
            reports: flows.reports,
            team,
            now,
          }),
          health: createServiceHealthFlows({ reports: stores.reports, list, team, now }),
          postmortems: flows.postmortems,
          zoneOf: flows.timeline.zoneOf,
          team,
          publicUrl: config.publicUrl,
          now,
        }
      : undefined,
    logger,
  });
  if (config.enabled) logger.info({ url: config.publicUrl }, 'the web view is on');
  const listener = getRequestListener(app.fetch);
  const serveStatus = status === undefined ? undefined : serveStatusOutput(status);
  return async (req, res) => {
    if (await serveStatus?.(req, res)) return;
    await listener(req, res);
  };
};
