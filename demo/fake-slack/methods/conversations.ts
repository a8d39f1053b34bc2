import type { MethodContext, MethodHandler } from '../fake-slack-state.ts';
import {
  appendMessage,
  channelJson,
  isBotMember,
  messageJson,
  messagesOf,
  newChannel,
  openDm,
  requireUser,
  toSeconds,
  visibleChannel,
} from '../fake-slack-state.ts';
import type { FakeChannel, FakeMessage } from '../fake-slack-types.ts';
import { fail, paginate, readBoolean, readList, readString, requireString } from '../params.ts';

/** Slack's naming rule: lowercase letters, digits, hyphens and underscores, at most 80 characters. */
const checkChannelName = (ctx: MethodContext, name: string, self?: FakeChannel) => {
  if (name === '') fail('invalid_name_required');
  if (name.length > 80) fail('invalid_name_maxlength');
  if (/[^a-z0-9_-]/.test(name)) fail('invalid_name_specials');
  if (/^[-_]+$/.test(name)) fail('invalid_name_punctuation');
  const taken = [...ctx.state.channels.values()].some(
    (channel) => channel !== self && !channel.is_im && (channel.name === name || channel.previous_names.includes(name)),
  );
  if (taken) fail('name_taken');
};

/**
 * Why Slack would not invite `user` (its error code), or nothing when it would: unknown ids, the bot itself,
 * deactivated accounts, single-channel guests (already in their one channel) and other guests (only admins may add a
 * guest to a channel). Members already inside are no refusal: Slack skips them.
 */
const inviteRefusal = (ctx: MethodContext, id: string): string | undefined => {
  const user = ctx.state.users.get(id);
  if (!user) return 'user_not_found';
  if (id === ctx.state.bot.userId) return 'cant_invite_self';
  if (user.deleted) return 'cant_invite';
  if (user.is_ultra_restricted) return 'ura_max_channels';
  if (user.is_restricted) return 'cant_invite';
  return undefined;
};

/** Methods that change a channel need the bot inside it and the channel open. */
const memberChannel = (ctx: MethodContext, ref: string | undefined) => {
  const channel = visibleChannel(ctx, ref);
  if (!isBotMember(ctx, channel)) fail('not_in_channel');
  if (channel.is_archived) fail('is_archived');
  return channel;
};

const systemMessage = (
  ctx: MethodContext,
  channel: FakeChannel,
  message: Pick<FakeMessage, 'user' | 'subtype' | 'text'>,
) => {
  appendMessage(ctx, { channel: channel.id, ...message });
};

const isTopLevel = (message: FakeMessage) =>
  !message.thread_ts || message.thread_ts === message.ts || message.subtype === 'thread_broadcast';

const setTopicOrPurpose = (kind: 'topic' | 'purpose'): MethodHandler => {
  return (ctx, params) => {
    const channel = memberChannel(ctx, readString(params, 'channel'));
    const value = readString(params, kind) ?? '';
    if (value.length > 250) fail('too_long');
    channel[kind] = { value, creator: ctx.state.bot.userId, last_set: toSeconds(ctx.now()) };
    const subtype = kind === 'topic' ? 'channel_topic' : 'channel_purpose';
    systemMessage(ctx, channel, { user: ctx.state.bot.userId, subtype, text: `set the channel ${kind}: ${value}` });
    ctx.record({ kind, channel: channel.id, actor: ctx.state.bot.userId, value });
    return { ok: true, channel: channelJson(ctx, channel) };
  };
};

