import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { send, toRequest } from '../serve-fake.ts';
import type { FakeSlack } from './fake-slack.ts';
import { createFakeSlack } from './fake-slack.ts';
import { attachSocketMode, type FakeSocketMode } from './fake-socket-mode.ts';
import {
  answerApiCall,
  answerOidcPage,
  answerResponsePost,
  answerUpload,
  bearerOf,
  toResponse,
} from './http-bridge.ts';

export type FakeSlackServerOptions = { port?: number; host?: string; fake?: FakeSlack };

export type FakeSlackServer = {
  /** e.g. http://127.0.0.1:4390 */
  url: string;
  /** For SLACK_API_URL / WebClient's slackApiUrl, with its trailing slash. */
  apiUrl: string;
  /** Sign in with Slack's issuer (SLACK_OIDC_ISSUER): the discovery document is under it. */
  oidcIssuer: string;
  /** Where response URLs live (`fake.newResponseUrl` mints them here). */
  responseUrlBase: string;
  fake: FakeSlack;
  /** Socket Mode: what an app started with SLACK_APP_TOKEN connects to, and how to send it envelopes. */
  socketMode: FakeSocketMode;
  /** From now on, a post to a response URL is answered only after `ms` (Slack on a bad day). */
  slowResponseUrls: (ms: number) => void;
  /** From now on, a Web API call is answered only after `ms`, whatever it is (Slack slow to do the work). */
  slowApiCalls: (ms: number) => void;
  close: () => Promise<void>;
};

const ZFailRequest = z.object({
  fault: z.union([
    z.object({ status: z.literal(429), retryAfterSeconds: z.number().int().nonnegative() }),
    z.object({ status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]) }),
    z.object({ error: z.string().min(1) }),
  ]),
  methods: z.array(z.string()).optional(),
  count: z.number().int().positive().optional(),
});
const ZUserSeed = z.object({
  id: z.string().regex(/^[UW][A-Z0-9]+$/),
  name: z.string().min(1),
  tz: z.string().optional(),
  real_name: z.string().optional(),
  email: z.string().optional(),
  is_bot: z.boolean().optional(),
  deleted: z.boolean().optional(),
  guest: z.enum(['multi-channel', 'single-channel']).optional(),
  team_id: z
    .string()
    .regex(/^T[A-Z0-9]+$/)
    .optional(),
});
const ZBrowserUserRequest = z.object({ user: z.string(), allow: z.boolean().optional() });
const ZSettingsRequest = z.object({ channelCreationRestricted: z.boolean() });
const ZChannelSeed = z.object({
  id: z.string().optional(),
  name: z.string().min(1),
  is_private: z.boolean().optional(),
  is_archived: z.boolean().optional(),
  members: z.array(z.string()).optional(),
  topic: z.string().optional(),
  purpose: z.string().optional(),
});
const ZResponseUrlRequest = z.object({ channel: z.string(), user: z.string(), messageTs: z.string().optional() });
const ZTriggerRequest = z.object({ user: z.string() });

const json = (body: unknown, status = 200) => toResponse({ status, body });

