import type { TConfig } from '../config/environment.ts';
import { isAppError } from '../domain/app-error.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { TicketEventSink } from '../domain/trackers/tracker.ts';
import type { DeployFlows } from '../flows/deploy-flows.ts';
import type { Route, RouteHandler } from '../http/http-server.ts';
import type { Logger } from '../observability/logger.ts';
import { createAlertmanagerWebhook } from './alertmanager/alertmanager-webhook.ts';
import { createDeployWebhook } from './generic/deploy-webhook.ts';
import { createGithubWebhook } from './github/github-webhook.ts';
import { createGitlabWebhook } from './gitlab/gitlab-webhook.ts';
import { createJiraWebhook } from './jira/jira-webhook.ts';
import { createLinearWebhook } from './linear/linear-webhook.ts';
import { sendUnavailable } from './webhook-response.ts';

export const WEBHOOK_PATHS = {
  deploy: '/webhooks/deploy',
  github: '/webhooks/github',
  gitlab: '/webhooks/gitlab',
  alertmanager: '/webhooks/alertmanager',
  jira: '/webhooks/jira',
  linear: '/webhooks/linear',
} as const;

export type CreateWebhookRoutesOptions = {
  /** A webhook whose secret is unset answers 404 "not enabled". */
  secrets: TConfig['webhooks'];
  flows: Pick<DeployFlows, 'recordDeploy' | 'recordAlerts'>;
  team: TTeamConfig;
  /**
   * Where tracker webhooks hand ticket changes, with each tracker's webhook secret (from the variable sitrep.yml
   * names; unset: that webhook answers 404). GitHub's `issues` events come on its deploy webhook, when GitHub is a
   * tracker.
   */
  trackers: {
    sink: TicketEventSink;
    jiraSecret: string | undefined;
    linearSecret: string | undefined;
    githubIssues: boolean;
  };
  logger: Logger;
  now: () => Date;
};

/**
 * The flows say the database, Slack or a tracker could not be reached with these codes; anything else a receiver
 * throws is a bug.
 */
const isOutage = (error: unknown): boolean =>
  isAppError(error) && (error.code === 'DATABASE_UNAVAILABLE' || error.code === 'SERVICE_UNAVAILABLE');

/**
 * A receiver whose database, Slack or tracker is unreachable answers 503 with Retry-After instead of 500: the sender
 * retries later and the event is taken then. Any other failure is still a bug, left to the HTTP server's 500.
 */
const answeringOutagesWith503 =
  ({ handler, logger }: { handler: RouteHandler; logger: Logger }): RouteHandler =>
  async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (res.headersSent || !isOutage(error)) throw error;
      logger.warn(
        { err: error, path: req.url },
        'database, Slack or a tracker unavailable; answered 503 so the sender retries',
      );
      sendUnavailable(
        res,
        isAppError(error) && error.code === 'SERVICE_UNAVAILABLE' ? 'Slack or the tracker' : 'database',
      );
    }
  };

/**
 * The deploy, alert and tracker receivers, each: secret -> body (1 MB at most) -> signature -> zod -> flow; 503 while the
 * database is unreachable.
 */
export const createWebhookRoutes = ({
  secrets,
  flows,
  team,
  trackers,
  logger,
  now,
}: CreateWebhookRoutesOptions): Route[] => {
  const { jira, linear } = team.trackers;
  const routes: Route[] = [
    {
      method: 'POST',
      path: WEBHOOK_PATHS.deploy,
      handler: createDeployWebhook({ secret: secrets.deploySecret, flows, logger, now }),
    },
    {
      method: 'POST',
      path: WEBHOOK_PATHS.github,
      handler: createGithubWebhook({
        secret: secrets.githubSecret,
        flows,
        services: team.services,
        trackers: trackers.githubIssues ? trackers.sink : undefined,
        logger,
      }),
    },
    {
      method: 'POST',
      path: WEBHOOK_PATHS.gitlab,
      handler: createGitlabWebhook({ token: secrets.gitlabToken, flows, services: team.services, logger, now }),
    },
    {
      method: 'POST',
      path: WEBHOOK_PATHS.alertmanager,
      handler: createAlertmanagerWebhook({
        token: secrets.alertToken,
        flows,
        serviceLabel: team.alerts.serviceLabel,
        logger,
      }),
    },
    {
      method: 'POST',
      path: WEBHOOK_PATHS.jira,
      handler: createJiraWebhook({
        secret: trackers.jiraSecret,
        secretVariable: jira?.webhookSecretEnv ?? 'JIRA_WEBHOOK_SECRET',
        sink: trackers.sink,
        logger,
      }),
    },
    {
      method: 'POST',
      path: WEBHOOK_PATHS.linear,
      handler: createLinearWebhook({
        secret: trackers.linearSecret,
        secretVariable: linear?.webhookSecretEnv ?? 'LINEAR_WEBHOOK_SECRET',
        sink: trackers.sink,
        logger,
        now,
      }),
    },
  ];
  return routes.map((route) => ({ ...route, handler: answeringOutagesWith503({ handler: route.handler, logger }) }));
};
