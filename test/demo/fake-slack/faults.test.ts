import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BOT_USER_ID } from '../../../demo/fake-slack/fake-slack-types.ts';
import { setupFakeSlack } from '../../support/slack/msw-slack.ts';

let slack: ReturnType<typeof setupFakeSlack>;
let channel: string;

beforeEach(() => {
  slack = setupFakeSlack();
  channel = slack.fake.addChannel({ name: 'incidents', members: [FAKE_BOT_USER_ID] }).id;
});
afterEach(() => slack.close());

const clientWith = (options: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient('xoxb-test', { logLevel: LogLevel.ERROR, ...options });

describe('fault injection', () => {
  it('turns a 429 with Retry-After into a rate-limit error for a client that rejects rate-limited calls', async () => {
    const client = clientWith({ rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    slack.fake.failWith({ status: 429, retryAfterSeconds: 7 }, { methods: ['chat.postMessage'] });

    await expect(client.chat.postMessage({ channel, text: 'hello' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
    expect(slack.fake.callsTo('chat.postMessage')).toMatchObject([{ ok: false, status: 429, injected: true }]);
    expect(slack.fake.messagesIn(channel)).toEqual([]);
    // Other methods are untouched.
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('lets a retrying client deliver every message exactly once after recovery', async () => {
    const client = clientWith({ retryConfig: { retries: 3, factor: 1, minTimeout: 1, maxTimeout: 1 } });
    slack.fake.failWith({ status: 503 }, { count: 2 });

    await client.chat.postMessage({ channel, text: 'Incident declared' });
    await client.chat.postMessage({ channel, text: 'Status: mitigated' });

    expect(slack.fake.messagesIn(channel).map((message) => message.text)).toEqual([
      'Incident declared',
      'Status: mitigated',
    ]);
    const outcomes = slack.fake.callsTo('chat.postMessage').map(({ ok, status }) => ({ ok, status }));
    expect(outcomes).toEqual([
      { ok: false, status: 503 },
      { ok: false, status: 503 },
      { ok: true, status: 200 },
      { ok: true, status: 200 },
    ]);
  });

  it('retries a 429 after the Retry-After delay when the client does not reject it', async () => {
    const client = clientWith({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    slack.fake.failWith({ status: 429, retryAfterSeconds: 0 }, { count: 1 });
    await client.chat.postMessage({ channel, text: 'after the limit' });
    expect(slack.fake.callsTo('chat.postMessage').map((call) => call.status)).toEqual([429, 200]);
  });

  it('answers a platform error with HTTP 200 and stays down until recover()', async () => {
    const client = clientWith({ retryConfig: { retries: 0 } });
    slack.fake.failWith({ error: 'ratelimited' });
    await expect(client.auth.test()).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'ratelimited' },
    });
    await expect(client.auth.test()).rejects.toMatchObject({ data: { error: 'ratelimited' } });
    slack.fake.recover();
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    expect(slack.fake.calls.map((call) => call.injected)).toEqual([true, true, false]);
  });

  it('fails until a condition holds', async () => {
    const client = clientWith({ retryConfig: { retries: 0 } });
    let healthy = false;
    slack.fake.failWith({ status: 500 }, { until: () => healthy });
    await expect(client.auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    healthy = true;
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });
});
