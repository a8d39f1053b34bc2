import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BOT_USER_ID } from '../../../demo/fake-slack/fake-slack-types.ts';
import { setupFakeSlack } from '../../support/slack/msw-slack.ts';

// A real WebClient against the fake through msw: what sitrep's Slack layer will see.

let clock = new Date('2024-07-01T09:00:00Z');
let slack: ReturnType<typeof setupFakeSlack>;
let client: WebClient;

beforeEach(() => {
  clock = new Date('2024-07-01T09:00:00Z');
  slack = setupFakeSlack({ fakeOptions: { now: () => clock } });
  // After listen(): WebClient captures globalThis.fetch when constructed.
  client = new WebClient('xoxb-test', { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  slack.fake.addUser({ id: 'U0ALICE', name: 'alice', tz: 'Europe/Paris', email: 'alice@example.com' });
  slack.fake.addUser({ id: 'U0BOB', name: 'bob', tz: 'America/New_York' });
});
afterEach(() => slack.close());

const platformError = (error: string) => ({ code: ErrorCode.PlatformError, data: { ok: false, error } });

describe('conversations', () => {
  it('creates a channel with the bot inside and refuses a taken name', async () => {
    const created = await client.conversations.create({ name: 'inc-42-db-down' });
    expect(created.channel).toMatchObject({ name: 'inc-42-db-down', is_member: true, is_private: false });
    expect(created.channel?.id).toMatch(/^C[0-9A-Z]{8}$/);

    await expect(client.conversations.create({ name: 'inc-42-db-down' })).rejects.toMatchObject(
      platformError('name_taken'),
    );
    expect(slack.fake.callsTo('conversations.create').map((call) => call.ok)).toEqual([true, false]);
  });

  it.each([
    ['Inc-42', 'invalid_name_specials'],
    ['inc 42', 'invalid_name_specials'],
    ['inc.42', 'invalid_name_specials'],
    ['i'.repeat(81), 'invalid_name_maxlength'],
    ['---', 'invalid_name_punctuation'],
  ])('refuses the channel name %j with %s', async (name, error) => {
    await expect(client.conversations.create({ name })).rejects.toMatchObject(platformError(error));
    expect(slack.fake.state.channels.size).toBe(0);
  });

  it('accepts a name of exactly 80 characters', async () => {
    await expect(client.conversations.create({ name: 'a'.repeat(80) })).resolves.toMatchObject({ ok: true });
  });

  it('invites people, skipping members already in, and fails only when everyone is already in', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-1' });
    const id = channel?.id ?? '';
    await client.conversations.invite({ channel: id, users: 'U0ALICE' });
    await client.conversations.invite({ channel: id, users: 'U0ALICE,U0BOB' });
    expect(slack.fake.state.channels.get(id)?.members).toEqual([FAKE_BOT_USER_ID, 'U0ALICE', 'U0BOB']);

    await expect(client.conversations.invite({ channel: id, users: 'U0ALICE,U0BOB' })).rejects.toMatchObject(
      platformError('already_in_channel'),
    );
    await expect(client.conversations.invite({ channel: id, users: 'U0NOBODY' })).rejects.toMatchObject(
      platformError('user_not_found'),
    );
    const members = await client.conversations.members({ channel: id });
    expect(members.members).toEqual([FAKE_BOT_USER_ID, 'U0ALICE', 'U0BOB']);
  });

  it('refuses the whole invite when one person cannot be invited, unless forced, and says why per person', async () => {
    slack.fake.addUser({ id: 'U0GONE', name: 'gone', deleted: true });
    slack.fake.addUser({ id: 'U0GUEST', name: 'guest', guest: 'single-channel' });
    slack.fake.addUser({ id: 'U0VISITOR', name: 'visitor', guest: 'multi-channel' });
    const { channel } = await client.conversations.create({ name: 'inc-3' });
    const id = channel?.id ?? '';
    const users = ['U0ALICE', 'U0GONE', 'U0GUEST', 'U0VISITOR', FAKE_BOT_USER_ID, 'U0NOBODY'].join(',');
    const refusals = [
      { user: 'U0GONE', ok: false, error: 'cant_invite' },
      { user: 'U0GUEST', ok: false, error: 'ura_max_channels' },
      { user: 'U0VISITOR', ok: false, error: 'cant_invite' },
      { user: FAKE_BOT_USER_ID, ok: false, error: 'cant_invite_self' },
      { user: 'U0NOBODY', ok: false, error: 'user_not_found' },
    ];
    await expect(client.conversations.invite({ channel: id, users })).rejects.toMatchObject({
      data: { ok: false, error: 'cant_invite', errors: refusals },
    });
    expect(slack.fake.state.channels.get(id)?.members).toEqual([FAKE_BOT_USER_ID]);

    const forced = await client.conversations.invite({ channel: id, users, force: true });
    expect(forced).toMatchObject({ ok: true, errors: refusals });
    expect(slack.fake.state.channels.get(id)?.members).toEqual([FAKE_BOT_USER_ID, 'U0ALICE']);
    // Forced, with nobody left to invite: Slack fails with the first refusal.
    await expect(
      client.conversations.invite({ channel: id, users: 'U0ALICE,U0GONE', force: true }),
    ).rejects.toMatchObject({ data: { error: 'cant_invite', errors: [refusals[0]] } });
  });

  it('answers restricted_action to conversations.create where channel creation is limited to admins', async () => {
    slack.fake.restrictChannelCreation(true);
    await expect(client.conversations.create({ name: 'inc-4' })).rejects.toMatchObject(
      platformError('restricted_action'),
    );
    slack.fake.restrictChannelCreation(false);
    await expect(client.conversations.create({ name: 'inc-4' })).resolves.toMatchObject({ ok: true });
  });

  it('sets the topic and shows it in conversations.info', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-2' });
    await client.conversations.setTopic({ channel: channel?.id ?? '', topic: 'SEV1 · investigating' });
    const info = await client.conversations.info({ channel: channel?.id ?? '' });
    expect(info.channel?.topic).toMatchObject({ value: 'SEV1 · investigating', creator: FAKE_BOT_USER_ID });
    await expect(
      client.conversations.setTopic({ channel: channel?.id ?? '', topic: 'x'.repeat(251) }),
    ).rejects.toMatchObject(platformError('too_long'));
  });

  it('hides private channels the bot is not in', async () => {
    const secret = slack.fake.addChannel({ name: 'secret', is_private: true, members: ['U0ALICE'] });
    await expect(client.conversations.info({ channel: secret.id })).rejects.toMatchObject(
      platformError('channel_not_found'),
    );
  });
});

