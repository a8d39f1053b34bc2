import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type { MethodContext } from './fake-slack-state.ts';
import type { FakeOidcState, FakeUser, SlackAnswer, SlackParams } from './fake-slack-types.ts';
import { fail, readString } from './params.ts';

/**
 * Sign in with Slack as Slack serves it (OpenID Connect): the discovery document, the authorize page, the token and
 * userInfo methods and the signing keys. The authorize page has no person to click Allow, so the fake is told who
 * is at the browser (`signInAs`), a control Slack does not have.
 */

/** The app's credentials the fake knows by default, as on the app's Basic Information page. */
export const FAKE_OIDC_CLIENT = { id: '1000000001.2000000002', secret: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' } as const;

const SCOPES = new Set(['openid', 'profile', 'email']);
const CODE_LIFETIME_MS = 10 * 60_000;
const ID_TOKEN_LIFETIME_S = 3600;

export const createOidcState = (): FakeOidcState => ({
  client: { id: FAKE_OIDC_CLIENT.id, secret: FAKE_OIDC_CLIENT.secret, redirectUrls: undefined },
  browser: undefined,
  codes: new Map(),
  accessTokens: new Map(),
});

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

const redirectTo = (location: string): SlackAnswer => ({ status: 302, headers: { location }, body: '' });
const errorPage = (text: string): SlackAnswer => ({ status: 400, body: `fake Slack: ${text}` });

export const createFakeOidc = (ctx: MethodContext) => {
  const { state } = ctx;
  let keys: { kid: string; privateKey: KeyObject; publicKey: KeyObject } | undefined;
  // One RSA key per fake, made when first needed: most tests never sign anyone in.
  const signingKey = () => {
    keys ??= { kid: `fake-${ctx.nextId('K')}`, ...generateKeyPairSync('rsa', { modulusLength: 2048 }) };
    return keys;
  };
  const issuer = () => ctx.urls.oidcIssuer.replace(/\/+$/, '');

  const findPerson = (id: string): { user: FakeUser; teamId: string } | undefined => {
    const member = state.users.get(id);
    if (member) return { user: member, teamId: state.team.id };
    return state.otherTeamUsers.get(id);
  };

  const signIdToken = (claims: Record<string, unknown>): string => {
    const { kid, privateKey } = signingKey();
    const input = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${base64url(JSON.stringify(claims))}`;
    return `${input}.${base64url(sign('sha256', Buffer.from(input), privateKey))}`;
  };

  const profileClaims = (user: FakeUser, teamId: string, scope: string[]) => ({
    'https://slack.com/user_id': user.id,
    'https://slack.com/team_id': teamId,
    ...(scope.includes('profile')
      ? { name: user.real_name, given_name: user.real_name.split(' ')[0] ?? user.real_name, locale: 'en-US' }
      : {}),
    ...(scope.includes('email') && user.email ? { email: user.email, email_verified: true } : {}),
  });

  const authorize = (query: URLSearchParams): SlackAnswer => {
    const param = (name: string) => query.get(name) ?? undefined;
    if (param('client_id') !== state.oidc.client.id) return errorPage('invalid_client_id');
    const redirectUri = param('redirect_uri');
    if (!redirectUri || !URL.canParse(redirectUri)) return errorPage('bad_redirect_uri');
    const allowed = state.oidc.client.redirectUrls;
    if (allowed && !allowed.includes(redirectUri)) return errorPage('bad_redirect_uri');
    const back = (fields: Record<string, string | undefined>) => {
      const url = new URL(redirectUri);
      for (const [key, value] of Object.entries({ ...fields, state: param('state') }))
        if (value !== undefined) url.searchParams.set(key, value);
      return redirectTo(url.href);
    };
    if (param('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
    const scope = (param('scope') ?? '').split(/[\s,]+/).filter(Boolean);
    if (!scope.includes('openid') || scope.some((name) => !SCOPES.has(name))) return back({ error: 'invalid_scope' });
    const method = param('code_challenge_method');
    if (param('code_challenge') && method !== 'S256') return back({ error: 'invalid_request' });
    const browser = state.oidc.browser;
    if (!browser) {
      return errorPage('nobody is signed in at the browser: call fake.signInAs(userId) or POST /_fake/browser-user');
    }
    if (!browser.allow) return back({ error: 'access_denied' });
    const person = findPerson(browser.user);
    if (!person) return errorPage(`no user ${browser.user}`);
    const code = `${ctx.nextId('')}.${randomBytes(16).toString('hex')}`;
    state.oidc.codes.set(code, {
      ...person,
      clientId: state.oidc.client.id,
      redirectUri,
      scope,
      nonce: param('nonce'),
      codeChallenge: param('code_challenge'),
      expiresAt: ctx.now().getTime() + CODE_LIFETIME_MS,
    });
    return back({ code });
  };

  const exchangeCode = (params: SlackParams): Record<string, unknown> => {
    if (readString(params, 'grant_type') !== 'authorization_code') fail('invalid_grant_type');
    if (readString(params, 'client_id') !== state.oidc.client.id) fail('invalid_client_id');
    if (readString(params, 'client_secret') !== state.oidc.client.secret) fail('bad_client_secret');
    const code = readString(params, 'code') ?? '';
    const grant = state.oidc.codes.get(code);
    // A code works once, whatever happens next, as Slack's do.
    state.oidc.codes.delete(code);
    if (!grant || grant.expiresAt <= ctx.now().getTime()) return fail('invalid_code');
    if (readString(params, 'redirect_uri') !== grant.redirectUri) fail('bad_redirect_uri');
    if (grant.codeChallenge !== undefined) {
      const verifier = readString(params, 'code_verifier') ?? '';
      if (base64url(createHash('sha256').update(verifier).digest()) !== grant.codeChallenge) {
        fail('invalid_code_verifier');
      }
    }
    const accessToken = `xoxp-${ctx.nextId('')}-${randomBytes(12).toString('hex')}`;
    state.oidc.accessTokens.set(accessToken, { user: grant.user, teamId: grant.teamId, scope: grant.scope });
    const now = Math.floor(ctx.now().getTime() / 1000);
    const idToken = signIdToken({
      iss: issuer(),
      sub: grant.user.id,
      aud: grant.clientId,
      exp: now + ID_TOKEN_LIFETIME_S,
      iat: now,
      auth_time: now,
      ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
      ...profileClaims(grant.user, grant.teamId, grant.scope),
    });
    return { ok: true, access_token: accessToken, token_type: 'Bearer', id_token: idToken };
  };

  const userInfo = (token: string | undefined): Record<string, unknown> => {
    if (!token) return fail('not_authed');
    const holder = state.oidc.accessTokens.get(token);
    if (!holder) return fail('invalid_auth');
    return { ok: true, sub: holder.user.id, ...profileClaims(holder.user, holder.teamId, holder.scope) };
  };

  const methods: Record<string, (params: SlackParams, token: string | undefined) => Record<string, unknown>> = {
    'openid.connect.token': (params) => exchangeCode(params),
    'openid.connect.userInfo': (_params, token) => userInfo(token),
  };

  return {
    /** `/.well-known/openid-configuration`, naming the fake's own endpoints under its issuer. */
    discovery: (): SlackAnswer => ({
      status: 200,
      body: {
        issuer: issuer(),
        authorization_endpoint: `${issuer()}/openid/connect/authorize`,
        token_endpoint: `${issuer()}/api/openid.connect.token`,
        userinfo_endpoint: `${issuer()}/api/openid.connect.userInfo`,
        jwks_uri: `${issuer()}/openid/connect/keys`,
        scopes_supported: [...SCOPES],
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        grant_types_supported: ['authorization_code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
        code_challenge_methods_supported: ['S256'],
      },
    }),
    /** The authorize page: straight back to `redirect_uri` with a code, as after the person clicked Allow. */
    authorize,
    keys: (): SlackAnswer => {
      const { kid, publicKey } = signingKey();
      return {
        status: 200,
        body: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] },
      };
    },
    /** `openid.connect.token` and `openid.connect.userInfo`, answered like any Web API method. */
    methods,
    /** Who signs in at the authorize page from now on; `allow: false` clicks Cancel. */
    signInAs: (user: string, { allow = true }: { allow?: boolean } = {}): void => {
      if (!findPerson(user)) throw new Error(`fake Slack: no user ${user} to sign in as`);
      state.oidc.browser = { user, allow };
    },
    /** The app's credentials and, when given, the redirect URLs its settings list (any URL otherwise). */
    configureClient: (client: { id?: string; secret?: string; redirectUrls?: string[] }): void => {
      Object.assign(state.oidc.client, client);
    },
  };
};
