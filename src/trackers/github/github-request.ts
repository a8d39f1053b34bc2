import { z } from 'zod';
import { readRetryAfterMs } from '../../domain/outbox/service-error.ts';
import { TrackerError } from '../../domain/trackers/tracker.ts';

export type GithubConnection = {
  /** https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  /** For a rate limit that says when it resets (`x-ratelimit-reset`) rather than how long to wait. */
  now: () => Date;
};

export type GithubRequest<T> = {
  connection: GithubConnection;
  method: 'GET' | 'POST' | 'PATCH';
  /** Below the API's root, each segment already encoded: `/repos/acme/web/issues/12`. */
  path: string;
  body?: unknown;
  /** What a 2xx answer must hold. */
  answer: z.ZodType<T>;
};

const TIMEOUT_MS = 10_000;
const MAX_MESSAGE_CHARS = 200;

const ZGithubError = z.object({ message: z.string() });

/**
 * How long GitHub asked to wait: `retry-after` (seconds, or an HTTP date) when it is there, else until
 * `x-ratelimit-reset` (epoch seconds) when the primary rate limit is spent.
 */
const retryAfterMsOf = ({ headers, now }: { headers: Headers; now: Date }): number | undefined => {
  const asked = readRetryAfterMs(headers.get('retry-after'), now);
  if (asked !== undefined) return asked;
  const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
  if (headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset)) {
    return Math.max(0, reset * 1000 - now.getTime());
  }
  return undefined;
};

/**
 * A 403 is a rate limit, not a refusal, when GitHub says so in its headers: the secondary limits answer 403 with
 * `retry-after`, the primary one with `x-ratelimit-remaining: 0`.
 */
const isRateLimited = (response: Response): boolean =>
  response.status === 429 ||
  (response.status === 403 &&
    (response.headers.has('retry-after') || response.headers.get('x-ratelimit-remaining') === '0'));

/** GitHub's own words (`Not Found`, `Validation Failed`), cut short: they never hold the token. */
const githubMessageOf = async (response: Response): Promise<string> => {
  const parsed = ZGithubError.safeParse(await response.json().catch(() => undefined));
  return parsed.success ? parsed.data.message.slice(0, MAX_MESSAGE_CHARS) : response.statusText;
};

/** GitHub refused a call with this HTTP status. */
export class GithubRefusal extends TrackerError {
  override name = 'GithubRefusal';
  readonly status: number;
  constructor(message: string, options: { status: number; transient: boolean; retryAfterMs?: number }) {
    super(message, options);
    this.status = options.status;
  }
}

const refusalOf = async ({ response, what, now }: { response: Response; what: string; now: Date }) => {
  const { status } = response;
  const message = `GitHub answered ${status} to ${what}: ${await githubMessageOf(response)}`;
  if (isRateLimited(response) || status >= 500) {
    const retryAfterMs = retryAfterMsOf({ headers: response.headers, now });
    return new GithubRefusal(message, {
      status,
      transient: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return new GithubRefusal(message, { status, transient: false });
};

/** The fetch itself: an answer, or a transient TrackerError for a timeout or a network failure. */
const send = async ({ request, what }: { request: GithubRequest<unknown>; what: string }) => {
  const { apiUrl, token } = request.connection;
  try {
    return await globalThis.fetch(`${apiUrl}${request.path}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'sitrep',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    // The error's own message may quote the request; its name (TimeoutError, TypeError) says enough.
    const name = error instanceof Error ? error.name : 'error';
    throw new TrackerError(`GitHub did not answer ${what} (${name})`, { transient: true });
  }
};

/** The answer's JSON (undefined when it is not JSON); a body cut off on the way is as transient as no answer. */
const readJson = async ({ response, what }: { response: Response; what: string }): Promise<unknown> => {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const name = error instanceof Error ? error.name : 'error';
    throw new TrackerError(`GitHub's answer to ${what} was cut off (${name})`, { transient: true });
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * One call to GitHub's REST API: its answer parsed by `request.answer`, or a `TrackerError` (a `GithubRefusal` when
 * GitHub answered; transient for a rate limit, a 5xx, a timeout or a network failure, otherwise not).
 */
export const callGithub = async <T>(request: GithubRequest<T>): Promise<T> => {
  const what = `${request.method} ${request.path.split('?')[0]}`;
  const response = await send({ request, what });
  if (!response.ok) throw await refusalOf({ response, what, now: request.connection.now() });
  const parsed = request.answer.safeParse(await readJson({ response, what }));
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
    throw new TrackerError(`GitHub answered ${what} with an unexpected body (${paths})`, { transient: false });
  }
  return parsed.data;
};

/** Whether a call failed because GitHub has no such thing (a user deleted since). */
export const isNotFound = (error: unknown): boolean => error instanceof GithubRefusal && error.status === 404;
