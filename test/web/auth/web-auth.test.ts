import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_OIDC_CLIENT, FAKE_OTHER_TEAM_ID, type FakeSlack } from '../../../demo/fake-slack/fake-slack.ts';
import { type FakeSlackServer, startFakeSlackServer } from '../../../demo/fake-slack/fake-slack-server.ts';
import { FAKE_TEAM_ID } from '../../../demo/fake-slack/fake-slack-types.ts';
import { type Browser, createBrowser } from '../../../demo/web-browser.ts';
import { createWebAuth, type WebAuth, type WebSession } from '../../../src/web/auth/create-web-auth.ts';
import { captureLogs } from '../../support/log-capture.ts';
import { createTestClock } from '../../support/test-clock.ts';

const ALICE = { id: 'U0ALICE001', name: 'alice', real_name: 'Alice Martin' };
const MALLORY = { id: 'U0MALLORY1', name: 'mallory', real_name: 'Mallory Other', team_id: FAKE_OTHER_TEAM_ID };
const SESSION_SECRET = 'a-session-secret-of-at-least-32-characters';
const TWELVE_HOURS_MS = 12 * 60 * 60_000;

type Sitrep = { origin: string; close: () => Promise<void> };

/** A tiny web app: the auth routes and one protected page that shows the session and takes a form. */
const buildApp = (auth: WebAuth) => {
  const app = new Hono<{ Variables: { session: WebSession } }>();
  app.route('/', auth.routes);
  app.get('/private', auth.requireSession, (c) => {
    const session = c.get('session');
    return c.text(`hello ${session.name} (${session.userId} of ${session.teamId}) csrf=${session.csrf}`);
  });
  app.post('/private', auth.requireSession, auth.checkCsrf, async (c) => {
    const form = await c.req.parseBody();
    return c.text(`saved ${String(form.note)}`);
  });
  return app;
};

