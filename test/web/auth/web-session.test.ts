import { describe, expect, it } from 'vitest';
import { decodeSession, decodeSignIn } from '../../../src/web/auth/web-session.ts';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = new Date('2026-03-01T12:00:00Z');
const session = {
  kind: 'session',
  userId: 'U0ALICE001',
  teamId: 'T0TEAM',
  name: 'Alice',
  csrf: 'c'.repeat(43),
  expiresAt: now.getTime() + 1,
};
const signIn = { kind: 'sign-in', state: 's', nonce: 'n', verifier: 'v', next: '/', expiresAt: now.getTime() + 1 };

describe('decodeSession', () => {
  it('reads a session that has not expired yet', () => {
    const { kind: _kind, ...expected } = session;
    expect(decodeSession({ text: encode(session), now })).toEqual(expected);
  });

  it.each([
    ['expired at this very instant', encode({ ...session, expiresAt: now.getTime() })],
    ['a sign-in cookie signed with the same secret', encode(signIn)],
    ['no CSRF token', encode({ ...session, csrf: '' })],
    ['not JSON', 'bm90IGpzb24'],
    ['not base64url JSON at all', '%%%'],
  ])('refuses %s', (_case, text) => {
    expect(decodeSession({ text, now })).toBeUndefined();
  });
});

describe('decodeSignIn', () => {
  it('reads a sign-in under way, and refuses one that expired or a session', () => {
    expect(decodeSignIn({ text: encode(signIn), now })).toEqual({
      state: 's',
      nonce: 'n',
      verifier: 'v',
      next: '/',
      expiresAt: now.getTime() + 1,
    });
    expect(decodeSignIn({ text: encode({ ...signIn, expiresAt: now.getTime() }), now })).toBeUndefined();
    expect(decodeSignIn({ text: encode(session), now })).toBeUndefined();
  });
});
