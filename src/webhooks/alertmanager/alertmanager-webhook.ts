import type { DeployFlows } from '../../flows/deploy-flows.ts';
import { type RouteHandler, sendJson } from '../../http/http-server.ts';
import type { Logger } from '../../observability/logger.ts';
import { parseJsonBody } from '../json-body.ts';
import { readBodyOrRefuse } from '../read-body.ts';
import { bearerTokenMatches } from '../tokens-match.ts';
import { sendInvalidBody, sendNotEnabled, sendUnauthorized } from '../webhook-response.ts';
import { parseAlertmanagerAlerts } from './alertmanager-payload.ts';

export type AlertmanagerWebhookOptions = {
  /** `ALERT_WEBHOOK_TOKEN`, sent as `Authorization: Bearer <token>`; without it the webhook answers 404. */
  token: string | undefined;
  flows: Pick<DeployFlows, 'recordAlerts'>;
  /** The label naming an alert's service (`alerts.serviceLabel` in sitrep.yml). */
  serviceLabel: string;
  logger: Logger;
};

/**
 * `POST /webhooks/alertmanager`: an Alertmanager `webhook_config` (version 4) with
 * `http_config.authorization.credentials` set to the token, checked before the body is read. 200 `{ stored: n }`,
 * the number of alerts not seen before.
 */
export const createAlertmanagerWebhook =
  ({ token, flows, serviceLabel, logger }: AlertmanagerWebhookOptions): RouteHandler =>
  async (req, res) => {
    if (token === undefined) {
      sendNotEnabled(res, 'ALERT_WEBHOOK_TOKEN');
      return;
    }
    if (!bearerTokenMatches({ authorization: req.headers.authorization, expected: token })) {
      logger.warn({ webhook: 'alertmanager' }, 'refused an Alertmanager webhook with a missing or wrong token');
      sendUnauthorized(res);
      return;
    }
    const rawBody = await readBodyOrRefuse(req, res);
    if (rawBody === undefined) return;
    const json = parseJsonBody(rawBody);
    const parsed = json.ok ? parseAlertmanagerAlerts({ payload: json.value, serviceLabel }) : json;
    if (!parsed.ok) {
      sendInvalidBody(res, parsed.issues);
      return;
    }
    const { stored } = await flows.recordAlerts(parsed.value);
    logger.info({ webhook: 'alertmanager', alerts: parsed.value.length, stored }, 'recorded alerts');
    sendJson(res, 200, { stored });
  };
