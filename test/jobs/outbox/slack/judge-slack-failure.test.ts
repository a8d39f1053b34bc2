import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/domain/app-error.ts';
import type { FailureVerdict } from '../../../../src/jobs/outbox/deliver-due-effects.ts';
import {
  judgeSlackFailure,
  NotReadyError,
  SettledError,
} from '../../../../src/jobs/outbox/slack/judge-slack-failure.ts';
import { Prisma } from '../../../../src/store/generated/client.ts';

/** What WebClient throws for `{ ok: false, error }` in a 200 answer. */
const platformError = (error: string) => new WebAPIPlatformError({ ok: false, error });

describe('judgeSlackFailure', () => {
  it.each<{ name: string; error: unknown; verdict: FailureVerdict }>([
    {
      name: 'a 429 with Retry-After is retried after exactly that long',
      error: new WebAPIRateLimitedError(30),
      verdict: { retry: true, afterMs: 30_000, reason: 'rate limited' },
    },
    {
      name: 'a rate limit without a usable Retry-After is retried on the backoff',
      error: { code: ErrorCode.RateLimitedError },
      verdict: { retry: true, afterMs: undefined, reason: 'rate limited' },
    },
    ...['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'].map((slackError) => ({
      name: `platform error ${slackError} is retried`,
      error: platformError(slackError),
      verdict: { retry: true as const, reason: `Slack said ${slackError}` },
    })),
    ...['channel_not_found', 'not_in_channel', 'is_archived', 'no_permission'].map((slackError) => ({
      name: `platform error ${slackError} is permanent, the channel's fault`,
      error: platformError(slackError),
      verdict: { retry: false as const, reason: `Slack said ${slackError}`, ownFault: false },
    })),
    ...['invalid_blocks', 'msg_too_long', 'invalid_metadata_format'].map((slackError) => ({
      name: `platform error ${slackError} is permanent, the message's own fault`,
      error: platformError(slackError),
      verdict: { retry: false as const, reason: `Slack said ${slackError}`, ownFault: true },
    })),
    ...['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive'].map((slackError) => ({
      name: `platform error ${slackError} pauses the workspace until the app is reinstalled`,
      error: platformError(slackError),
      verdict: {
        pause: true as const,
        reason: `Slack said ${slackError}`,
        fix: 'reinstall the app in the workspace (or set SLACK_BOT_TOKEN to the new token) and restart sitrep',
      },
    })),
    {
      name: "missing_scope pauses the workspace and names the scope Slack's `needed` asks for",
      error: new WebAPIPlatformError({ ok: false, error: 'missing_scope', ...{ needed: 'pins:write' } }),
      verdict: {
        pause: true,
        reason: 'Slack said missing_scope',
        fix: "add the pins:write scope to the app's manifest and reinstall the app in the workspace",
        needed: ['pins:write'],
      },
    },
    {
      name: 'a database error (a failover mid-effect) is retried, never held',
      error: new Prisma.PrismaClientKnownRequestError("Can't reach database server", {
        code: 'P1001',
        clientVersion: '7',
      }),
      verdict: { retry: true, reason: "database unavailable: Can't reach database server" },
    },
    {
      name: 'a connection refused outside Slack is retried',
      error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      verdict: { retry: true, reason: 'database unavailable: connect ECONNREFUSED 127.0.0.1:5432' },
    },
    {
      name: 'a platform error without an error name is permanent',
      error: { code: ErrorCode.PlatformError, data: { ok: false } },
      verdict: { retry: false, reason: 'Slack said unknown', ownFault: false },
    },
    {
      name: 'an HTTP error (Slack or a proxy answering 503) is retried',
      error: new WebAPIHTTPError(503, 'Service Unavailable', {}, '<html>upstream down</html>'),
      verdict: { retry: true, reason: 'An HTTP protocol error occurred: statusCode = 503' },
    },
    {
      name: 'a request that never got an answer (reset, DNS, timeout) is retried',
      error: new WebAPIRequestError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
      verdict: { retry: true, reason: 'A request error occurred: read ECONNRESET' },
    },
    {
      name: 'an effect waiting for another is retried on the backoff',
      error: new NotReadyError('incident 42 has no channel yet'),
      verdict: { retry: true, afterMs: undefined, reason: 'incident 42 has no channel yet' },
    },
    {
      name: 'an effect waiting for its turn within the rate tier is retried when the turn comes',
      error: new NotReadyError('pacing chat.postMessage for C0INC00042', 1_200),
      verdict: { retry: true, afterMs: 1_200, reason: 'pacing chat.postMessage for C0INC00042' },
    },
    {
      name: 'an effect that can never be carried out is settled',
      error: new SettledError('incident 42 has no channel: Slack said restricted_action'),
      verdict: { settle: true, reason: 'incident 42 has no channel: Slack said restricted_action' },
    },
    {
      name: 'any other error is permanent, and keeps its place in its queue (a deploy fixes a bug)',
      error: new Error('incident 6f0e… does not exist'),
      verdict: { retry: false, reason: 'incident 6f0e… does not exist', ownFault: false },
    },
    {
      name: 'the database out of reach, as the flows say it, is retried',
      error: new AppError('DATABASE_UNAVAILABLE', { userMessage: 'The database is out of reach.' }),
      verdict: { retry: true, reason: 'database unavailable: DATABASE_UNAVAILABLE: The database is out of reach.' },
    },
    {
      name: 'a failed fetch (an upload) is retried: its network code is its cause',
      error: new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      }),
      verdict: { retry: true, reason: 'fetch failed' },
    },
    {
      name: 'a fetch that timed out is retried',
      error: new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      verdict: { retry: true, reason: 'The operation was aborted due to timeout' },
    },
    {
      name: 'something thrown that is not an Error is permanent',
      error: 'boom',
      verdict: { retry: false, reason: 'boom', ownFault: false },
    },
  ])('$name', ({ error, verdict }) => {
    expect(judgeSlackFailure(error)).toEqual(verdict);
  });
});
