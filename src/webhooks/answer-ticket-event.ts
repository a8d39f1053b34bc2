import type { ServerResponse } from 'node:http';
import type { TicketEventSink } from '../domain/trackers/tracker.ts';
import { sendJson } from '../http/http-server.ts';
import type { Logger } from '../observability/logger.ts';
import type { PayloadResult, TicketOutcome } from './payload-result.ts';
import { sendIgnored, sendInvalidBody } from './webhook-response.ts';

export type AnswerTicketEventOptions = {
  res: ServerResponse;
  /** The tracker's delivery as its parser read it, once the tracker is known to be who it says. */
  parsed: PayloadResult<TicketOutcome>;
  sink: TicketEventSink;
  logger: Logger;
  /** What the log line says of the request before the ticket: the webhook, GitHub's event. */
  context: Record<string, string>;
};

/**
 * The end every tracker receiver shares: 400 with zod's issues, 202 for a delivery that changes nothing sitrep keeps,
 * or the ticket's change handed to the tracker flows and 200 `{ outcome }`. sitrep's own changes come back this way
 * too: the flows find them in step.
 */
export const answerTicketEvent = async ({ res, parsed, sink, logger, context }: AnswerTicketEventOptions) => {
  if (!parsed.ok) {
    sendInvalidBody(res, parsed.issues);
    return;
  }
  if (parsed.value.kind === 'ignored') {
    sendIgnored(res, parsed.value.reason);
    return;
  }
  const { event } = parsed.value;
  const outcome = await sink.applyTicketEvent(event);
  logger.info({ ...context, deliveryId: event.deliveryId, ticket: event.ticketKey, outcome }, 'took a ticket change');
  sendJson(res, 200, { outcome });
};
