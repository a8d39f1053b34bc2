import { EmailError } from '../../domain/email/mailer.ts';
import { ServiceError } from '../../domain/outbox/service-error.ts';
import type { FailureVerdict } from './deliver-due-effects.ts';
import { judgeSlackFailure } from './slack/judge-slack-failure.ts';

/**
 * How a call PagerDuty or a tracker did not take is retried: a 429, a 5xx or an unreachable service soon (after
 * Retry-After when it gave one); a refusal of the request itself (a routing key, a token or a field the service
 * refuses) is held on the long backoff for a person to see with `sitrep outbox`. It stays first in its queue, so a
 * page's resolve never overtakes its trigger, nor a ticket's update its creation; the queue is its own, so no Slack
 * channel waits for it. Never pauses the Slack workspace: these errors say nothing of Slack's token.
 */
const judgeServiceFailure = (error: ServiceError): FailureVerdict =>
  error.transient
    ? { retry: true, afterMs: error.retryAfterMs, reason: error.message }
    : { retry: false, reason: error.message };

/**
 * Judges a failed effect by whose failure it is: PagerDuty's, trackers' and the mail server's on their own terms,
 * anything else (Slack's, the database's, sitrep's own) as Slack's judge does.
 */
export const judgeOutboxFailure = (error: unknown): FailureVerdict => {
  // A 5xx for one email (its recipient, its content) is that email's end: no retry changes it, no other waits on it.
  if (error instanceof EmailError && error.recipientRefused) return { settle: true, reason: error.message };
  return error instanceof ServiceError ? judgeServiceFailure(error) : judgeSlackFailure(error);
};
