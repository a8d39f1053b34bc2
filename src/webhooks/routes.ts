import type { TConfig } from '../config.ts';
import type { TTeamConfig } from '../domain/team-config.ts';
import type { EventFlows } from '../flows/deploy-flows.ts';
import type { Route } from '../http-server.ts';
import type { Logger } from '../logger.ts';
import { createAlertmanagerWebhook } from './alertmanager-webhook.ts';
import { createDeployWebhook } from './deploy-webhook.ts';
import { createGithubWebhook } from './github-webhook.ts';
import { createGitlabWebhook } from './gitlab-webhook.ts';

export const WEBHOOK_PATHS = {
  deploy: '/webhooks/deploy',
  github: '/webhooks/github',
  gitlab: '/webhooks/gitlab',
  alertmanager: '/webhooks/alertmanager',
} as const;

export type CreateWebhookRoutesOptions = {
  /** A webhook whose secret is unset answers 404 "not enabled". */
  secrets: TConfig['webhooks'];
  flows: EventFlows;
  team: TTeamConfig;
  logger: Logger;
  now: () => Date;
};

/** The deploy and alert receivers, each: secret -> body (1 MB at most) -> signature -> zod -> flow. */
export const createWebhookRoutes = ({ secrets, flows, team, logger, now }: CreateWebhookRoutesOptions): Route[] => [
  {
    method: 'POST',
    path: WEBHOOK_PATHS.deploy,
    handler: createDeployWebhook({ secret: secrets.deploySecret, flows, logger, now }),
  },
  {
    method: 'POST',
    path: WEBHOOK_PATHS.github,
    handler: createGithubWebhook({ secret: secrets.githubSecret, flows, services: team.services, logger }),
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
];
