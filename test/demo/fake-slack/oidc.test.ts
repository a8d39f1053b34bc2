import { createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createFakeSlack,
  FAKE_OIDC_CLIENT,
  FAKE_OTHER_TEAM_ID,
  type FakeSlack,
} from '../../../demo/fake-slack/fake-slack.ts';
import { startFakeSlackServer } from '../../../demo/fake-slack/fake-slack-server.ts';
import { FAKE_TEAM_ID } from '../../../demo/fake-slack/fake-slack-types.ts';
import { setupFakeSlack } from '../../support/slack/msw-slack.ts';

const REDIRECT = 'https://sitrep.example.com/auth/slack/callback';
const VERIFIER = 'a-pkce-verifier-of-enough-length-0123456789abcdef';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

const authorizeQuery = (overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    client_id: FAKE_OIDC_CLIENT.id,
    response_type: 'code',
    scope: 'openid profile',
    redirect_uri: REDIRECT,
    state: 'st',
    nonce: 'no',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...overrides,
  });

const newFake = () => {
  const fake = createFakeSlack();
  fake.addUser({ id: 'U0ALICE001', name: 'alice', real_name: 'Alice Martin', email: 'alice@example.com' });
  fake.addUser({ id: 'U0MALLORY1', name: 'mallory', team_id: FAKE_OTHER_TEAM_ID });
  return fake;
};

/** The code the authorize page sends back, for whoever is at the browser. */
const authorize = (fake: FakeSlack, overrides: Record<string, string> = {}) => {
  const answer = fake.oidcPages.authorize(authorizeQuery(overrides));
  return new URL(String(z.object({ location: z.string() }).parse(answer.headers).location));
};

const exchange = (fake: FakeSlack, code: string, overrides: Record<string, string> = {}) =>
  fake.handle('openid.connect.token', {
    grant_type: 'authorization_code',
    client_id: FAKE_OIDC_CLIENT.id,
    client_secret: FAKE_OIDC_CLIENT.secret,
    code,
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
    ...overrides,
  }).body;

const ZTokens = z.object({ ok: z.literal(true), access_token: z.string(), id_token: z.string() });

