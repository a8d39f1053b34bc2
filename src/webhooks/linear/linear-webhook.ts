import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { TicketEventSink } from '../../domain/trackers/tracker.ts';
import type { RouteHandler } from '../../http/http-server.ts';
import type { Logger } from '../../observability/logger.ts';
import { answerTicketEvent } from '../answer-ticket-event.ts';
import { parseJsonBody } from '../json-body.ts';
import { readSignedDelivery } from '../signed-delivery.ts';
import { sendUnauthorized } from '../webhook-response.ts';
import { parseLinearDelivery } from './linear-payload.ts';

/** Linear's replay protection: a delivery sent more than a minute from now is refused, as its SDK does. */
const MAX_CLOCK_SKEW_MS = 60_000;

export type LinearWebhookOptions = {
  /** The webhook's signing secret (`trackers.linear.webhookSecretEnv`); without it the webhook answers 404. */
  secret: string | undefined;
  /** The variable sitrep.yml reads the secret from (LINEAR_WEBHOOK_SECRET), for the 404's hint. */
  secretVariable: string;
  sink: TicketEventSink;
  logger: Logger;
  now: () => Date;
};

const ZLinearHeaders = z.object({ 'linear-delivery': z.string().min(1).max(200) });

const SIGNATURE = /^[0-9a-f]{64}$/i;

/** `Linear-Signature`: the hex HMAC-SHA256 of the raw body under the signing secret, compared in constant time. */
const signatureMatches = ({
  secret,
  rawBody,
  signature,
}: {
  secret: string;
  rawBody: Buffer;
  signature: string | string[] | undefined;
}): boolean => {
  if (typeof signature !== 'string' || !SIGNATURE.test(signature.trim())) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(signature.trim(), 'hex'), expected);
};

/**
 * `POST /webhooks/linear`: a Linear webhook on Issues, signed with its signing secret (`Linear-Signature`). A change
 * to an issue's status, assignee or due date goes to the sink once per `Linear-Delivery` (200 `{ outcome }`); other
 * events and fields are answered 202. 401 unsigned, forged, or sent more than a minute from now (a replay); 400 with
 * zod's issues; 413 over 1 MB.
 */
export const createLinearWebhook =
  ({ secret, secretVariable, sink, logger, now }: LinearWebhookOptions): RouteHandler =>
  async (req, res) => {
    const signed = await readSignedDelivery({
      req,
      res,
      secret,
      secretVariable,
      verify: ({ secret: key, rawBody, headers }) =>
        signatureMatches({ secret: key, rawBody, signature: headers['linear-signature'] }),
      headers: ZLinearHeaders,
      logger,
      sender: { webhook: 'linear', name: 'Linear' },
    });
    if (signed === undefined) return;
    const deliveryId = signed.headers['linear-delivery'];
    const json = parseJsonBody(signed.rawBody);
    const delivery = json.ok ? parseLinearDelivery({ payload: json.value, deliveryId }) : json;
    const skewMs = delivery.ok ? Math.abs(now().getTime() - delivery.value.sentAt.getTime()) : 0;
    if (skewMs > MAX_CLOCK_SKEW_MS) {
      logger.warn({ webhook: 'linear', deliveryId, skewMs }, 'refused a Linear webhook sent more than a minute ago');
      sendUnauthorized(res);
      return;
    }
    const parsed = delivery.ok ? { ok: true as const, value: delivery.value.outcome } : delivery;
    await answerTicketEvent({ res, parsed, sink, logger, context: { webhook: 'linear' } });
  };
