import { ErrorCode } from '@slack/web-api';
import { isAppError } from '../../../domain/app-error.ts';
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
 * Slack's words for "this token, or what it may do, is wrong": true of every call in the workspace, not of one
 * message, so the outbox pauses until the installation is fixed.
 */
const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'not_allowed_token_type',
]);

/**
 * Slack's words for "this message is wrong" (its blocks, text, metadata or size) rather than its channel: no fix to
 * the channel or the installation lets it through, so it must not hold up the channel's later messages.
 */
const MESSAGE_ERRORS = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_attachments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'markdown_text_conflict',
  'invalid_arguments',
  'invalid_name',
  'invalid_name_specials',
  'invalid_name_maxlength',
  'invalid_name_punctuation',
  'invalid_name_required',
]);

/**
 * Errors that are the database's, not the effect's (a failover, a dropped connection): Prisma's client errors and
 * Node's network codes. They pass by themselves.
 */
const DATABASE_ERROR_NAMES = /^(PrismaClient\w+Error|DriverAdapterError)$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  '57P01',
]);

/** What an aborted or timed-out fetch throws (`AbortSignal.timeout`). */
const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError']);

/** What a person does about an auth error, in Slack's terms; `needed` is the scope a `missing_scope` named. */
const fixFor = (slackError: string, needed: unknown): string => {
  if (slackError === 'missing_scope') {
    const scope = typeof needed === 'string' && needed !== '' ? `the ${needed} scope` : 'the scope Slack asked for';
    return `add ${scope} to the app's manifest and reinstall the app in the workspace`;
  }
  return 'reinstall the app in the workspace (or set SLACK_BOT_TOKEN to the new token) and restart sitrep';
};

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

/** Thrown by an effect that can never be carried out, where nothing is lost by settling it now. */
export class SettledError extends Error {
  override name = 'SettledError';
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
 * Decides how a failed effect is retried. Outages, 5xx, timeouts, rate limits (after Retry-After when Slack gives
 * one) and database errors are transient; an auth or scope error pauses the workspace; a platform error such as
 * `channel_not_found` or `invalid_blocks`, or any other error, is permanent (held on a long backoff), and a Slack
 * error that is the message's own fault, not its channel's, lets the channel's later messages past once it is held.
 */
export const judgeSlackFailure = (error: unknown): FailureVerdict => {
  if (error instanceof NotReadyError) return { retry: true, afterMs: error.afterMs, reason: error.message };
  if (error instanceof SettledError) return { settle: true, reason: error.message };
  const code = field(error, 'code');
  if (code === ErrorCode.RateLimitedError) {
    const seconds = Number(field(error, 'retryAfter'));
    return { retry: true, afterMs: Number.isFinite(seconds) ? seconds * 1000 : undefined, reason: 'rate limited' };
  }
  if (code === ErrorCode.PlatformError) {
    const data = field(error, 'data');
    const slackError = String(field(data, 'error') ?? 'unknown');
    if (AUTH_ERRORS.has(slackError)) {
      const needed = field(data, 'needed');
      return {
        pause: true,
        reason: `Slack said ${slackError}`,
        fix: fixFor(slackError, needed),
        ...(typeof needed === 'string' && needed !== ''
          ? { needed: needed.split(',').map((scope) => scope.trim()) }
          : {}),
      };
    }
    if (TRANSIENT_PLATFORM_ERRORS.has(slackError)) return { retry: true, reason: `Slack said ${slackError}` };
    return { retry: false, reason: `Slack said ${slackError}`, ownFault: MESSAGE_ERRORS.has(slackError) };
  }
  if (code === ErrorCode.HTTPError || code === ErrorCode.RequestError) {
    return { retry: true, reason: error instanceof Error ? error.message : String(code) };
  }
  const reason = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (
    DATABASE_ERROR_NAMES.test(name) ||
    NETWORK_CODES.has(String(code)) ||
    (isAppError(error) && error.code === 'DATABASE_UNAVAILABLE')
  ) {
    return { retry: true, reason: `database unavailable: ${reason}` };
  }
  // fetch's own failures (an upload): the network code is its cause's, and a timeout is a TimeoutError.
  if (TIMEOUT_NAMES.has(name) || NETWORK_CODES.has(String(field(field(error, 'cause'), 'code')))) {
    return { retry: true, reason };
  }
  // Anything else is held on the long backoff. It keeps its place in its channel's queue: a bug is fixed by a deploy,
  // after which the message goes out in order.
  return { retry: false, reason, ownFault: false };
};