/** Listens first, so that PUBLIC_URL can be the address it got. */
const startSitrep = async (makeApp: (origin: string) => Hono<{ Variables: { session: WebSession } }>) => {
  let app: Hono<{ Variables: { session: WebSession } }> | undefined;
  const server: Server = createServer(
    getRequestListener((request) => app?.fetch(request) ?? new Response(null, { status: 503 })),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = makeApp(origin);
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { origin, close } satisfies Sitrep;
};

let slack: FakeSlackServer;
let fake: FakeSlack;
let sitrep: Sitrep;
const clock = createTestClock();
const logs = captureLogs('info');

beforeAll(async () => {
  slack = await startFakeSlackServer();
  fake = slack.fake;
  fake.addUser(ALICE);
  fake.addUser(MALLORY);
  sitrep = await startSitrep((origin) =>
    buildApp(
      createWebAuth({
        config: {
          enabled: true,
          publicUrl: origin,
          sessionSecret: SESSION_SECRET,
          clientId: FAKE_OIDC_CLIENT.id,
          clientSecret: FAKE_OIDC_CLIENT.secret,
          issuer: slack.oidcIssuer,
        },
        teamId: async () => FAKE_TEAM_ID,
        now: clock.now,
        logger: logs.logger,
      }),
    ),
  );
});

afterAll(async () => {
  await sitrep?.close();
  await slack?.close();
});

let browser: Browser;
beforeEach(() => {
  clock.set(new Date());
  fake.signInAs(ALICE.id);
  browser = createBrowser(sitrep.origin);
});

const signIn = async (path = '/private') => browser.visit(path);

/** The session's CSRF token, as the protected page shows it. */
const csrfOf = async (): Promise<string> => {
  const { response } = await browser.visit('/private');
  return /csrf=(\S+)/.exec(await response.text())?.[1] ?? '';
};

describe('Sign in with Slack', () => {
  it('lets a member of the workspace in, through Slack and back to the page they asked for', async () => {
    const { response, hops } = await signIn('/private?tab=open');

    expect(await response.text()).toMatch(/^hello Alice Martin \(U0ALICE001 of T0TEAM\) csrf=\S{40,}$/);
    const [asked, signInPage, authorize, callback, back] = hops.map((hop) => new URL(hop));
    expect(asked?.pathname).toBe('/private');
    expect(`${signInPage?.pathname}${signInPage?.search}`).toBe('/auth/sign-in?next=%2Fprivate%3Ftab%3Dopen');
    expect(authorize?.origin).toBe(slack.url);
    expect(Object.fromEntries(authorize?.searchParams ?? [])).toMatchObject({
      client_id: FAKE_OIDC_CLIENT.id,
      response_type: 'code',
      scope: 'openid profile',
      redirect_uri: `${sitrep.origin}/auth/slack/callback`,
      code_challenge_method: 'S256',
      team: FAKE_TEAM_ID,
    });
    expect(authorize?.searchParams.get('state')).toBe(callback?.searchParams.get('state'));
    expect(callback?.searchParams.get('code')).toBeTruthy();
    expect(`${back?.pathname}${back?.search}`).toBe('/private?tab=open');
    expect(fake.callsTo('openid.connect.token').map((call) => call.ok)).toContain(true);
    expect(fake.callsTo('openid.connect.userInfo').at(-1)?.ok).toBe(true);
  });

  it('keeps the session in a signed, HttpOnly, SameSite=Lax cookie for twelve hours, not Secure over http', async () => {
    const started = await browser.request('/auth/sign-in');
    expect(started.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^sitrep_sign_in=[^;]+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/),
    ]);
    const atSlack = await browser.request(started.headers.get('location') ?? '');
    const back = await browser.request(atSlack.headers.get('location') ?? '');
    expect(back.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^sitrep_sign_in=; Max-Age=0; /),
      expect.stringMatching(/^sitrep_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/),
    ]);
  });

  it('refuses a member of another workspace with a page saying so, and sets no session', async () => {
    fake.signInAs(MALLORY.id);
    const { response } = await signIn();

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This sitrep belongs to another Slack workspace');
    expect(browser.jar.has('sitrep_session')).toBe(false);
    expect((await browser.request('/private')).status).toBe(302);
  });

  it('refuses a forged state, and a callback reached without starting the sign-in in this browser', async () => {
    const started = await browser.request('/auth/sign-in');
    const atSlack = await browser.request(started.headers.get('location') ?? '');
    const callback = new URL(atSlack.headers.get('location') ?? '');
    callback.searchParams.set('state', 'forged-by-someone-else');

    const forged = await browser.request(callback.href);
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await forged.text()).toContain('This sign-in link does not work');

    const elsewhere = await createBrowser(sitrep.origin).request(callback.href);
    expect(elsewhere.status).toBe(403);
    expect(browser.jar.has('sitrep_session')).toBe(false);
    const code = callback.searchParams.get('code');
    expect(fake.callsTo('openid.connect.token').filter((call) => call.params.code === code)).toEqual([]);
  });

  it('refuses a code used twice: Slack answers invalid_code and no second session is made', async () => {
    const started = await browser.request('/auth/sign-in');
    const signInCookie = browser.jar.get('sitrep_sign_in') ?? '';
    const atSlack = await browser.request(started.headers.get('location') ?? '');
    const callback = atSlack.headers.get('location') ?? '';
    expect((await browser.request(callback)).status).toBe(302);

    const replay = createBrowser(sitrep.origin);
    replay.jar.set('sitrep_sign_in', signInCookie);
    const again = await replay.request(callback);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Sign-in failed');
    expect(replay.jar.has('sitrep_session')).toBe(false);
    expect(fake.callsTo('openid.connect.token').at(-1)?.error).toBe('invalid_code');
    expect(logs.text()).toContain('Slack said invalid_code');
  });

  it('fails readably when Slack refuses the app’s credentials (a rotated client secret)', async () => {
    fake.configureOidcClient({ secret: 'f'.repeat(32) });
    try {
      const { response } = await signIn();
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('Sign-in failed');
      expect(fake.callsTo('openid.connect.token').at(-1)?.error).toBe('bad_client_secret');
    } finally {
      fake.configureOidcClient({ secret: FAKE_OIDC_CLIENT.secret });
    }
  });

  it('shows a page, not an error, when the person clicks Cancel at Slack', async () => {
    fake.signInAs(ALICE.id, { allow: false });
    const { response } = await signIn();
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Sign-in cancelled');
  });

  it.each(['//evil.example/phish', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)'])(
    'ignores next=%j and lands on / instead',
    async (next) => {
      const { hops } = await browser.visit(`/auth/sign-in?next=${encodeURIComponent(next)}`);
      expect(hops.at(-1)).toBe(`${sitrep.origin}/`);
    },
  );
});

