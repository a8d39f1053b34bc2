import { z } from 'zod';
import { readRetryAfterMs } from '../../domain/outbox/service-error.ts';
import { TrackerError } from '../../domain/trackers/tracker.ts';

// Linear answers within a second or two; a hung connection must not hold the outbox's claim.
const REQUEST_TIMEOUT_MS = 10_000;

// Linear's words can be long (a validation error lists the input); a log line and `sitrep outbox` need the gist.
const MAX_DETAIL_CHARS = 500;

const ZGraphqlError = z.looseObject({
  message: z.string().optional(),
  extensions: z
    .looseObject({
      type: z.string().optional(),
      code: z.string().optional(),
      userPresentableMessage: z.string().optional(),
    })
    .optional(),
});

type TGraphqlError = z.infer<typeof ZGraphqlError>;

const ZGraphqlAnswer = z.looseObject({
  data: z.unknown().optional(),
  errors: z.array(ZGraphqlError).optional(),
});

/** Where Linear is and who asks: a personal API key goes as-is in `Authorization`, without `Bearer`. */
export type LinearConnection = { apiUrl: string; apiKey: string; now: () => Date };

export type LinearRequest<T> = {
  /** The root field asked, for the error: `issueCreate`. */
  operation: string;
  query: string;
  variables: Record<string, unknown>;
  /** The answer's `data`, as sitrep reads it. */
  data: z.ZodType<T>;
};

/**
 * Linear refused a request. `notFound` when what it names does not exist (Linear says "Entity not found", with HTTP
 * 200): an issue sitrep created may then be looked up by its id, a user's email is then unknown.
 */
export class LinearRefusal extends TrackerError {
  readonly notFound: boolean;
  constructor(message: string, options: { transient: boolean; retryAfterMs?: number; notFound: boolean }) {
    super(message, options);
    this.notFound = options.notFound;
  }
}

/** `extensions.type` ("authentication error") or else `extensions.code` (`RATELIMITED`), in the type's spelling. */
const kindOf = (error: TGraphqlError): string =>
  (error.extensions?.type ?? error.extensions?.code ?? '').toLowerCase().replaceAll('_', ' ');

/** The kinds that pass by themselves; the others (authentication, forbidden, invalid input) need a person. */
const TRANSIENT_KINDS = new Set(['ratelimited', 'internal error', 'lock timeout', 'network error']);

const isNotFound = (error: TGraphqlError): boolean =>
  kindOf(error) === 'entity not found' || /^entity not found/i.test(error.message ?? '');

/** Seconds or an HTTP date in Retry-After, else the later of Linear's own reset instants (epoch milliseconds). */
const readRetryAfter = (headers: Headers, now: Date): number | undefined => {
  const asked = readRetryAfterMs(headers.get('retry-after'), now);
  if (asked !== undefined) return asked;
  const resets = ['x-ratelimit-requests-reset', 'x-ratelimit-complexity-reset']
    .map((name) => Number(headers.get(name) ?? Number.NaN))
    .filter((at) => Number.isFinite(at) && at > 0);
  return resets.length === 0 ? undefined : Math.max(Math.max(...resets) - now.getTime(), 0);
};

/** The key is cut out of anything Linear or the network says back, should either ever echo it. */
const withoutKey = (text: string, apiKey: string): string =>
  apiKey === '' ? text : text.replaceAll(apiKey, '[api key]');

const describeErrors = (errors: readonly TGraphqlError[]): string =>
  errors
    .map((error) => error.extensions?.userPresentableMessage ?? error.message ?? kindOf(error))
    .filter((text) => text !== '')
    .join('; ')
    .slice(0, MAX_DETAIL_CHARS);

const send = async (connection: LinearConnection, request: LinearRequest<unknown>): Promise<Response> => {
  try {
    // Looked up at each call, so a test's interceptor is the one used.
    return await globalThis.fetch(connection.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: connection.apiKey },
      body: JSON.stringify({ query: request.query, variables: request.variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const reason = error instanceof Error ? `${error.message}${cause}` : String(error);
    throw new LinearRefusal(
      withoutKey(`Linear could not be reached (${request.operation}): ${reason}`, connection.apiKey),
      {
        transient: true,
        notFound: false,
      },
    );
  }
};

/**
 * One GraphQL request to Linear, its `data` read with `request.data`. Throws a `LinearRefusal` when Linear cannot be
 * reached or says no: Linear answers many refusals with HTTP 200 and `errors`, so those are read first; a rate limit
 * (429, or `RATELIMITED` whatever the status), a 5xx, an internal error or a lock timeout is transient.
 */
export const requestLinear = async <T>(connection: LinearConnection, request: LinearRequest<T>): Promise<T> => {
  const response = await send(connection, request);
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const answer = ZGraphqlAnswer.safeParse(json);
  const errors = answer.success ? (answer.data.errors ?? []) : [];
  const statusTransient = response.status === 429 || response.status >= 500;
  if (errors.length > 0 || !response.ok) {
    const transient = statusTransient || errors.some((error) => TRANSIENT_KINDS.has(kindOf(error)));
    const retryAfterMs = transient ? readRetryAfter(response.headers, connection.now()) : undefined;
    const details = describeErrors(errors);
    const message = `Linear refused ${request.operation} (HTTP ${response.status})${details ? `: ${details}` : ''}`;
    throw new LinearRefusal(withoutKey(message, connection.apiKey), {
      transient,
      notFound: errors.some(isNotFound),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  const data = answer.success ? request.data.safeParse(answer.data.data) : undefined;
  if (!data?.success) {
    const where = data?.error.issues.map((issue) => issue.path.join('.')).join(', ') ?? 'not JSON';
    throw new LinearRefusal(`Linear answered ${request.operation} in a shape sitrep does not read (${where})`, {
      transient: false,
      notFound: false,
    });
  }
  return data.data;
};
