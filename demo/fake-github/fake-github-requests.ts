import { z } from 'zod';

// What GitHub's REST API checks of a request body before it acts, and its answers when the body is wrong: 400
// "Problems parsing JSON", 422 "Invalid request." for a key it does not permit, a missing required key or a value of
// the wrong type (its JSON schema's words), each with `documentation_url` and `status`.

export const DOCS = {
  root: 'https://docs.github.com/rest',
  getIssue: 'https://docs.github.com/rest/issues/issues#get-an-issue',
  createIssue: 'https://docs.github.com/rest/issues/issues#create-an-issue',
  updateIssue: 'https://docs.github.com/rest/issues/issues#update-an-issue',
  createComment: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
  getUser: 'https://docs.github.com/rest/users/users#get-a-user',
  searchUsers: 'https://docs.github.com/rest/search/search#search-users',
  rateLimits: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
} as const;

/** GitHub's error body. */
export const githubError = (status: number, message: string, documentationUrl: string, extra: object = {}) =>
  new Response(JSON.stringify({ message, ...extra, documentation_url: documentationUrl, status: String(status) }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });

type FieldType = 'string' | 'string-or-null' | 'string-array' | 'title' | 'state' | 'state-reason';

const STATE_REASONS = ['completed', 'not_planned', 'duplicate', 'reopened'] as const;

const ZFieldTypes: Record<FieldType, { schema: z.ZodType; what: string }> = {
  string: { schema: z.string(), what: 'is not of type "string"' },
  'string-or-null': { schema: z.string().nullable(), what: 'is not of type "string", "null"' },
  'string-array': { schema: z.array(z.string()), what: 'is not an array of strings' },
  title: { schema: z.union([z.string(), z.number().int()]), what: 'is not of type "string", "integer"' },
  state: { schema: z.enum(['open', 'closed']), what: 'is not a member of ["open", "closed"]' },
  'state-reason': {
    schema: z.enum(STATE_REASONS).nullable(),
    what: 'is not a member of ["completed", "not_planned", "duplicate", "reopened", null]',
  },
};

type BodySpec = {
  /** The keys the endpoint takes, with what each must hold; any other key is refused. */
  fields: Record<string, FieldType>;
  required: readonly string[];
  documentationUrl: string;
};

export const CREATE_ISSUE: BodySpec = {
  fields: {
    title: 'title',
    body: 'string-or-null',
    assignee: 'string-or-null',
    labels: 'string-array',
    assignees: 'string-array',
    milestone: 'string-or-null',
    type: 'string-or-null',
  },
  required: ['title'],
  documentationUrl: DOCS.createIssue,
};

export const UPDATE_ISSUE: BodySpec = {
  fields: { ...CREATE_ISSUE.fields, state: 'state', state_reason: 'state-reason' },
  required: [],
  documentationUrl: DOCS.updateIssue,
};

export const CREATE_COMMENT: BodySpec = {
  fields: { body: 'string' },
  required: ['body'],
  documentationUrl: DOCS.createComment,
};

const ZBody = z.record(z.string(), z.unknown());

export type BodyCheck = { ok: true; body: Record<string, unknown> } | { ok: false; response: Response };

/** The request's JSON body if the endpoint takes it as it is, else GitHub's refusal. */
export const checkBody = async (request: Request, spec: BodySpec): Promise<BodyCheck> => {
  const parsed = ZBody.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return { ok: false, response: githubError(400, 'Problems parsing JSON', spec.documentationUrl) };
  const body = parsed.data;
  const invalid = (detail: string) => ({
    ok: false as const,
    response: githubError(422, `Invalid request.\n\n${detail}`, spec.documentationUrl),
  });
  const unknown = Object.keys(body).find((key) => !(key in spec.fields));
  if (unknown !== undefined) return invalid(`"${unknown}" is not a permitted key.`);
  const missing = spec.required.find((key) => body[key] === undefined);
  if (missing !== undefined) return invalid(`"${missing}" wasn't supplied.`);
  for (const [key, value] of Object.entries(body)) {
    const type = ZFieldTypes[spec.fields[key] ?? 'string'];
    if (!type.schema.safeParse(value).success) {
      return invalid(`For 'properties/${key}', ${JSON.stringify(value)} ${type.what}.`);
    }
  }
  return { ok: true, body };
};

/** `state_reason` as the body gave it, once `checkBody` has passed it. */
export const stateReasonOf = (value: unknown) => STATE_REASONS.find((reason) => reason === value) ?? null;
