import type { ServerResponse } from 'node:http';
import type { TicketEventSink } from '../../domain/trackers/tracker.ts';
import { sendJson } from '../../http/http-server.ts';
import type { Logger } from '../../observability/logger.ts';
import { parseJsonBody } from '../json-body.ts';
import { sendIgnored, sendInvalidBody } from '../webhook-response.ts';
import { parseGithubIssueEvent } from './github-issue-payload.ts';

export type AnswerGithubIssueOptions = {
  res: ServerResponse;
  /** The body, once GitHub's signature is checked. */
  rawBody: Buffer;
  /** The `X-GitHub-Delivery` header. */
  deliveryId: string;
  trackers: TicketEventSink;
  logger: Logger;
};

/**
 * An `issues` delivery: 400 with zod's issues, 202 for an action that changes nothing sitrep keeps, or the ticket's
 * change handed to the tracker flows and 200 `{ outcome }`. sitrep's own changes come back this way too: the flows
 * find them in step.
 */
export const answerGithubIssue = async ({ res, rawBody, deliveryId, trackers, logger }: AnswerGithubIssueOptions) => {
  const json = parseJsonBody(rawBody);
  const parsed = json.ok ? parseGithubIssueEvent({ payload: json.value, deliveryId }) : json;
  if (!parsed.ok) {
    sendInvalidBody(res, parsed.issues);
    return;
  }
  if (parsed.value.kind === 'ignored') {
    sendIgnored(res, parsed.value.reason);
    return;
  }
  const { event } = parsed.value;
  const outcome = await trackers.applyTicketEvent(event);
  logger.info(
    { webhook: 'github', event: 'issues', deliveryId, ticket: event.ticketKey, outcome },
    'applied a GitHub issue change',
  );
  sendJson(res, 200, { outcome });
};