describe('messages', () => {
  it('posts, updates and links a message; the update is visible in history', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-3' });
    const id = channel?.id ?? '';
    const posted = await client.chat.postMessage({
      channel: id,
      text: 'Incident declared',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'SEV1: database down' } }],
    });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message?.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'SEV1: database down' } },
    ]);

    await client.chat.update({ channel: id, ts: posted.ts ?? '', text: 'Incident resolved' });
    const history = await client.conversations.history({ channel: id });
    expect(history.messages?.[0]).toMatchObject({ text: 'Incident resolved', edited: { user: FAKE_BOT_USER_ID } });

    const link = await client.chat.getPermalink({ channel: id, message_ts: posted.ts ?? '' });
    expect(link.permalink).toBe(`https://fake.slack.test/archives/${id}/p${posted.ts?.replace('.', '')}`);
    await expect(client.chat.update({ channel: id, ts: '1.000000', text: 'x' })).rejects.toMatchObject(
      platformError('message_not_found'),
    );
  });

  it('gives strictly increasing ts even when the clock stands still', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-4' });
    const tss: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      tss.push((await client.chat.postMessage({ channel: channel?.id ?? '', text })).ts ?? '');
    }
    expect(tss).toEqual(['1719824400.000000', '1719824400.000100', '1719824400.000200']);
  });

  it('refuses to post where the bot is not a member until it joins', async () => {
    const general = slack.fake.addChannel({ name: 'general', members: ['U0ALICE'] });
    await expect(client.chat.postMessage({ channel: general.id, text: 'hi' })).rejects.toMatchObject(
      platformError('not_in_channel'),
    );
    await expect(client.chat.postMessage({ channel: 'C0NOPE', text: 'hi' })).rejects.toMatchObject(
      platformError('channel_not_found'),
    );
    await client.conversations.join({ channel: general.id });
    await expect(client.chat.postMessage({ channel: general.id, text: 'hi' })).resolves.toMatchObject({ ok: true });
    expect(slack.fake.messagesIn('general').map((message) => message.text)).toEqual([
      `<@${FAKE_BOT_USER_ID}> has joined the channel`,
      'hi',
    ]);
  });

  it('rejects Block Kit that Slack would reject, with its error messages', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-5' });
    const call = client.chat.postMessage({
      channel: channel?.id ?? '',
      text: 'fallback',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }],
    });
    await expect(call).rejects.toMatchObject({
      data: {
        error: 'invalid_blocks',
        response_metadata: {
          messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
        },
      },
    });
  });

  it('pins once, then answers already_pinned', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-6' });
    const { ts } = await client.chat.postMessage({ channel: channel?.id ?? '', text: 'Status: investigating' });
    await client.pins.add({ channel: channel?.id ?? '', timestamp: ts ?? '' });
    await expect(client.pins.add({ channel: channel?.id ?? '', timestamp: ts ?? '' })).rejects.toMatchObject(
      platformError('already_pinned'),
    );
    const pins = await client.pins.list({ channel: channel?.id ?? '' });
    expect(pins.items).toHaveLength(1);
  });

  it('sends ephemeral messages only to members, and DMs through conversations.open', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-7' });
    await expect(
      client.chat.postEphemeral({ channel: channel?.id ?? '', user: 'U0ALICE', text: 'only you' }),
    ).rejects.toMatchObject(platformError('user_not_in_channel'));
    await client.conversations.invite({ channel: channel?.id ?? '', users: 'U0ALICE' });
    await client.chat.postEphemeral({ channel: channel?.id ?? '', user: 'U0ALICE', text: 'only you' });
    expect(slack.fake.ephemeralsFor('U0ALICE').map((ephemeral) => ephemeral.text)).toEqual(['only you']);

    const dm = await client.conversations.open({ users: 'U0BOB' });
    expect(dm.channel?.id).toMatch(/^D/);
    await client.chat.postMessage({ channel: dm.channel?.id ?? '', text: 'You are on call' });
    expect(slack.fake.dmWith('U0BOB')?.id).toBe(dm.channel?.id);
  });
});

