import { z } from 'zod';
import type { TicketEventSink } from '../../domain/trackers/tracker.ts';
import type { RouteHandler } from '../../http/http-server.ts';
import type { Logger } from '../../observability/logger.ts';
import { answerTicketEvent } from '../answer-ticket-event.ts';
import { verifyDeploySignature } from '../generic/deploy-signature.ts';
import { parseJsonBody } from '../json-body.ts';
import { readSignedDelivery } from '../signed-delivery.ts';
import { parseJiraWebhook } from './jira-payload.ts';

export type JiraWebhookOptions = {
  /** The admin webhook's secret (the variable `trackers.jira.webhookSecretEnv` names); unset: 404. */
  secret: string | undefined;
  /** That variable's name, for the 404's hint. */
  secretVariable?: string;
  sink: TicketEventSink;
  logger: Logger;
};

const ZJiraHeaders = z.object({ 'x-atlassian-webhook-identifier': z.string().min(1).max(200) });

/**
 * `POST /webhooks/jira`: a Jira Cloud admin webhook with a secret, which signs each delivery as GitHub does
 * (`X-Hub-Signature: sha256=<hex>`, HMAC-SHA256 of the raw body). A `jira:issue_updated` that changed a ticket's
 * status, assignee or due date goes to the sink once per `X-Atlassian-Webhook-Identifier` (200 `{ outcome }`);
 * anything else is answered 202.
 */
export const createJiraWebhook =
  ({ secret, secretVariable = 'JIRA_WEBHOOK_SECRET', sink, logger }: JiraWebhookOptions): RouteHandler =>
  async (req, res) => {
    const delivery = await readSignedDelivery({
      req,
      res,
      secret,
      secretVariable,
      verify: ({ secret: key, rawBody, headers }) =>
        verifyDeploySignature({ secret: key, rawBody, signature: headers['x-hub-signature'] }),
      headers: ZJiraHeaders,
      logger,
      sender: { webhook: 'jira', name: 'Jira' },
    });
    if (delivery === undefined) return;
    const deliveryId = delivery.headers['x-atlassian-webhook-identifier'];
    const json = parseJsonBody(delivery.rawBody);
    const parsed = json.ok ? parseJiraWebhook({ payload: json.value, deliveryId }) : json;
    await answerTicketEvent({ res, parsed, sink, logger, context: { webhook: 'jira' } });
  };
