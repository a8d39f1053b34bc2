import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `sha256=<hex>`: the HMAC-SHA256 of the raw body under the shared secret. sitrep's own deploy webhook
 * (`X-Sitrep-Signature`) signs this way, as GitHub does (`X-Hub-Signature-256`).
 *
 * @example signDeployBody('s3cret', Buffer.from('{}')) // 'sha256=3f5c…'
 */
export const signDeployBody = (secret: string, rawBody: Buffer | string): string =>
  `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

export type VerifyDeploySignatureOptions = {
  secret: string;
  rawBody: Buffer;
  /** The header as Node gives it: absent, repeated and malformed headers all fail. */
  signature: string | string[] | undefined;
};

/** Whether `signature` is `signDeployBody(secret, rawBody)`, compared in constant time. */
export const verifyDeploySignature = ({ secret, rawBody, signature }: VerifyDeploySignatureOptions): boolean => {
  if (typeof signature !== 'string') return false;
  const given = SIGNATURE.exec(signature.trim())?.[1];
  if (given === undefined) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
};
