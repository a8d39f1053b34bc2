import {
  AuthorizationResponseError,
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  ClientSecretPost,
  type Configuration,
  calculatePKCECodeChallenge,
  customFetch,
  discovery,
  fetchUserInfo,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
} from 'openid-client';
import { z } from 'zod';
import type { TWebConfig } from '../../config/environment.ts';

export type EnabledWebConfig = Extract<TWebConfig, { enabled: true }>;

/** Where Slack sends the person back; the same path must be among the app's redirect URLs (manifest.yml). */
export const CALLBACK_PATH = '/auth/slack/callback';
const SCOPE = 'openid profile';

// The claims Slack puts in its id_token (and userInfo) beside the standard ones.
const ZSlackIdentity = z.object({
  sub: z.string().min(1),
  'https://slack.com/user_id': z.string().min(1),
  'https://slack.com/team_id': z.string().min(1),
  name: z.string().optional(),
});
const ZUserInfo = z.object({ name: z.string().optional() });

export type SlackIdentity = { userId: string; teamId: string; name: string };

export type SignInChecks = { state: string; nonce: string; verifier: string };

export type SignInResult =
  | { ok: true; identity: SlackIdentity }
  /** `cancelled`: the person clicked Cancel at Slack; `failed`: Slack's answer did not hold up. */
  | { ok: false; reason: 'cancelled' | 'failed'; detail: string };

export type SlackSignInOptions = { config: EnabledWebConfig; fetch?: typeof fetch | undefined };

const ZSlackError = z.object({ body: z.object({ error: z.string() }) });

/** Slack's `error` in a refusal it answered with HTTP 200, which openid-client keeps a cause or two down. */
const findSlackError = (error: unknown, depth = 0): string | undefined => {
  const found = ZSlackError.safeParse(error);
  if (found.success) return found.data.body.error;
  return error instanceof Error && depth < 3 ? findSlackError(error.cause, depth + 1) : undefined;
};

/** What went wrong, for the log: openid-client's code and message, and Slack's `error` when it sent one. */
const describeFailure = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
  const slack = findSlackError(error);
  return `${code}${error.message}${slack === undefined ? '' : ` (Slack said ${slack})`}`;
};

/**
 * Sign in with Slack through openid-client, which checks the state, the id_token's signature (Slack's keys), issuer,
 * audience, expiry and nonce, and the PKCE verifier. Slack's discovery document is fetched when first needed and
 * kept; a failure is tried again on the next sign-in.
 */
export const createSlackSignIn = ({ config, fetch: fetchFn }: SlackSignInOptions) => {
  const redirectUri = `${config.publicUrl}${CALLBACK_PATH}`;
  let discovered: Promise<Configuration> | undefined;
  const configuration = (): Promise<Configuration> => {
    discovered ??= discovery(
      new URL(config.issuer),
      config.clientId,
      config.clientSecret,
      ClientSecretPost(config.clientSecret),
      {
        ...(fetchFn ? { [customFetch]: (url: string, init: RequestInit) => fetchFn(url, init) } : {}),
        // Only a fake Slack (tests, the demo) is reached over plain http.
        ...(config.issuer.startsWith('http:') ? { execute: [allowInsecureRequests] } : {}),
      },
    ).catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };

  return {
    /** The authorize URL at Slack, and the checks its answer must pass. `team` preselects sitrep's workspace. */
    begin: async ({ teamId }: { teamId: string }): Promise<{ url: URL; checks: SignInChecks }> => {
      const found = await configuration();
      const checks = { state: randomState(), nonce: randomNonce(), verifier: randomPKCECodeVerifier() };
      const url = buildAuthorizationUrl(found, {
        redirect_uri: redirectUri,
        scope: SCOPE,
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await calculatePKCECodeChallenge(checks.verifier),
        code_challenge_method: 'S256',
        team: teamId,
      });
      return { url, checks };
    },

    /** Exchanges the code Slack sent back (`query` of the callback) and reads who signed in. */
    finish: async ({ query, checks }: { query: URLSearchParams; checks: SignInChecks }): Promise<SignInResult> => {
      try {
        const found = await configuration();
        // The URL Slack redirected to, whatever host or proxy the request came through: openid-client sends it
        // to the token endpoint as redirect_uri.
        const current = new URL(redirectUri);
        current.search = query.toString();
        const tokens = await authorizationCodeGrant(found, current, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.verifier,
          idTokenExpected: true,
        });
        const claims = ZSlackIdentity.parse(tokens.claims());
        const info = ZUserInfo.parse(await fetchUserInfo(found, tokens.access_token, claims.sub));
        const userId = claims['https://slack.com/user_id'];
        const identity = {
          userId,
          teamId: claims['https://slack.com/team_id'],
          name: info.name ?? claims.name ?? userId,
        };
        return { ok: true, identity };
      } catch (error) {
        const cancelled = error instanceof AuthorizationResponseError && error.error === 'access_denied';
        return { ok: false, reason: cancelled ? 'cancelled' : 'failed', detail: describeFailure(error) };
      }
    },
  };
};
