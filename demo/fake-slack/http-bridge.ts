import { z } from 'zod';
import type { FakeSlack } from './fake-slack.ts';
import type { SlackAnswer, SlackParams } from './fake-slack-types.ts';

// Fetch-API glue shared by the msw handlers and the node:http server: both hand a `Request` here and send back
// the `Response`, so the two transports cannot drift apart.

/** Arguments Slack documents as JSON; WebClient sends them as JSON strings inside form bodies. */
const JSON_VALUED_PARAMS = new Set([
  'attachments',
  'blocks',
  'changes',
  'document_content',
  'files',
  'metadata',
  'title_content',
  'unfurls',
  'view',
]);

const ZJsonObject = z.record(z.string(), z.unknown());

const decodeJsonValue = (key: string, value: unknown) => {
  if (!JSON_VALUED_PARAMS.has(key) || typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    // Left as text: the method answers invalid_blocks_format / invalid_arguments, as Slack would.
    return value;
  }
};

const readBodyParams = async (request: Request): Promise<SlackParams | 'invalid_json'> => {
  if (request.method === 'GET' || request.method === 'HEAD') return {};
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.includes('multipart/form-data')) {
    const form = await request.formData();
    return Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  const text = await request.text();
  if (!contentType.includes('application/json')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed = ZJsonObject.safeParse(text === '' ? {} : JSON.parse(text));
    return parsed.success ? parsed.data : 'invalid_json';
  } catch {
    return 'invalid_json';
  }
};

export const bearerOf = (request: Request) => {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
};

/** The Web API arguments of a request: query string plus form, multipart or JSON body, JSON fields decoded. */
export const readApiCall = async (request: Request) => {
  const body = await readBodyParams(request);
  if (body === 'invalid_json') return { error: 'invalid_json' } as const;
  const merged: SlackParams = { ...Object.fromEntries(new URL(request.url).searchParams), ...body };
  const params = Object.fromEntries(Object.entries(merged).map(([key, value]) => [key, decodeJsonValue(key, value)]));
  const token = bearerOf(request);
  return { params, ...(token ? { token } : {}) };
};

export const toResponse = (answer: SlackAnswer): Response => {
  const isText = typeof answer.body === 'string';
  const contentType = isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  const body = isText ? String(answer.body) : JSON.stringify(answer.body);
  return new Response(body, { status: answer.status, headers: { 'content-type': contentType, ...answer.headers } });
};

export const answerApiCall = async ({
  fake,
  method,
  request,
}: {
  fake: FakeSlack;
  method: string;
  request: Request;
}) => {
  const call = await readApiCall(request);
  if ('error' in call) return toResponse({ status: 200, body: { ok: false, error: call.error } });
  return toResponse(fake.handle(method, call.params, call.token ? { token: call.token } : {}));
};

/** Bolt's `respond()` posts JSON; a form-encoded `payload=` is accepted too. */
export const answerResponsePost = async ({ fake, request }: { fake: FakeSlack; request: Request }) => {
  const text = await request.text();
  const payload = (request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')
    ? (new URLSearchParams(text).get('payload') ?? '')
    : text;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return toResponse({ status: 400, body: { ok: false, error: 'invalid_payload' } });
  }
  return toResponse(fake.recordResponse({ url: request.url, body }));
};

/** WebClient uploads as multipart (one file part); raw bodies are accepted too. */
export const answerUpload = async ({
  fake,
  fileId,
  request,
}: {
  fake: FakeSlack;
  fileId: string;
  request: Request;
}) => {
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.includes('multipart/form-data')) {
    const form = await request.formData();
    const file = [...form.values()].find((value): value is File => typeof value !== 'string');
    const bytes = file ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    return toResponse(fake.receiveUpload(fileId, bytes));
  }
  return toResponse(fake.receiveUpload(fileId, new Uint8Array(await request.arrayBuffer())));
};

/** Sign in with Slack's pages under the issuer: the discovery document, the authorize page, the keys. */
export const OIDC_PAGE_PATHS = {
  discovery: '/.well-known/openid-configuration',
  authorize: '/openid/connect/authorize',
  keys: '/openid/connect/keys',
} as const;

/** A GET of one of Sign in with Slack's pages, or undefined when the request is for something else. */
export const answerOidcPage = ({ fake, request }: { fake: FakeSlack; request: Request }): Response | undefined => {
  if (request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  const pages = fake.oidcPages;
  if (url.pathname === OIDC_PAGE_PATHS.discovery) return toResponse(pages.discovery());
  if (url.pathname === OIDC_PAGE_PATHS.authorize) return toResponse(pages.authorize(url.searchParams));
  if (url.pathname === OIDC_PAGE_PATHS.keys) return toResponse(pages.keys());
  return undefined;
};