/** Control endpoints under /_fake/ for a test that drives another process (e.g. `npm start`). */
const control = async (fake: FakeSlack, request: Request, path: string): Promise<Response> => {
  const read = async <T>(schema: z.ZodType<T>): Promise<T | Response> => {
    const parsed = schema.safeParse(await request.json().catch(() => undefined));
    return parsed.success ? parsed.data : json({ ok: false, error: z.prettifyError(parsed.error) }, 400);
  };
  const route = `${request.method} ${path}`;
  if (route === 'GET /_fake/state') return json(fake.snapshot());
  if (route === 'GET /_fake/calls') return json(fake.calls);
  if (route === 'GET /_fake/transcript') return toResponse({ status: 200, body: `${fake.transcript()}\n` });
  if (route === 'POST /_fake/recover') {
    fake.recover();
    return json({ ok: true });
  }
  if (route === 'POST /_fake/fail') {
    const body = await read(ZFailRequest);
    if (body instanceof Response) return body;
    fake.failWith(body.fault, {
      ...(body.methods ? { methods: body.methods } : {}),
      ...(body.count ? { count: body.count } : {}),
    });
    return json({ ok: true });
  }
  if (route === 'POST /_fake/users') {
    const body = await read(ZUserSeed);
    return body instanceof Response ? body : json({ ok: true, user: fake.addUser(body) });
  }
  if (route === 'POST /_fake/browser-user') {
    const body = await read(ZBrowserUserRequest);
    if (body instanceof Response) return body;
    try {
      fake.signInAs(body.user, body.allow === undefined ? {} : { allow: body.allow });
    } catch (error) {
      return json({ ok: false, error: String(error) }, 400);
    }
    return json({ ok: true });
  }
  if (route === 'POST /_fake/settings') {
    const body = await read(ZSettingsRequest);
    if (body instanceof Response) return body;
    fake.restrictChannelCreation(body.channelCreationRestricted);
    return json({ ok: true });
  }
  if (route === 'POST /_fake/channels') {
    const body = await read(ZChannelSeed);
    return body instanceof Response ? body : json({ ok: true, channel: fake.addChannel(body) });
  }
  if (route === 'POST /_fake/response-urls') {
    const body = await read(ZResponseUrlRequest);
    return body instanceof Response ? body : json({ ok: true, url: fake.newResponseUrl(body) });
  }
  if (route === 'POST /_fake/trigger-ids') {
    const body = await read(ZTriggerRequest);
    return body instanceof Response ? body : json({ ok: true, trigger_id: fake.newTriggerId(body.user) });
  }
  return json({ ok: false, error: 'not_found' }, 404);
};

type Routing = { fake: FakeSlack; socketMode: FakeSocketMode; responseDelayMs: () => number; apiDelayMs: () => number };

const route = async (
  { fake, socketMode, responseDelayMs, apiDelayMs }: Routing,
  request: Request,
): Promise<Response> => {
  const path = new URL(request.url).pathname;
  const api = /^\/api\/([\w.]+)$/.exec(path);
  if (api?.[1] === 'apps.connections.open' && request.method === 'POST')
    return json(socketMode.open(bearerOf(request)));
  if (api?.[1] && (request.method === 'POST' || request.method === 'GET')) {
    const delayMs = apiDelayMs();
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return answerApiCall({ fake, method: api[1], request });
  }
  const upload = /^\/upload\/(\w+)$/.exec(path);
  if (upload?.[1] && request.method === 'POST') return answerUpload({ fake, fileId: upload[1], request });
  if (/^\/response\/\w+$/.test(path) && request.method === 'POST') {
    const delayMs = responseDelayMs();
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return answerResponsePost({ fake, request });
  }
  if (path.startsWith('/_fake/')) return control(fake, request, path);
  return answerOidcPage({ fake, request }) ?? json({ ok: false, error: 'not_found' }, 404);
};

/** The fake Slack over real HTTP, for a sitrep process started with SLACK_API_URL=<apiUrl>. */
export const startFakeSlackServer = async ({
  port = 0,
  host = '127.0.0.1',
  fake = createFakeSlack(),
}: FakeSlackServerOptions = {}): Promise<FakeSlackServer> => {
  let base = '';
  let responseDelayMs = 0;
  let apiDelayMs = 0;
  const server = createServer((incoming, outgoing) => {
    toRequest(incoming, base)
      .then((request) =>
        route({ fake, socketMode, responseDelayMs: () => responseDelayMs, apiDelayMs: () => apiDelayMs }, request),
      )
      .catch((error: unknown) => json({ ok: false, error: 'fatal_error', detail: String(error) }, 500))
      .then((response) => send(response, outgoing))
      .catch(() => outgoing.destroy());
  });
  const socketMode = attachSocketMode(server, () => base);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake Slack: expected a TCP address');
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base = `http://${hostPart}:${address.port}`;
  fake.setUrls({ responseUrlBase: `${base}/response/`, uploadUrlBase: `${base}/upload/`, oidcIssuer: base });
  return {
    url: base,
    apiUrl: `${base}/api/`,
    oidcIssuer: base,
    responseUrlBase: `${base}/response/`,
    fake,
    socketMode,
    slowResponseUrls: (ms) => {
      responseDelayMs = ms;
    },
    slowApiCalls: (ms) => {
      apiDelayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        socketMode.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};

if (import.meta.main) {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } },
  });
  const running = await startFakeSlackServer({ port: Number(values.port), host: values.host });
  process.stdout.write(`${running.apiUrl}\n`);
  process.stderr.write(`fake Slack: state ${running.url}/_fake/state, transcript ${running.url}/_fake/transcript\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
