import { App, isValidSlackRequest, LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BOT_USER_ID } from '../../../demo/fake-slack/fake-slack-types.ts';
import {
  blockActionsBody,
  eventCallbackBody,
  inputValue,
  messageShortcutBody,
  postSigned,
  signSlackRequest,
  slashCommandBody,
  urlVerificationBody,
  viewSubmissionBody,
} from '../../../demo/fake-slack/sign.ts';
import { setupFakeSlack } from '../../support/slack/msw-slack.ts';

// The real Bolt app over HTTP: signed requests in, Web API calls answered by the fake through msw.

const SIGNING_SECRET = 'fake-signing-secret';

let slack: ReturnType<typeof setupFakeSlack>;
let app: App;
let endpoint: string;
let incidents: string;
let seen: Record<string, unknown> = {};

beforeEach(async () => {
  seen = {};
  slack = setupFakeSlack();
  slack.fake.addUser({ id: 'U0ALICE', name: 'alice', tz: 'Europe/Paris' });
  incidents = slack.fake.addChannel({ name: 'incidents', members: [FAKE_BOT_USER_ID, 'U0ALICE'] }).id;
  // processBeforeResponse: Slack's HTTP answer waits for the listener, so the test needs no polling.
  app = new App({
    token: 'xoxb-test',
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    processBeforeResponse: true,
  });

  app.command('/incident', async ({ ack, command, client, respond }) => {
    await ack();
    const created = await client.conversations.create({ name: `inc-${command.text.replaceAll(' ', '-')}` });
    await client.conversations.invite({ channel: created.channel?.id ?? '', users: command.user_id });
    await respond({ text: `Created <#${created.channel?.id}>` });
  });
  app.event('app_mention', async ({ event, say }) => {
    await say({ text: `Hello <@${event.user}>`, thread_ts: event.ts });
  });
  app.action('ack', async ({ ack, body, respond }) => {
    await ack();
    seen.action = body;
    await respond({ replace_original: true, text: 'Acknowledged by <@U0ALICE>' });
  });
  app.view('declare', async ({ ack, view }) => {
    seen.values = view.state.values;
    await ack();
  });
  app.shortcut('add_to_timeline', async ({ ack, shortcut }) => {
    seen.shortcut = shortcut;
    await ack();
  });

  const server = await app.start(0);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  endpoint = `http://127.0.0.1:${port}/slack/events`;
});
afterEach(async () => {
  await app.stop();
  slack.close();
});

const post = (body: ReturnType<typeof slashCommandBody>) =>
  postSigned({ url: endpoint, signingSecret: SIGNING_SECRET, ...body });

describe('requests built by sign.ts reach Bolt listeners', () => {
  it('runs a slash command end to end: channel created, user invited, ephemeral reply', async () => {
    const responseUrl = slack.fake.newResponseUrl({ channel: incidents, user: 'U0ALICE' });
    const body = slashCommandBody({
      command: '/incident',
      text: 'db down',
      userId: 'U0ALICE',
      channelId: incidents,
      responseUrl,
    });
    expect((await post(body)).status).toBe(200);

    const channel = slack.fake.channelByName('inc-db-down');
    expect(channel?.members).toEqual([FAKE_BOT_USER_ID, 'U0ALICE']);
    expect(slack.fake.ephemeralsFor('U0ALICE').map((ephemeral) => ephemeral.text)).toEqual([
      `Created <#${channel?.id}>`,
    ]);
    expect(slack.fake.responses).toMatchObject([{ url: responseUrl, body: { text: `Created <#${channel?.id}>` } }]);
    expect(slack.fake.transcript()).toMatch(/#incidents {2}\(only visible to @alice\) sitrep: Created #inc-db-down/);
  });

  it('refuses a request whose body was changed after signing', async () => {
    const { body, contentType } = slashCommandBody({ command: '/incident', userId: 'U0ALICE', channelId: incidents });
    const headers = signSlackRequest({ body, signingSecret: SIGNING_SECRET, contentType });
    const response = await fetch(endpoint, { method: 'POST', headers, body: body.replace('U0ALICE', 'U0MALLORY') });
    expect(response.status).toBe(401);
  });

  it('answers the url_verification handshake', async () => {
    const response = await post(urlVerificationBody({ challenge: 'c-123' }));
    expect(await response.json()).toEqual({ challenge: 'c-123' });
  });

  it('delivers an event_callback; say() posts in the thread', async () => {
    const mention = {
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT00001> hi',
      ts: '1719824400.000100',
      channel: incidents,
    };
    expect((await post(eventCallbackBody({ event: mention }))).status).toBe(200);
    expect(slack.fake.messagesIn(incidents)).toMatchObject([{ text: 'Hello <@U0ALICE>', thread_ts: mention.ts }]);
  });

  it('delivers block_actions from a message, and respond() replaces the original', async () => {
    const original = slack.fake.addMessage({ channel: incidents, user: FAKE_BOT_USER_ID, text: 'SEV1 declared' });
    const responseUrl = slack.fake.newResponseUrl({ channel: incidents, user: 'U0ALICE', messageTs: original.ts });
    const body = blockActionsBody({
      userId: 'U0ALICE',
      channelId: incidents,
      message: { ts: original.ts, text: original.text },
      actions: [{ action_id: 'ack', value: 'inc-1' }],
      responseUrl,
    });
    expect((await post(body)).status).toBe(200);
    expect(seen.action).toMatchObject({
      type: 'block_actions',
      actions: [{ action_id: 'ack', value: 'inc-1', type: 'button' }],
    });
    expect(slack.fake.messagesIn(incidents)).toMatchObject([{ ts: original.ts, text: 'Acknowledged by <@U0ALICE>' }]);
  });

  it('delivers a view_submission with its state values', async () => {
    const values = {
      title: { title_input: inputValue.text('DB down') },
      sev: { sev_select: inputValue.select('sev1') },
    };
    const response = await post(viewSubmissionBody({ userId: 'U0ALICE', callbackId: 'declare', values }));
    expect(response.status).toBe(200);
    expect(seen.values).toEqual(values);
  });

  it('delivers a message shortcut', async () => {
    const message = { ts: '1719824400.000100', text: 'the db is on fire', user: 'U0ALICE' };
    const body = messageShortcutBody({
      userId: 'U0ALICE',
      channelId: incidents,
      callbackId: 'add_to_timeline',
      message,
    });
    expect((await post(body)).status).toBe(200);
    expect(seen.shortcut).toMatchObject({
      type: 'message_action',
      message_ts: message.ts,
      message: { text: message.text },
    });
  });
});

describe('signSlackRequest', () => {
  it("produces the signature of Slack's documented example", () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = signSlackRequest({
      body,
      signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
      timestamp: 1531420618,
    });
    expect(headers['x-slack-signature']).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it("is accepted by Bolt's own verifier, and only for the signed body and secret", () => {
    const { body } = slashCommandBody({ command: '/incident', userId: 'U0ALICE', channelId: 'C1' });
    const signed = signSlackRequest({ body, signingSecret: SIGNING_SECRET });
    const headers = {
      'x-slack-signature': signed['x-slack-signature'],
      'x-slack-request-timestamp': Number(signed['x-slack-request-timestamp']),
    };
    expect(isValidSlackRequest({ signingSecret: SIGNING_SECRET, body, headers })).toBe(true);
    expect(isValidSlackRequest({ signingSecret: 'other', body, headers })).toBe(false);
    expect(isValidSlackRequest({ signingSecret: SIGNING_SECRET, body: `${body}&x=1`, headers })).toBe(false);
  });
});
