import type { ServerResponse } from 'node:http';
import type { DeployFlows } from '../flows/deploy-flows.ts';
import { sendJson } from '../http/http-server.ts';
import type { Logger } from '../observability/logger.ts';
import { parseJsonBody } from './json-body.ts';
import type { DeployOutcome, PayloadResult } from './payload-result.ts';
import { sendIgnored, sendInvalidBody } from './webhook-response.ts';

export type AnswerDeployOptions = {
  res: ServerResponse;
  /** The body, once the sender is known to be who it says. */
  rawBody: Buffer;
  /** The sender's parser, given the decoded JSON. */
  parse: (payload: unknown) => PayloadResult<DeployOutcome>;
  flows: Pick<DeployFlows, 'recordDeploy'>;
  logger: Logger;
  /** What the log line says of the request before the deploy: the webhook, GitHub's event. */
  context: Record<string, string>;
};

/**
 * The end every deploy receiver shares: the body read as JSON by the sender's parser, then 400 with zod's issues,
 * 202 for an event that is not a deploy, or the deploy recorded once per delivery and 200 `{ stored }` (false for a
 * redelivery).
 */
export const answerDeploy = async ({ res, rawBody, parse, flows, logger, context }: AnswerDeployOptions) => {
  const json = parseJsonBody(rawBody);
  const parsed = json.ok ? parse(json.value) : json;
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
    { ...context, deliveryId: deploy.deliveryId, service: deploy.service, status: deploy.status, stored },
    stored ? 'recorded a deploy' : 'ignored a redelivered deploy',
  );
  sendJson(res, 200, { stored });
};
