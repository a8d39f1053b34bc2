import { z } from 'zod';
import type { TicketEventSink } from '../../domain/trackers/tracker.ts';
import type { RouteHandler } from '../../http/http-server.ts';
import type { Logger } from '../../observability/logger.ts';
import { answerTicketEvent } from '../answer-ticket-event.ts';
import { verifyDeploySignature } from '../generic/deploy-signature.ts';
import { parseJsonBody } from '../json-body.ts';
import { readBodyOrRefuse } from '../read-body.ts';
import { sendInvalidHeaders, sendNotEnabled, sendUnauthorized } from '../webhook-response.ts';
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
    if (secret === undefined) {
      sendNotEnabled(res, secretVariable);
      return;
    }
    const rawBody = await readBodyOrRefuse(req, res);
    if (rawBody === undefined) return;
    if (!verifyDeploySignature({ secret, rawBody, signature: req.headers['x-hub-signature'] })) {
      logger.warn({ webhook: 'jira' }, 'refused a Jira webhook with a missing or wrong signature');
      sendUnauthorized(res);
      return;
    }
    const headers = ZJiraHeaders.safeParse(req.headers);
    if (!headers.success) {
      sendInvalidHeaders(res, headers.error.issues);
      return;
    }
    const deliveryId = headers.data['x-atlassian-webhook-identifier'];
    const json = parseJsonBody(rawBody);
    const parsed = json.ok ? parseJiraWebhook({ payload: json.value, deliveryId }) : json;
    await answerTicketEvent({ res, parsed, sink, logger, context: { webhook: 'jira' } });
  };
