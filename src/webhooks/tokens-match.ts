import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export type TokensMatchOptions = {
  /** The header as Node gives it. */
  given: string | string[] | undefined;
  expected: string;
};

/**
 * Whether a shared token sent as-is (GitLab's `X-Gitlab-Token`, Alertmanager's bearer token) is the configured
 * one. Both are hashed first, so the comparison takes the same time whatever their lengths; absent or repeated
 * headers never match.
 */
export const tokensMatch = ({ given, expected }: TokensMatchOptions): boolean =>
  typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));

// The token starts at the first character that is not a space: ` +(.+)` would share the spaces out every way.
const BEARER = /^Bearer +([^ ].*)$/i;

export type BearerTokenMatchesOptions = {
  /** The `Authorization` header as Node gives it. */
  authorization: string | undefined;
  expected: string;
};

/** Whether `Authorization: Bearer <token>` carries the configured token (Alertmanager's, Argo CD's). */
export const bearerTokenMatches = ({ authorization, expected }: BearerTokenMatchesOptions): boolean =>
  tokensMatch({ given: BEARER.exec(authorization ?? '')?.[1], expected });
