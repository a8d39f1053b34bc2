import { isValidSlackRequest } from '@slack/bolt';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../demo/fake-slack/sign.ts';
import { createSlackSignatureCheck } from '../../src/slack/slack-signature.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW_MS = Date.UTC(2026, 11, 6, 15, 0, 0);
const NOW_S = NOW_MS / 1000;
const check = createSlackSignatureCheck(SECRET);

const signed = (body: string, timestamp = NOW_S, secret = SECRET) => {
  const headers = signSlackRequest({ body, signingSecret: secret, timestamp });
  return { body, signature: headers['x-slack-signature'], timestamp: headers['x-slack-request-timestamp'] };
};

describe('checking that a request was signed by Slack', () => {
  const body = 'token=x&team_id=T0001&command=%2Fincident&text=list';

  it('accepts a request signed with the secret within five minutes', () => {
    expect(check({ ...signed(body), nowMs: NOW_MS })).toBe(true);
    expect(check({ ...signed(body, NOW_S - 300), nowMs: NOW_MS })).toBe(true);
  });

  it.each([
    ['another secret', { ...signed(body, NOW_S, 'ffffffffffffffffffffffffffffffff') }],
    ['a changed body', { ...signed(body), body: `${body}&user_id=U0MALLORY` }],
    ['a changed timestamp', { ...signed(body), timestamp: String(NOW_S - 1) }],
    ['a timestamp over five minutes old', signed(body, NOW_S - 301)],
    ['no signature', { ...signed(body), signature: undefined }],
    ['no timestamp', { ...signed(body), timestamp: undefined }],
    ['a timestamp that is not a number', { ...signed(body), timestamp: 'soon' }],
    ['another signature version', { ...signed(body), signature: signed(body).signature?.replace('v0=', 'v1=') }],
    ['a shortened signature', { ...signed(body), signature: signed(body).signature?.slice(0, -2) }],
  ])('refuses %s', (_name, request) => {
    expect(check({ ...request, nowMs: NOW_MS })).toBe(false);
  });

  it("agrees with Bolt's isValidSlackRequest on any body, timestamp and signature", () => {
    const timestamps = fc.oneof(
      fc.integer({ min: NOW_S - 600, max: NOW_S + 600 }).map(String),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.string(),
        timestamps,
        fc.boolean(),
        fc.string({ maxLength: 70 }),
        (text, timestamp, good, junk) => {
          const signature = good ? signed(text, Number(timestamp) || NOW_S).signature : junk;
          const ours = check({ body: text, signature, timestamp, nowMs: NOW_MS });
          const bolts = isValidSlackRequest({
            signingSecret: SECRET,
            body: text,
            headers: { 'x-slack-signature': signature ?? '', 'x-slack-request-timestamp': Number(timestamp) },
            nowMilliseconds: NOW_MS,
          });
          expect(ours).toBe(bolts);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
