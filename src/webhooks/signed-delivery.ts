import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Logger } from '../observability/logger.ts';
import { readBodyOrRefuse } from './read-body.ts';
import { sendInvalidHeaders, sendNotEnabled, sendUnauthorized } from './webhook-response.ts';

export type ReadSignedDeliveryOptions<THeaders> = {
  req: IncomingMessage;
  res: ServerResponse;
  /** The webhook's secret; unset: 404 naming `secretVariable`. */
  secret: string | undefined;
  secretVariable: string;
  /** Whether the sender's signature header signs `rawBody` under `secret` (each sender spells it its own way). */
  verify: (options: { secret: string; rawBody: Buffer; headers: IncomingMessage['headers'] }) => boolean;
  /** The headers the sender must send besides the signature (its event, its delivery id). */
  headers: z.ZodType<THeaders>;
  logger: Logger;
  /** The sender, for the log line of a refusal: its webhook's id (`jira`) and its name (`Jira`). */
  sender: { webhook: string; name: string };
};

/**
 * The opening every HMAC-signed receiver shares (GitHub, Jira, Linear): 404 without a secret, the body (413 over
 * 1 MB), 401 for a missing or wrong signature, 400 for headers it lacks. Answers undefined once it has answered;
 * otherwise the body and headers of a delivery known to be the sender's.
 */
export const readSignedDelivery = async <THeaders>({
  req,
  res,
  secret,
  secretVariable,
  verify,
  headers,
  logger,
  sender,
}: ReadSignedDeliveryOptions<THeaders>): Promise<{ rawBody: Buffer; headers: THeaders } | undefined> => {
  if (secret === undefined) {
    sendNotEnabled(res, secretVariable);
    return undefined;
  }
  const rawBody = await readBodyOrRefuse(req, res);
  if (rawBody === undefined) return undefined;
  if (!verify({ secret, rawBody, headers: req.headers })) {
    logger.warn({ webhook: sender.webhook }, `refused a ${sender.name} webhook with a missing or wrong signature`);
    sendUnauthorized(res);
    return undefined;
  }
  const parsed = headers.safeParse(req.headers);
  if (!parsed.success) {
    sendInvalidHeaders(res, parsed.error.issues);
    return undefined;
  }
  return { rawBody, headers: parsed.data };
};
