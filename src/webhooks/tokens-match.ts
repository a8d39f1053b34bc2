import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Whether a shared token sent as-is (GitLab's `X-Gitlab-Token`, Alertmanager's bearer token) is the configured
 * one. Both are hashed first, so the comparison takes the same time whatever their lengths; absent or repeated
 * headers never match.
 */
export type TokensMatchOptions = {
  /** The header as Node gives it. */
  given: string | string[] | undefined;
  expected: string;
};

export const tokensMatch = ({ given, expected }: TokensMatchOptions): boolean =>
  typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
