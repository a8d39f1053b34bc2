import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/http-server.ts';
import type { PayloadIssue } from './payload-result.ts';

/** A webhook whose secret is not configured does not exist: 404, saying which variable turns it on. */
export const sendNotEnabled = (res: ServerResponse, variable: string): void =>
  sendJson(res, 404, { error: 'not enabled', hint: `set ${variable} to enable this webhook` });

/** Signature or token missing or wrong; which one it was is not said. */
export const sendUnauthorized = (res: ServerResponse): void => sendJson(res, 401, { error: 'unauthorized' });

/** zod's issues carry paths and messages, never the values sent. */
export const sendInvalidBody = (res: ServerResponse, issues: readonly PayloadIssue[]): void =>
  sendJson(res, 400, { error: 'invalid body', issues });

export const sendInvalidHeaders = (res: ServerResponse, issues: readonly PayloadIssue[]): void =>
  sendJson(res, 400, { error: 'invalid headers', issues });

/** Understood and deliberately not recorded (a GitHub push, an `inactive` deployment status). */
export const sendIgnored = (res: ServerResponse, reason: string): void => sendJson(res, 202, { ignored: true, reason });

/** How long a sender is asked to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database (or Slack, or a tracker sitrep asked) is unreachable: 503 with Retry-After, a temporary failure the
 * sender should retry rather than a bug (a 500). Each delivery is taken once by its id, so retrying one that was
 * taken after all is harmless.
 */
export const sendUnavailable = (res: ServerResponse, what: 'database' | 'Slack or the tracker' = 'database'): void => {
  res.setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  sendJson(res, 503, { error: `${what} unavailable`, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
};
