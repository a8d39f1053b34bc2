import { z } from 'zod';
import type { TTeamConfig } from '../../domain/team-config/team-config.ts';
import type { EventFlows } from '../../flows/deploy-flows.ts';
import { type RouteHandler, sendJson } from '../../http/http-server.ts';
import type { Logger } from '../../observability/logger.ts';
import { parseJsonBody } from '../json-body.ts';
import { readBodyOrRefuse } from '../read-body.ts';
import { tokensMatch } from '../tokens-match.ts';
import {
  sendIgnored,
  sendInvalidBody,
  sendInvalidHeaders,
  sendNotEnabled,
  sendUnauthorized,
} from '../webhook-response.ts';
import { parseGitlabDeploy } from './gitlab-payload.ts';

export type GitlabWebhookOptions = {
  /** `GITLAB_WEBHOOK_TOKEN`, the hook's secret token; without it the webhook answers 404. */
  token: string | undefined;
  flows: Pick<EventFlows, 'recordDeploy'>;
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
    const json = parseJsonBody(rawBody);
    const parsed = json.ok ? parseGitlabDeploy({ payload: json.value, deliveryId, services, receivedAt }) : json;
    if (!parsed.ok) {
      sendInvalidBody(res, parsed.issues);
      return;
    }
    if (parsed.value.kind === 'ignored') {
      sendIgnored(res, parsed.value.reason);
      return;
    }
    const { deploy } = parsed.value;
    const { stored } = await flows.recordDeploy(deploy);
    logger.info(
      { webhook: 'gitlab', deliveryId, service: deploy.service, status: deploy.status, stored },
      stored ? 'recorded a deploy' : 'ignored a redelivered deploy',
    );
    sendJson(res, 200, { stored });
  };
