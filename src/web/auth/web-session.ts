import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { z } from 'zod';

/** Who is signed in, until when, and the token every form of theirs carries. */
export type WebSession = {
  userId: string;
  teamId: string;
  name: string;
  csrf: string;
  /** Epoch milliseconds. */
  expiresAt: number;
};

export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;
/** The state, nonce and PKCE verifier of a sign-in under way live this long, the time to click Allow at Slack. */
export const SIGN_IN_LIFETIME_MS = 10 * 60_000;

// Both cookies are signed with the same secret and a signature covers the value, not the cookie's name: `kind`
// keeps a sign-in cookie from being read as a session.
const ZSessionCookie = z.object({
  kind: z.literal('session'),
  userId: z.string().min(1),
  teamId: z.string().min(1),
  name: z.string(),
  csrf: z.string().min(32),
  expiresAt: z.number().int(),
});

const ZSignInCookie = z.object({
  kind: z.literal('sign-in'),
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(1),
  next: z.string(),
  expiresAt: z.number().int(),
});

/** What the callback checks Slack's answer against, and where the person goes afterwards. */
export type SignInAttempt = Omit<z.infer<typeof ZSignInCookie>, 'kind'>;

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const decodeJson = (text: string): unknown => {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

type DecodeOptions = { text: string; now: Date };

/** A session cookie's (already verified) value, or undefined when it is malformed or has expired. */
export const decodeSession = ({ text, now }: DecodeOptions): WebSession | undefined => {
  const parsed = ZSessionCookie.safeParse(decodeJson(text));
  if (!parsed.success || parsed.data.expiresAt <= now.getTime()) return undefined;
  const { kind: _kind, ...session } = parsed.data;
  return session;
};

/** A sign-in cookie's (already verified) value, or undefined when it is malformed or has expired. */
export const decodeSignIn = ({ text, now }: DecodeOptions): SignInAttempt | undefined => {
  const parsed = ZSignInCookie.safeParse(decodeJson(text));
  if (!parsed.success || parsed.data.expiresAt <= now.getTime()) return undefined;
  const { kind: _kind, ...attempt } = parsed.data;
  return attempt;
};

export type SessionCookiesOptions = { publicUrl: string; secret: string; now: () => Date };

const SESSION = 'sitrep_session';
const SIGN_IN = 'sitrep_sign_in';

/**
 * The two signed cookies, HttpOnly and SameSite=Lax (Slack's redirect back is a top-level GET, which Lax lets
 * through). Behind https they are Secure and `__Host-` prefixed, so no subdomain can set them.
 */
export const createSessionCookies = ({ publicUrl, secret, now }: SessionCookiesOptions) => {
  const secure = new URL(publicUrl).protocol === 'https:';
  const prefix = secure ? 'host' : undefined;
  const options = (maxAgeMs: number): CookieOptions => ({
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
    ...(secure ? { secure: true, prefix: 'host' } : {}),
  });
  const read = async (c: Context, name: string): Promise<string | undefined> => {
    const value = await getSignedCookie(c, secret, name, prefix);
    return typeof value === 'string' ? value : undefined;
  };
  const remove = (c: Context, name: string) => {
    deleteCookie(c, name, { path: '/', ...(secure ? { secure: true, prefix: 'host' } : {}) });
  };

  return {
    readSession: async (c: Context): Promise<WebSession | undefined> => {
      const text = await read(c, SESSION);
      return text === undefined ? undefined : decodeSession({ text, now: now() });
    },
    writeSession: (c: Context, session: WebSession): Promise<void> =>
      setSignedCookie(c, SESSION, encode({ kind: 'session', ...session }), secret, options(SESSION_LIFETIME_MS)),
    clearSession: (c: Context) => remove(c, SESSION),
    readSignIn: async (c: Context): Promise<SignInAttempt | undefined> => {
      const text = await read(c, SIGN_IN);
      return text === undefined ? undefined : decodeSignIn({ text, now: now() });
    },
    writeSignIn: (c: Context, attempt: SignInAttempt): Promise<void> =>
      setSignedCookie(c, SIGN_IN, encode({ kind: 'sign-in', ...attempt }), secret, options(SIGN_IN_LIFETIME_MS)),
    clearSignIn: (c: Context) => remove(c, SIGN_IN),
  };
};

export type SessionCookies = ReturnType<typeof createSessionCookies>;