describe('users and workspace', () => {
  it('answers users.info with the zone and its offset at the time of the call', async () => {
    const summer = await client.users.info({ user: 'U0ALICE' });
    expect(summer.user).toMatchObject({ name: 'alice', tz: 'Europe/Paris', tz_offset: 7200, is_bot: false });
    clock = new Date('2024-12-01T09:00:00Z');
    expect((await client.users.info({ user: 'U0ALICE' })).user?.tz_offset).toBe(3600);
    expect((await client.users.info({ user: 'U0BOB' })).user?.tz_offset).toBe(-5 * 3600);
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject(platformError('user_not_found'));
  });

  it('finds users by email and identifies the bot', async () => {
    expect((await client.users.lookupByEmail({ email: 'alice@example.com' })).user?.id).toBe('U0ALICE');
    expect(await client.auth.test()).toMatchObject({ user_id: 'U0BOT00001', bot_id: 'B0BOT', team_id: 'T0TEAM' });
  });

  it('answers not_authed without a token and unknown_method for methods it does not know', async () => {
    const anonymous = new WebClient(undefined, { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    await expect(anonymous.auth.test()).rejects.toMatchObject(platformError('not_authed'));
    await expect(client.apiCall('stars.add', {})).rejects.toMatchObject(platformError('unknown_method'));
  });
});

describe('surfaces', () => {
  it('uploads a file through the external upload flow and shares it in the channel', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-8' });
    await client.filesUploadV2({
      channel_id: channel?.id ?? '',
      filename: 'timeline.md',
      content: '# Timeline',
      initial_comment: 'Timeline attached',
    });
    const [file] = slack.fake.state.files.values();
    expect(file).toMatchObject({ name: 'timeline.md', completed: true, channels: [channel?.id] });
    expect(new TextDecoder().decode(file?.bytes)).toBe('# Timeline');
    expect(slack.fake.messagesIn('inc-8').at(-1)?.files).toEqual([
      { id: file?.id, name: 'timeline.md', title: 'timeline.md' },
    ]);
  });

  it('opens a modal for the user behind the trigger and publishes a home tab', async () => {
    const trigger = slack.fake.newTriggerId('U0ALICE');
    const modal = {
      type: 'modal' as const,
      callback_id: 'declare',
      title: { type: 'plain_text' as const, text: 'Declare incident' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view).toMatchObject({ callback_id: 'declare', root_view_id: opened.view?.id });
    await expect(
      client.views.update({ view_id: opened.view?.id ?? '', hash: 'stale', view: modal }),
    ).rejects.toMatchObject(platformError('hash_conflict'));

    await client.views.publish({ user_id: 'U0BOB', view: { type: 'home', blocks: [{ type: 'divider' }] } });
    expect(slack.fake.state.homeViews.get('U0BOB')?.json.blocks).toEqual([{ type: 'divider' }]);
    expect(slack.fake.transcript()).toContain('sitrep opened modal "Declare incident" for @alice');
  });

  it('creates a channel canvas once and edits it', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-9' });
    const { canvas_id } = await client.conversations.canvases.create({
      channel_id: channel?.id ?? '',
      document_content: { type: 'markdown', markdown: '# Postmortem' },
    });
    await client.canvases.edit({
      canvas_id: canvas_id ?? '',
      changes: [{ operation: 'insert_at_end', document_content: { type: 'markdown', markdown: '## Impact' } }],
    });
    expect(slack.fake.state.canvases.get(canvas_id ?? '')?.markdown).toBe('# Postmortem\n## Impact');
    await expect(client.conversations.canvases.create({ channel_id: channel?.id ?? '' })).rejects.toMatchObject(
      platformError('channel_canvas_already_exists'),
    );
  });

  it('adds and edits bookmarks and reactions', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-10' });
    const id = channel?.id ?? '';
    const added = await client.bookmarks.add({
      channel_id: id,
      title: 'Runbook',
      type: 'link',
      link: 'https://runbook',
    });
    await client.bookmarks.edit({ channel_id: id, bookmark_id: added.bookmark?.id ?? '', title: 'DB runbook' });
    expect((await client.bookmarks.list({ channel_id: id })).bookmarks?.map((bookmark) => bookmark.title)).toEqual([
      'DB runbook',
    ]);
    const { ts } = await client.chat.postMessage({ channel: id, text: 'Mitigated' });
    await client.reactions.add({ channel: id, timestamp: ts ?? '', name: 'white_check_mark' });
    await expect(
      client.reactions.add({ channel: id, timestamp: ts ?? '', name: 'white_check_mark' }),
    ).rejects.toMatchObject(platformError('already_reacted'));
    const got = await client.reactions.get({ channel: id, timestamp: ts ?? '' });
    expect(got.message?.reactions).toEqual([{ name: 'white_check_mark', users: ['U0BOT00001'], count: 1 }]);
  });
});