describe('the fake Slack’s Sign in with Slack', () => {
  it('sends whoever is at the browser back with a code, whose id_token Slack’s keys verify', async () => {
    const fake = newFake();
    fake.signInAs('U0ALICE001');
    const back = authorize(fake);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st');

    const tokens = ZTokens.parse(exchange(fake, back.searchParams.get('code') ?? ''));
    const keys = createLocalJWKSet(z.object({ keys: z.array(z.any()) }).parse(fake.oidcPages.keys().body));
    const { payload } = await jwtVerify(tokens.id_token, keys, {
      issuer: 'https://slack.com',
      audience: FAKE_OIDC_CLIENT.id,
    });
    expect(payload).toMatchObject({
      sub: 'U0ALICE001',
      nonce: 'no',
      name: 'Alice Martin',
      'https://slack.com/user_id': 'U0ALICE001',
      'https://slack.com/team_id': FAKE_TEAM_ID,
    });
    expect(payload).not.toHaveProperty('email');
    expect(fake.handle('openid.connect.userInfo', {}, { token: tokens.access_token }).body).toMatchObject({
      ok: true,
      sub: 'U0ALICE001',
      name: 'Alice Martin',
    });
  });

  it('signs in a person of another workspace with that workspace’s team id, whom the Web API does not know', () => {
    const fake = newFake();
    fake.signInAs('U0MALLORY1');
    const tokens = ZTokens.parse(exchange(fake, authorize(fake).searchParams.get('code') ?? ''));
    expect(fake.handle('openid.connect.userInfo', {}, { token: tokens.access_token }).body).toMatchObject({
      'https://slack.com/team_id': FAKE_OTHER_TEAM_ID,
    });
    expect(fake.handle('users.info', { user: 'U0MALLORY1' }, { token: 'xoxb-1' }).body).toMatchObject({
      ok: false,
      error: 'user_not_found',
    });
  });

  it.each([
    [{ grant_type: 'refresh_token' }, 'invalid_grant_type'],
    [{ client_id: '1.2' }, 'invalid_client_id'],
    [{ client_secret: 'wrong' }, 'bad_client_secret'],
    [{ code: 'made-up' }, 'invalid_code'],
    [{ redirect_uri: 'https://evil.example/callback' }, 'bad_redirect_uri'],
    [{ code_verifier: 'another-verifier' }, 'invalid_code_verifier'],
  ])('refuses a token request with %j as Slack does (%s)', (overrides, error) => {
    const fake = newFake();
    fake.signInAs('U0ALICE001');
    const code = authorize(fake).searchParams.get('code') ?? '';
    expect(exchange(fake, code, overrides)).toEqual({ ok: false, error });
    // Presented with the wrong redirect URI or verifier, the code is spent all the same.
    const spent = error === 'bad_redirect_uri' || error === 'invalid_code_verifier';
    expect(exchange(fake, code)).toMatchObject(spent ? { ok: false, error: 'invalid_code' } : { ok: true });
  });

  it('answers a code once, and userInfo only with a token it issued', () => {
    const fake = newFake();
    fake.signInAs('U0ALICE001');
    const code = authorize(fake).searchParams.get('code') ?? '';
    expect(exchange(fake, code)).toMatchObject({ ok: true });
    expect(exchange(fake, code)).toEqual({ ok: false, error: 'invalid_code' });
    expect(fake.handle('openid.connect.userInfo', {}, { token: 'xoxp-made-up' }).body).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(fake.handle('openid.connect.userInfo', {}).body).toEqual({ ok: false, error: 'not_authed' });
  });

  it('refuses what Slack’s authorize page refuses, and sends Cancel back as access_denied', () => {
    const fake = newFake();
    expect(fake.oidcPages.authorize(authorizeQuery()).status).toBe(400);
    fake.signInAs('U0ALICE001', { allow: false });
    expect(authorize(fake).searchParams.get('error')).toBe('access_denied');
    fake.signInAs('U0ALICE001');
    expect(fake.oidcPages.authorize(authorizeQuery({ client_id: '9.9' })).body).toMatch(/invalid_client_id/);
    expect(authorize(fake, { scope: 'profile' }).searchParams.get('error')).toBe('invalid_scope');
    expect(authorize(fake, { scope: 'openid admin' }).searchParams.get('error')).toBe('invalid_scope');
    fake.configureOidcClient({ redirectUrls: ['https://sitrep.example.com/other'] });
    expect(fake.oidcPages.authorize(authorizeQuery()).body).toMatch(/bad_redirect_uri/);
    expect(() => fake.signInAs('U0NOBODY01')).toThrow(/no user/);
  });
});

describe('the fake Slack’s sign-in over HTTP', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('serves discovery under its own address and takes the browser user from /_fake/browser-user', async () => {
    const server = await startFakeSlackServer();
    close = server.close;
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}/_fake/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('users', { id: 'U0OTHER001', name: 'o', team_id: FAKE_OTHER_TEAM_ID })).status).toBe(200);
    expect((await post('browser-user', { user: 'U0OTHER001' })).status).toBe(200);
    expect((await post('browser-user', { user: 'U0NOBODY01' })).status).toBe(400);

    const discovery = await (await fetch(`${server.oidcIssuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: server.url,
      token_endpoint: `${server.url}/api/openid.connect.token`,
      jwks_uri: `${server.url}/openid/connect/keys`,
    });
    const back = await fetch(`${server.url}/openid/connect/authorize?${authorizeQuery()}`, { redirect: 'manual' });
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toMatch(/^https:\/\/sitrep\.example\.com\/auth\/slack\/callback\?code=/);
  });

  it('serves Slack’s own issuer through msw, for in-process tests', async () => {
    const slack = setupFakeSlack();
    close = async () => slack.close();
    const discovery = await (await fetch('https://slack.com/.well-known/openid-configuration')).json();
    expect(discovery).toMatchObject({
      issuer: 'https://slack.com',
      authorization_endpoint: 'https://slack.com/openid/connect/authorize',
    });
  });
});
