import type { MiddlewareHandler } from 'hono';
import type { SessionCookies, WebSession } from './web-session.ts';

/** Where a page sends a person who is not signed in; `next` brings them back afterwards. */
export const SIGN_IN_PATH = '/auth/sign-in';

/**
 * Sets `session` from the session cookie. Without a valid one (none, expired, signature or shape wrong) a GET or
 * HEAD is sent to sign in and back to the same path and query; anything else gets a 401, since a form cannot be
 * replayed after a round trip through Slack.
 */
export const createRequireSession =
  (cookies: SessionCookies): MiddlewareHandler<{ Variables: { session: WebSession } }> =>
  async (c, next) => {
    const session = await cookies.readSession(c);
    if (session !== undefined) {
      c.set('session', session);
      return next();
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      const url = new URL(c.req.url);
      return c.redirect(`${SIGN_IN_PATH}?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`, 302);
    }
    return c.text('Your sign-in has expired. Reload the page to sign in again.\n', 401);
  };