describe('the session', () => {
  it('takes a form with the session’s CSRF token and refuses one without it', async () => {
    await signIn();
    const csrf = await csrfOf();
    const post = (body: URLSearchParams | FormData, headers: Record<string, string> = {}) =>
      browser.request('/private', { method: 'POST', body, headers });

    const without = await post(new URLSearchParams({ note: 'hi' }));
    expect(without.status).toBe(403);
    expect(await without.text()).toContain('This form has expired');
    expect((await post(new URLSearchParams({ note: 'hi', csrf: `${csrf}x` }))).status).toBe(403);

    const ok = await post(new URLSearchParams({ note: 'hi', csrf }));
    expect([ok.status, await ok.text()]).toEqual([200, 'saved hi']);
    const multipart = new FormData();
    multipart.set('csrf', csrf);
    multipart.set('note', 'multi');
    expect(await (await post(multipart)).text()).toBe('saved multi');

    expect((await post(new URLSearchParams({ note: 'hi', csrf }), { origin: 'https://evil.example' })).status).toBe(
      403,
    );
    const json = await browser.request('/private', {
      method: 'POST',
      body: JSON.stringify({ csrf }),
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(403);
  });

  it('ends after twelve hours: a page sends the person to sign in again, a form gets 401', async () => {
    await signIn();
    const csrf = await csrfOf();
    clock.advance(TWELVE_HOURS_MS - 1000);
    expect((await browser.request('/private')).status).toBe(200);
    clock.advance(1000);

    const page = await browser.request('/private?x=1');
    expect([page.status, page.headers.get('location')]).toEqual([302, '/auth/sign-in?next=%2Fprivate%3Fx%3D1']);
    const form = await browser.request('/private', { method: 'POST', body: new URLSearchParams({ csrf }) });
    expect(form.status).toBe(401);
  });

  it('is refused when the cookie was changed: the signature no longer matches', async () => {
    await signIn();
    const cookie = decodeURIComponent(browser.jar.get('sitrep_session') ?? '');
    const [payload = '', signature = ''] = cookie.split('.');
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...session, userId: 'U0SOMEONE1' })).toString('base64url');
    browser.jar.set('sitrep_session', encodeURIComponent(`${forged}.${signature}`));

    const response = await browser.request('/private');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^\/auth\/sign-in\?next=/);
  });

  it('signs out with the CSRF token only, and then asks to sign in again', async () => {
    await signIn();
    const csrf = await csrfOf();
    expect((await browser.request('/auth/sign-out', { method: 'POST', body: new URLSearchParams({}) })).status).toBe(
      403,
    );

    const out = await browser.request('/auth/sign-out', { method: 'POST', body: new URLSearchParams({ csrf }) });
    expect([out.status, out.headers.get('location')]).toEqual([303, '/auth/signed-out']);
    expect(browser.jar.has('sitrep_session')).toBe(false);
    expect((await browser.request('/private')).status).toBe(302);
    expect(await (await browser.request('/auth/signed-out')).text()).toContain('You are signed out');
  });
});

describe('behind https', () => {
  const config = (issuer: string) => ({
    enabled: true as const,
    publicUrl: 'https://sitrep.example.com',
    sessionSecret: SESSION_SECRET,
    clientId: FAKE_OIDC_CLIENT.id,
    clientSecret: FAKE_OIDC_CLIENT.secret,
    issuer,
  });

  it('makes the cookies Secure and __Host- prefixed, and sends Slack back to PUBLIC_URL', async () => {
    const auth = createWebAuth({
      config: config(slack.oidcIssuer),
      teamId: async () => FAKE_TEAM_ID,
      now: clock.now,
      logger: logs.logger,
    });
    const response = await buildApp(auth).request('http://10.0.0.7:3000/auth/sign-in');
    expect(response.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^__Host-sitrep_sign_in=[^;]+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/),
    ]);
    const authorize = new URL(response.headers.get('location') ?? '');
    expect(authorize.searchParams.get('redirect_uri')).toBe('https://sitrep.example.com/auth/slack/callback');
  });

  it('answers a page when Slack cannot be reached, and discovers again on the next sign-in', async () => {
    let calls = 0;
    const auth = createWebAuth({
      config: config(slack.oidcIssuer),
      teamId: async () => FAKE_TEAM_ID,
      now: clock.now,
      fetch: (input, init) => {
        calls += 1;
        return calls === 1 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init);
      },
      logger: logs.logger,
    });
    const app = buildApp(auth);
    const down = await app.request('https://sitrep.example.com/auth/sign-in');
    expect(down.status).toBe(502);
    expect(await down.text()).toContain('Slack cannot be reached');
    expect((await app.request('https://sitrep.example.com/auth/sign-in')).status).toBe(302);
    expect((await app.request('https://sitrep.example.com/auth/sign-in')).status).toBe(302);
    expect(calls).toBe(2);
  });
});
