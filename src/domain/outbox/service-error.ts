/**
 * A service other than Slack (PagerDuty, an issue tracker) did not take a call: `transient` for a 429, a 5xx, a
 * timeout or a network error (tried again, after `retryAfterMs` when the service said), otherwise the request itself
 * is wrong (a key, a token or a field the service refuses), which a person must see to.
 */
export class ServiceError extends Error {
  override name = 'ServiceError';
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, { transient, retryAfterMs }: { transient: boolean; retryAfterMs?: number }) {
    super(message);
    this.transient = transient;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * How long a `Retry-After` header asks to wait, in milliseconds from `now`: seconds, or an HTTP date; undefined when
 * it is absent or unreadable.
 *
 * @example readRetryAfterMs('30', now) // 30_000
 * @example readRetryAfterMs('Wed, 09 Dec 2026 10:00:30 GMT', new Date('2026-12-09T10:00:00Z')) // 30_000
 */
export const readRetryAfterMs = (value: string | null | undefined, now: Date): number | undefined => {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(seconds, 0) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(at - now.getTime(), 0);
};

/**
 * Why a request never got an answer (a timeout, a refused connection, an unknown host), with the cause fetch wraps.
 *
 * @example describeUnreachable(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND x') }))
 *   // => 'fetch failed: getaddrinfo ENOTFOUND x'
 */
export const describeUnreachable = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
};
