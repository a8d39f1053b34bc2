import { randomBytes } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Logger } from '../../observability/logger.ts';
import { type AuthPage, renderAuthPage } from '../../render/web/auth-page.ts';
import { createCheckCsrf, csrfTokensMatch, refuseForgedForm } from './check-csrf.ts';
import { createRequireSession, SIGN_IN_PATH } from './require-session.ts';
import { safeNextPath } from './safe-next-path.ts';
import { CALLBACK_PATH, createSlackSignIn, type EnabledWebConfig } from './slack-sign-in.ts';
import { createSessionCookies, SESSION_LIFETIME_MS, SIGN_IN_LIFETIME_MS, type WebSession } from './web-session.ts';

export type { EnabledWebConfig } from './slack-sign-in.ts';
export type { WebSession } from './web-session.ts';

export const SIGN_OUT_PATH = '/auth/sign-out';
export const SIGNED_OUT_PATH = '/auth/signed-out';
export { CALLBACK_PATH, SIGN_IN_PATH };

type SessionEnv = { Variables: { session: WebSession } };

export type WebAuth = {
  /** GET /auth/sign-in (?next=/path), GET /auth/slack/callback, POST /auth/sign-out, GET /auth/signed-out. */
  routes: Hono;
  /** Sets `session`; without a valid one a GET is sent to sign in (and back), anything else gets a 401. */
  requireSession: MiddlewareHandler<SessionEnv>;
  /** After requireSession: a POST, PUT, PATCH or DELETE needs the session's token in the form field `csrf`. */
  checkCsrf: MiddlewareHandler<SessionEnv>;
};

export type WebAuthOptions = {
  config: EnabledWebConfig;
  /** The id of the workspace sitrep is installed in (auth.test with the bot token): only its members get in. */
  teamId: () => Promise<string>;
  now: () => Date;
  /** How Slack is reached (tests hand in their own). */
  fetch?: typeof fetch;
  logger: Logger;
};

const SIGN_IN_AGAIN = { href: SIGN_IN_PATH, label: 'Sign in with Slack' };

const page = (c: Context, status: 400 | 403 | 502, content: AuthPage) => c.html(renderAuthPage(content), status);

/** Sign in with Slack, the session cookie and CSRF protection for sitrep's web view. */
export const createWebAuth = ({ config, teamId, now, fetch: fetchFn, logger }: WebAuthOptions): WebAuth => {
  const slack = createSlackSignIn({ config, fetch: fetchFn });
  const cookies = createSessionCookies({ publicUrl: config.publicUrl, secret: config.sessionSecret, now });
  const routes = new Hono();

  routes.get(SIGN_IN_PATH, async (c) => {
    try {
      const { url, checks } = await slack.begin({ teamId: await teamId() });
      const next = safeNextPath(c.req.query('next'));
      await cookies.writeSignIn(c, { ...checks, next, expiresAt: now().getTime() + SIGN_IN_LIFETIME_MS });
      return c.redirect(url.href, 302);
    } catch (error) {
      logger.warn({ err: error }, 'web sign-in could not start: Slack or its sign-in settings could not be read');
      return page(c, 502, {
        title: 'Slack cannot be reached',
        message: 'sitrep could not start the sign-in with Slack. Try again in a minute.',
        link: SIGN_IN_AGAIN,
      });
    }
  });

  routes.get(CALLBACK_PATH, async (c) => {
    const attempt = await cookies.readSignIn(c);
    cookies.clearSignIn(c);
    const query = new URL(c.req.url).searchParams;
    if (attempt === undefined || !csrfTokensMatch({ sent: query.get('state'), expected: attempt.state })) {
      logger.warn({ hadSignInCookie: attempt !== undefined }, 'web sign-in refused: its state does not match');
      return page(c, 403, {
        title: 'This sign-in link does not work',
        message: 'It has expired, was already used, or was started in another browser. Start again from sitrep.',
        link: SIGN_IN_AGAIN,
      });
    }
    const result = await slack.finish({ query, checks: attempt });
    if (!result.ok) {
      logger.warn({ reason: result.reason, detail: result.detail }, 'web sign-in with Slack did not complete');
      return result.reason === 'cancelled'
        ? page(c, 403, { title: 'Sign-in cancelled', message: 'Slack did not sign you in.', link: SIGN_IN_AGAIN })
        : page(c, 400, {
            title: 'Sign-in failed',
            message: 'Slack did not confirm who you are. Start again; if it keeps failing, tell whoever runs sitrep.',
            link: SIGN_IN_AGAIN,
          });
    }
    const { identity } = result;
    const installed = await teamId().catch((error: unknown) => {
      logger.warn({ err: error }, 'web sign-in could not finish: the installed workspace could not be read');
      return undefined;
    });
    if (installed === undefined) {
      return page(c, 502, { title: 'Slack cannot be reached', message: 'Try again in a minute.', link: SIGN_IN_AGAIN });
    }
    if (identity.teamId !== installed) {
      logger.warn({ userId: identity.userId, teamId: identity.teamId }, 'web sign-in refused: another workspace');
      return page(c, 403, {
        title: 'This sitrep belongs to another Slack workspace',
        message: 'You signed in to Slack with a workspace that sitrep is not installed in. Sign in with the right one.',
        link: SIGN_IN_AGAIN,
      });
    }
    const csrf = randomBytes(32).toString('base64url');
    await cookies.writeSession(c, { ...identity, csrf, expiresAt: now().getTime() + SESSION_LIFETIME_MS });
    logger.info({ userId: identity.userId }, 'signed in to the web view');
    return c.redirect(attempt.next, 302);
  });

  const requireSession = createRequireSession(cookies);
  const checkCsrf = createCheckCsrf({ publicUrl: config.publicUrl });

  routes.post(SIGN_OUT_PATH, async (c) => {
    const session = await cookies.readSession(c);
    // Without a session there is nothing to sign out of, so no token to check either.
    const refused = session && (await refuseForgedForm({ c, session, origin: new URL(config.publicUrl).origin }));
    if (refused) return refused;
    cookies.clearSession(c);
    return c.redirect(SIGNED_OUT_PATH, 303);
  });
  routes.get(SIGNED_OUT_PATH, (c) =>
    c.html(
      renderAuthPage({
        title: 'Signed out',
        message: 'You are signed out of sitrep.',
        link: SIGN_IN_AGAIN,
      }),
    ),
  );

  return { routes, requireSession, checkCsrf };
};
