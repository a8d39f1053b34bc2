import { z } from 'zod';
import type { TTeamConfig } from '../../domain/team-config/team-config.ts';
import type { TicketEventSink } from '../../domain/trackers/tracker.ts';
import type { DeployFlows } from '../../flows/deploy-flows.ts';
import { type RouteHandler, sendJson } from '../../http/http-server.ts';
import type { Logger } from '../../observability/logger.ts';
import { answerDeploy } from '../answer-deploy.ts';
import { answerTicketEvent } from '../answer-ticket-event.ts';
import { verifyDeploySignature } from '../generic/deploy-signature.ts';
import { parseJsonBody } from '../json-body.ts';
import { readSignedDelivery } from '../signed-delivery.ts';
import { sendIgnored } from '../webhook-response.ts';
import { parseGithubIssueEvent } from './github-issue-payload.ts';
import { parseGithubDeploy } from './github-payload.ts';

export type GithubWebhookOptions = {
  /** `GITHUB_WEBHOOK_SECRET`; without it the webhook answers 404. */
  secret: string | undefined;
  flows: Pick<DeployFlows, 'recordDeploy'>;
  services: TTeamConfig['services'];
  logger: Logger;
  /** Where `issues` events go, when sitrep keeps action items in step with GitHub issues; ignored (202) otherwise. */
  trackers?: TicketEventSink | undefined;
};

const ZGithubHeaders = z.object({
  'x-github-event': z.string().min(1),
  'x-github-delivery': z.string().min(1).max(200),
});

/**
 * `POST /webhooks/github`: a repository or organization webhook with a secret (`X-Hub-Signature-256`). `ping` is
 * answered 200 `{ ok: true }`; `deployment` and `deployment_status` are recorded once per `X-GitHub-Delivery`
 * (200 `{ stored }`); `issues` change the action items linked to them, when `trackers` is given (200 `{ outcome }`);
 * other events, and deployment states that are not outcomes (`inactive`), are answered 202.
 */
export const createGithubWebhook =
  ({ secret, flows, services, logger, trackers }: GithubWebhookOptions): RouteHandler =>
  async (req, res) => {
    const delivery = await readSignedDelivery({
      req,
      res,
      secret,
      secretVariable: 'GITHUB_WEBHOOK_SECRET',
      verify: ({ secret: key, rawBody, headers }) =>
        verifyDeploySignature({ secret: key, rawBody, signature: headers['x-hub-signature-256'] }),
      headers: ZGithubHeaders,
      logger,
      sender: { webhook: 'github', name: 'GitHub' },
    });
    if (delivery === undefined) return;
    const { rawBody } = delivery;
    const { 'x-github-event': event, 'x-github-delivery': deliveryId } = delivery.headers;
    if (event === 'ping') {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (event === 'issues' && trackers !== undefined) {
      const json = parseJsonBody(rawBody);
      const parsed = json.ok ? parseGithubIssueEvent({ payload: json.value, deliveryId }) : json;
      await answerTicketEvent({ res, parsed, sink: trackers, logger, context: { webhook: 'github', event } });
      return;
    }
    if (event !== 'deployment' && event !== 'deployment_status') {
      sendIgnored(res, `sitrep does not record "${event}" events`);
      return;
    }
    await answerDeploy({
      res,
      rawBody,
      parse: (payload) => parseGithubDeploy({ event, payload, deliveryId, services }),
      flows,
      logger,
      context: { webhook: 'github', event },
    });
  };