const openConversation: MethodHandler = (ctx, params) => {
  const channelRef = readString(params, 'channel');
  if (channelRef) return { ok: true, channel: channelJson(ctx, visibleChannel(ctx, channelRef)) };
  const users = readList(params, 'users');
  if (users.length === 0) fail('users_list_not_supplied');
  for (const id of users) {
    const user = requireUser(ctx, id);
    // As Slack answers for a deactivated account, and for a bot (the app's own included).
    if (user.deleted) fail('user_disabled');
    if (id === ctx.state.bot.userId || user.is_bot) fail('cannot_dm_bot');
  }
  const [first, ...others] = users;
  if (first !== undefined && others.length === 0) {
    const known = [...ctx.state.channels.values()].some((channel) => channel.is_im && channel.user === first);
    const channel = openDm(ctx, first);
    const shape = readBoolean(params, 'return_im') ? channelJson(ctx, channel) : { id: channel.id };
    return { ok: true, ...(known ? { no_op: true, already_open: true } : {}), channel: shape };
  }
  const members = [ctx.state.bot.userId, ...users];
  const mpim = newChannel(ctx, {
    id: ctx.nextId('G'),
    name: `mpdm-${members.join('--')}-1`,
    is_private: true,
    members,
  });
  mpim.is_mpim = true;
  ctx.state.channels.set(mpim.id, mpim);
  return { ok: true, channel: { id: mpim.id } };
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.create': (ctx, params) => {
    if (ctx.state.settings.channelCreationRestricted) fail('restricted_action');
    const name = readString(params, 'name') ?? '';
    checkChannelName(ctx, name);
    const isPrivate = readBoolean(params, 'is_private');
    const channel = newChannel(ctx, {
      id: ctx.nextId('C'),
      name,
      is_private: isPrivate,
      members: [ctx.state.bot.userId],
    });
    ctx.state.channels.set(channel.id, channel);
    ctx.record({ kind: 'channel_created', channel: channel.id, actor: ctx.state.bot.userId });
    return { ok: true, channel: channelJson(ctx, channel) };
  },

  'conversations.info': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    const extras = readBoolean(params, 'include_num_members') ? { num_members: channel.members.length } : {};
    return { ok: true, channel: channelJson(ctx, channel, extras) };
  },

  'conversations.list': (ctx, params) => {
    const types = readList(params, 'types');
    const wanted = types.length > 0 ? types : ['public_channel'];
    const excludeArchived = readBoolean(params, 'exclude_archived');
    const matches = [...ctx.state.channels.values()].filter((channel) => {
      if (excludeArchived && channel.is_archived) return false;
      if (channel.is_im) return wanted.includes('im');
      if (channel.is_mpim) return wanted.includes('mpim') && isBotMember(ctx, channel);
      if (channel.is_private) return wanted.includes('private_channel') && isBotMember(ctx, channel);
      return wanted.includes('public_channel');
    });
    const { page, response_metadata } = paginate(params, matches);
    return { ok: true, channels: page.map((channel) => channelJson(ctx, channel)), response_metadata };
  },

  'conversations.join': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    if (channel.is_private || channel.is_im) fail('method_not_supported_for_channel_type');
    if (channel.is_archived) fail('is_archived');
    if (isBotMember(ctx, channel)) {
      return {
        ok: true,
        channel: channelJson(ctx, channel),
        warning: 'already_in_channel',
        response_metadata: { warnings: ['already_in_channel'] },
      };
    }
    channel.members.push(ctx.state.bot.userId);
    systemMessage(ctx, channel, {
      user: ctx.state.bot.userId,
      subtype: 'channel_join',
      text: `<@${ctx.state.bot.userId}> has joined the channel`,
    });
    ctx.record({ kind: 'joined', channel: channel.id, user: ctx.state.bot.userId });
    return { ok: true, channel: channelJson(ctx, channel) };
  },

  'conversations.invite': (ctx, params) => {
    const channel = memberChannel(ctx, readString(params, 'channel'));
    const users = [...new Set(readList(params, 'users'))];
    if (users.length === 0) fail('no_user');
    const errors = users.flatMap((user) => {
      const error = inviteRefusal(ctx, user);
      return error ? [{ user, ok: false, error }] : [];
    });
    const newcomers = users.filter(
      (user) => !channel.members.includes(user) && !errors.some((refused) => refused.user === user),
    );
    const [first] = errors;
    // Slack invites nobody when one invite fails, unless `force` asks it to invite the others and list the refusals.
    if (first && (newcomers.length === 0 || !readBoolean(params, 'force'))) fail(first.error, { errors });
    if (newcomers.length === 0) {
      fail('already_in_channel', { errors: users.map((user) => ({ user, ok: false, error: 'already_in_channel' })) });
    }
    for (const user of newcomers) {
      channel.members.push(user);
      systemMessage(ctx, channel, {
        user,
        subtype: 'channel_join',
        text: `<@${user}> has joined the channel`,
      });
    }
    ctx.record({ kind: 'invited', channel: channel.id, users: newcomers, actor: ctx.state.bot.userId });
    return { ok: true, channel: channelJson(ctx, channel), ...(errors.length > 0 ? { errors } : {}) };
  },

  'conversations.setTopic': setTopicOrPurpose('topic'),
  'conversations.setPurpose': setTopicOrPurpose('purpose'),

  'conversations.rename': (ctx, params) => {
    const channel = memberChannel(ctx, readString(params, 'channel'));
    const name = readString(params, 'name') ?? '';
    if (name === channel.name) return { ok: true, channel: channelJson(ctx, channel) };
    checkChannelName(ctx, name, channel);
    const from = channel.name;
    channel.previous_names.push(from);
    channel.name = name;
    ctx.record({ kind: 'channel_renamed', channel: channel.id, actor: ctx.state.bot.userId, from });
    return { ok: true, channel: channelJson(ctx, channel) };
  },

  'conversations.archive': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    if (channel.is_archived) fail('already_archived');
    if (!isBotMember(ctx, channel)) fail('not_in_channel');
    channel.is_archived = true;
    ctx.record({ kind: 'archived', channel: channel.id, actor: ctx.state.bot.userId });
    return { ok: true };
  },

  'conversations.unarchive': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    if (!channel.is_archived) fail('not_archived');
    channel.is_archived = false;
    ctx.record({ kind: 'unarchived', channel: channel.id, actor: ctx.state.bot.userId });
    return { ok: true };
  },

  'conversations.members': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    const { page, response_metadata } = paginate(params, channel.members);
    return { ok: true, members: page, response_metadata };
  },

  'conversations.history': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    if (!isBotMember(ctx, channel)) fail('not_in_channel');
    const oldest = Number(readString(params, 'oldest') ?? '0');
    const latest = Number(readString(params, 'latest') ?? 'Infinity');
    const inclusive = readBoolean(params, 'inclusive');
    const inRange = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
    const messages = messagesOf(ctx, channel.id)
      .filter((message) => isTopLevel(message) && inRange(Number(message.ts)))
      .reverse();
    const { page, hasMore, response_metadata } = paginate(params, messages);
    const pin_count = ctx.state.pins.filter((pin) => pin.channel === channel.id).length;
    // As Slack does: a message's metadata only when asked for.
    const withMetadata = readBoolean(params, 'include_all_metadata');
    const shown = page.map((message) => {
      const { metadata, ...json } = messageJson(message);
      return withMetadata && metadata !== undefined ? { ...json, metadata } : json;
    });
    return { ok: true, messages: shown, has_more: hasMore, pin_count, response_metadata };
  },

  'conversations.replies': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    if (!isBotMember(ctx, channel)) fail('not_in_channel');
    const ts = requireString(params, 'ts');
    const list = messagesOf(ctx, channel.id);
    const found = list.find((message) => message.ts === ts) ?? fail('thread_not_found');
    const root = found.thread_ts ?? found.ts;
    const thread = list.filter((message) => message.ts === root || message.thread_ts === root);
    const { page, hasMore, response_metadata } = paginate(params, thread);
    return { ok: true, messages: page.map(messageJson), has_more: hasMore, response_metadata };
  },

  'conversations.open': openConversation,
  'im.open': openConversation,
};
