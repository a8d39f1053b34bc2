import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { WebSession } from './web-session.ts';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORMS = ['application/x-www-form-urlencoded', 'multipart/form-data'];

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Whether a form's token is the session's: hashed first, so the comparison takes the same time whatever was sent. */
export const csrfTokensMatch = ({ sent, expected }: { sent: unknown; expected: string }): boolean =>
  typeof sent === 'string' && sent !== '' && timingSafeEqual(digest(sent), digest(expected));

export type CheckCsrfOptions = {
  /** Where sitrep is reached (PUBLIC_URL): a browser that names another origin in `Origin` is refused. */
  publicUrl: string;
};

const EXPIRED = 'This form has expired. Go back, reload the page and send it again.';

const refuse = (text: string) =>
  new Response(`${text}\n`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });

type RefuseForgedFormOptions = { c: Context; session: WebSession | undefined; origin: string };

/** A 403 when a request that changes something lacks the session's token (or comes from another site), else undefined. */
export const refuseForgedForm = async ({
  c,
  session,
  origin,
}: RefuseForgedFormOptions): Promise<Response | undefined> => {
  if (!CHANGES.has(c.req.method)) return undefined;
  const sentFrom = c.req.header('origin');
  if (sentFrom !== undefined && sentFrom !== origin) return refuse('This form was sent from another site.');
  const contentType = c.req.header('content-type') ?? '';
  if (session === undefined || !FORMS.some((type) => contentType.startsWith(type))) return refuse(EXPIRED);
  // Hono keeps the parsed form, so the handler reads it again for free.
  const form = await c.req.parseBody().catch(() => undefined);
  return csrfTokensMatch({ sent: form?.csrf, expected: session.csrf }) ? undefined : refuse(EXPIRED);
};

/**
 * Behind `requireSession`: a POST, PUT, PATCH or DELETE must be a form (URL-encoded or multipart) whose `csrf` field
 * is the session's token, else 403. A browser that names another site in `Origin` is refused as well.
 */
export const createCheckCsrf = ({
  publicUrl,
}: CheckCsrfOptions): MiddlewareHandler<{ Variables: { session: WebSession } }> => {
  const origin = new URL(publicUrl).origin;
  return async (c, next) => {
    const refused = await refuseForgedForm({ c, session: c.get('session'), origin });
    return refused ?? next();
  };
};
