import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAKE_BOT_USER_ID } from '../../../demo/fake-slack/fake-slack-types.ts';
import { setupFakeSlack } from './msw-slack.ts';

let slack: ReturnType<typeof setupFakeSlack>;
let channel: string;

beforeEach(() => {
  slack = setupFakeSlack({ apiUrl: 'https://fake.slack.test/api/' });
  channel = slack.fake.addChannel({ name: 'incidents', members: [FAKE_BOT_USER_ID] }).id;
});
afterEach(() => {
  slack.close();
  vi.restoreAllMocks();
});

describe('setupFakeSlack', () => {
  it('fails any request that no handler answers, instead of letting it reach the network', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(fetch('https://example.test/anything', { method: 'POST', body: 'x' })).rejects.toMatchObject({
      cause: { message: expect.stringContaining('"error" strategy for the "onUnhandledFrame" option') },
    });
    // Real Slack, when the client was not pointed at the fake, is unhandled too.
    const stray = new WebClient('xoxb-test', { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    await expect(stray.auth.test()).rejects.toMatchObject({ code: ErrorCode.RequestError });
    expect(printed).toHaveBeenCalled();
    expect(slack.fake.calls).toEqual([]);
    // Even if the code under test had swallowed those errors, close() reports them.
    expect(slack.unhandled).toEqual(['POST https://example.test/anything', 'POST https://slack.com/api/auth.test']);
    expect(() => slack.close()).toThrow(/requests nobody answered/);
    slack = setupFakeSlack();
  });

  it('decodes JSON-valued form fields the way WebClient sends them', async () => {
    const client = new WebClient('xoxb-test', {
      slackApiUrl: 'https://fake.slack.test/api/',
      logLevel: LogLevel.ERROR,
    });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*SEV1*' } }];
    await client.chat.postMessage({ channel, text: 'SEV1', blocks });
    expect(slack.fake.callsTo('chat.postMessage')[0]?.params).toMatchObject({ channel, text: 'SEV1', blocks });
    expect(slack.fake.callsTo('chat.postMessage')[0]?.params).not.toHaveProperty('token');
  });

  it('accepts JSON bodies with the token in the Authorization header, and GET with a query string', async () => {
    const posted = await fetch('https://fake.slack.test/api/chat.postMessage', {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel, text: 'from JSON', blocks: [{ type: 'divider' }] }),
    });
    expect(await posted.json()).toMatchObject({
      ok: true,
      message: { text: 'from JSON', blocks: [{ type: 'divider' }] },
    });

    const info = await fetch(`https://fake.slack.test/api/conversations.info?channel=${channel}&token=xoxb-test`);
    expect(await info.json()).toMatchObject({ ok: true, channel: { id: channel, name: 'incidents' } });
  });

  it('records posts to any response URL under hooks.slack.test', async () => {
    const response = await fetch('https://hooks.slack.test/commands/T0TEAM/1/abc', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Working on it', response_type: 'ephemeral' }),
    });
    expect(response.status).toBe(200);
    expect(slack.fake.responses).toMatchObject([{ url: 'https://hooks.slack.test/commands/T0TEAM/1/abc' }]);
    expect(slack.fake.transcript()).toMatch(/response_url {2}\(ephemeral\) sitrep: Working on it$/);
  });
});
