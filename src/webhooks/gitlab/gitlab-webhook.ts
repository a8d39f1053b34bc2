import { z } from 'zod';
import type { TTeamConfig } from '../../domain/team-config/team-config.ts';
import type { DeployFlows } from '../../flows/deploy-flows.ts';
import type { RouteHandler } from '../../http/http-server.ts';
import type { Logger } from '../../observability/logger.ts';
import { answerDeploy } from '../answer-deploy.ts';
import { readBodyOrRefuse } from '../read-body.ts';
import { tokensMatch } from '../tokens-match.ts';
import { sendIgnored, sendInvalidHeaders, sendNotEnabled, sendUnauthorized } from '../webhook-response.ts';
import { parseGitlabDeploy } from './gitlab-payload.ts';

export type GitlabWebhookOptions = {
  /** `GITLAB_WEBHOOK_TOKEN`, the hook's secret token; without it the webhook answers 404. */
  token: string | undefined;
  flows: Pick<DeployFlows, 'recordDeploy'>;
  services: TTeamConfig['services'];
  logger: Logger;
  now: () => Date;
};

const ZGitlabHeaders = z.object({
  'x-gitlab-event': z.string().min(1),
  'x-gitlab-event-uuid': z.string().min(1).max(200),
});

/**
 * `POST /webhooks/gitlab`: a project or group webhook with a secret token (`X-Gitlab-Token`), checked before the
 * body is read. Deployment Hooks are recorded once per `X-Gitlab-Event-UUID` (200 `{ stored }`); other events and
 * statuses are answered 202 rather than an error, as GitLab disables hooks that keep failing.
 */
export const createGitlabWebhook =
  ({ token, flows, services, logger, now }: GitlabWebhookOptions): RouteHandler =>
  async (req, res) => {
    if (token === undefined) {
      sendNotEnabled(res, 'GITLAB_WEBHOOK_TOKEN');
      return;
    }
    if (!tokensMatch({ given: req.headers['x-gitlab-token'], expected: token })) {
      logger.warn({ webhook: 'gitlab' }, 'refused a GitLab webhook with a missing or wrong token');
      sendUnauthorized(res);
      return;
    }
    const receivedAt = now();
    const rawBody = await readBodyOrRefuse(req, res);
    if (rawBody === undefined) return;
    const headers = ZGitlabHeaders.safeParse(req.headers);
    if (!headers.success) {
      sendInvalidHeaders(res, headers.error.issues);
      return;
    }
    const { 'x-gitlab-event': event, 'x-gitlab-event-uuid': deliveryId } = headers.data;
    if (event !== 'Deployment Hook') {
      sendIgnored(res, `sitrep does not record "${event}" events`);
      return;
    }
    await answerDeploy({
      res,
      rawBody,
      parse: (payload) => parseGitlabDeploy({ payload, deliveryId, services, receivedAt }),
      flows,
      logger,
      context: { webhook: 'gitlab' },
    });
  };
