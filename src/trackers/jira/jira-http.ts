import { z } from 'zod';
import { readRetryAfterMs } from '../../domain/outbox/service-error.ts';
import { TrackerError } from '../../domain/trackers/tracker.ts';

/** A Jira Cloud site and the account sitrep acts as: its email and an API token (Basic auth). */
export type JiraConnection = {
  /** The site, such as https://acme.atlassian.net (no trailing slash). */
  url: string;
  email: string;
  /** The clock a Retry-After date is read against. */
  now: () => Date;
  token: string;
};

export type JiraRequest = {
  connection: JiraConnection;
  method: 'GET' | 'POST' | 'PUT';
  /** Under the site, with its query: `/rest/api/3/issue/PAY-7?fields=status`. */
  path: string;
  body?: unknown;
};

// Jira answers in a second or two; a hung connection must not hold the outbox's claim.
const REQUEST_TIMEOUT_MS = 10_000;

// What Jira's REST API says when it refuses: general messages, and messages by field.
const ZJiraErrorBody = z.looseObject({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
  message: z.string().optional(),
});

/** Jira answered a call with this HTTP status, other than a 2xx. */
export class JiraRefusal extends TrackerError {
  override name = 'JiraRefusal';
  readonly status: number;
  constructor(message: string, options: { status: number; transient: boolean; retryAfterMs?: number }) {
    super(message, options);
    this.status = options.status;
  }
}

/** Whether a call failed because Jira has no such thing (an account deleted since). */
export const isNotFound = (error: unknown): boolean => error instanceof JiraRefusal && error.status === 404;

const describeRefusal = async ({ response, method, path }: { response: Response; method: string; path: string }) => {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A 401 from Jira's edge is a sentence of plain text; an HTML error page says nothing worth keeping.
    body = /^[^<]{1,200}$/.test(text.trim()) ? { message: text.trim() } : undefined;
  }
  const refusal = ZJiraErrorBody.safeParse(body).data;
  const details = [
    ...(refusal?.errorMessages ?? []),
    ...Object.entries(refusal?.errors ?? {}).map(([field, message]) => `${field}: ${message}`),
    ...(refusal?.message === undefined ? [] : [refusal.message]),
  ].filter((detail) => detail !== '');
  const route = path.split('?')[0];
  return `Jira answered ${response.status} to ${method} ${route}${details.length > 0 ? `: ${details.join('; ')}` : ''}`;
};

/**
 * One call to Jira's REST API as the connection's account. Returns the answer when it is a 2xx; throws a
 * `TrackerError` otherwise (a `JiraRefusal` when Jira answered; transient for a 429, a 5xx, a timeout or a network
 * error). The token never appears in an error: it travels only in the Authorization header.
 */
const sendToJira = async ({ connection, method, path, body }: JiraRequest): Promise<Response> => {
  const credentials = Buffer.from(`${connection.email}:${connection.token}`).toString('base64');
  let response: Response;
  try {
    // Looked up at each call, so a test's interceptor is the one used.
    response = await globalThis.fetch(`${connection.url}${path}`, {
      method,
      headers: {
        authorization: `Basic ${credentials}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const reason = error instanceof Error ? `${error.message}${cause}` : String(error);
    throw new TrackerError(`Jira could not be reached: ${reason}`, { transient: true });
  }
  if (response.ok) return response;
  // Jira gives Retry-After in seconds, on a 429 and on some 503s.
  const retryAfterMs = readRetryAfterMs(response.headers.get('retry-after'), connection.now());
  throw new JiraRefusal(await describeRefusal({ response, method, path }), {
    status: response.status,
    transient: response.status === 429 || response.status >= 500,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
};

/** A call whose answer sitrep reads: its JSON body in the shape `schema` says, or a non-transient `TrackerError`. */
export const askJira = async <T>({ schema, ...request }: JiraRequest & { schema: z.ZodType<T> }): Promise<T> => {
  const response = await sendToJira(request);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
  throw new TrackerError(
    `Jira answered ${request.method} ${request.path.split('?')[0]} in an unexpected shape (${where})`,
    {
      transient: false,
    },
  );
};

/** A call whose answer is only its status (Jira's 204 to an edit or a transition). */
export const tellJira = async (request: JiraRequest): Promise<void> => {
  const response = await sendToJira(request);
  await response.body?.cancel();
};
