import type { FailureVerdict } from '../deliver-due-effects.ts';
import { PagerDutyError } from './pagerduty-events.ts';

/**
 * How a page PagerDuty did not take is retried: a 429, a 5xx or an unreachable PagerDuty soon (after Retry-After when
 * it gave one); a 400 (a routing key or a field PagerDuty refuses) is held on the long backoff for a person to see
 * with `sitrep outbox`. It stays first in its queue, so the page's resolve never overtakes its trigger; the queue is
 * the page's own, so no Slack channel waits for it. Never pauses the Slack workspace: PagerDuty's errors say nothing
 * of Slack's token.
 */
export const judgePagerDutyFailure = (error: PagerDutyError): FailureVerdict =>
  error.transient
    ? { retry: true, afterMs: error.retryAfterMs, reason: error.message }
    : { retry: false, reason: error.message };

/** Whether a failure is PagerDuty's, for the outbox's judge. */
export const isPagerDutyFailure = (error: unknown): error is PagerDutyError => error instanceof PagerDutyError;
