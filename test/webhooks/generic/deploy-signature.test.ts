import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signDeployBody, verifyDeploySignature } from '../../../src/webhooks/generic/deploy-signature.ts';
import { tokensMatch } from '../../../src/webhooks/tokens-match.ts';

const SECRET = 'whsec-4f1d2c9a8b7e6f50';
const BODY = Buffer.from('{"id":"deploy-42","service":"checkout-api"}');

describe('signDeployBody', () => {
  it("gives GitHub's documented X-Hub-Signature-256 for its example", () => {
    // docs.github.com, "Validating webhook deliveries": secret "It's a Secret to Everybody", body "Hello, World!".
    expect(signDeployBody("It's a Secret to Everybody", 'Hello, World!')).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  it('signs the bytes, so a Buffer and the same text sign alike', () => {
    expect(signDeployBody(SECRET, BODY)).toBe(signDeployBody(SECRET, BODY.toString('utf8')));
  });
});

describe('verifyDeploySignature', () => {
  const signature = signDeployBody(SECRET, BODY);

  it('accepts the signature of the body, in either case of hex', () => {
    expect(verifyDeploySignature({ secret: SECRET, rawBody: BODY, signature })).toBe(true);
    const upper = `sha256=${signature.slice('sha256='.length).toUpperCase()}`;
    expect(verifyDeploySignature({ secret: SECRET, rawBody: BODY, signature: upper })).toBe(true);
  });

  it.each([
    ['another secret', { signature: signDeployBody('another-secret', BODY) }],
    ['a body changed after signing', { rawBody: Buffer.from('{"id":"deploy-43","service":"checkout-api"}') }],
    ['no header', { signature: undefined }],
    ['the header twice', { signature: [signature, signature] }],
    ['an empty header', { signature: '' }],
    ['the hex without its prefix', { signature: signature.slice('sha256='.length) }],
    ['a SHA-1 signature', { signature: `sha1=${'0'.repeat(40)}` }],
    ['a shortened signature', { signature: signature.slice(0, -2) }],
    ['hex digits that are not hex', { signature: `sha256=${'z'.repeat(64)}` }],
  ])('refuses %s', (_name, change) => {
    expect(verifyDeploySignature({ secret: SECRET, rawBody: BODY, signature, ...change })).toBe(false);
  });

  it('refuses any header that is not the signature, and never throws', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        expect(verifyDeploySignature({ secret: SECRET, rawBody: BODY, signature: header })).toBe(header === signature);
      }),
    );
  });
});

describe('tokensMatch', () => {
  it.each([
    ['the same token', 'glpat-token-1234', true],
    ['another token of the same length', 'glpat-token-1235', false],
    ['a prefix of the token', 'glpat-token', false],
    ['a longer token', 'glpat-token-12345', false],
    ['an empty token', '', false],
    ['no header', undefined, false],
    ['the header twice', ['glpat-token-1234', 'glpat-token-1234'], false],
  ])('for %s (%j) answers %s', (_name, given, expected) => {
    expect(tokensMatch({ given, expected: 'glpat-token-1234' })).toBe(expected);
  });
});
