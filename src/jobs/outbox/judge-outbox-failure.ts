import type { FailureVerdict } from './deliver-due-effects.ts';
import { isPagerDutyFailure, judgePagerDutyFailure } from './pagerduty/judge-pagerduty-failure.ts';
import { judgeSlackFailure } from './slack/judge-slack-failure.ts';

/**
 * Judges a failed effect by whose failure it is: PagerDuty's on its own terms (never pausing Slack), anything else
 * (Slack's, the database's, sitrep's own) as Slack's judge does.
 */
export const judgeOutboxFailure = (error: unknown): FailureVerdict =>
  isPagerDutyFailure(error) ? judgePagerDutyFailure(error) : judgeSlackFailure(error);
