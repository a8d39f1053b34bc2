import { ErrorCode } from '@slack/web-api';
import type { FailureVerdict } from '../deliver-due-effects.ts';

/** Slack's own words for "try again later". */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

/**
 * Thrown by an effect that must wait: for another (a line for a channel not created yet), or for its turn within
 * Slack's rate tier (`afterMs`).
 */
export class NotReadyError extends Error {
  override name = 'NotReadyError';
  readonly afterMs: number | undefined;
  constructor(message: string, afterMs?: number) {
    super(message);
    this.afterMs = afterMs;
  }
}

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && key in value ? Reflect.get(value, key) : undefined;

/** Slack's own error code of a failed call (`name_taken`, `already_pinned`…), when it is one. */
export const platformError = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const data = error.data;
  return typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string'
    ? data.error
    : undefined;
};

/**
 * Decides whether a failed Slack effect is retried. Outages, 5xx, timeouts and rate limits are (after Retry-After
 * when Slack gives one); a platform error such as `channel_not_found` or `invalid_blocks` is permanent.
 */
export const judgeSlackFailure = (error: unknown): FailureVerdict => {
  if (error instanceof NotReadyError) return { retry: true, afterMs: error.afterMs, reason: error.message };
  const code = field(error, 'code');
  if (code === ErrorCode.RateLimitedError) {
    const seconds = Number(field(error, 'retryAfter'));
    return { retry: true, afterMs: Number.isFinite(seconds) ? seconds * 1000 : undefined, reason: 'rate limited' };
  }
  if (code === ErrorCode.PlatformError) {
    const slackError = String(field(field(error, 'data'), 'error') ?? 'unknown');
    return TRANSIENT_PLATFORM_ERRORS.has(slackError)
      ? { retry: true, reason: `Slack said ${slackError}` }
      : { retry: false, reason: `Slack said ${slackError}` };
  }
  if (code === ErrorCode.HTTPError || code === ErrorCode.RequestError) {
    return { retry: true, reason: error instanceof Error ? error.message : String(code) };
  }
  return { retry: false, reason: error instanceof Error ? error.message : String(error) };
};
