import { tzName, tzOffset } from '@date-fns/tz';
import type {
  FakeChannel,
  FakeMessage,
  FakeSlackState,
  FakeUser,
  SlackParams,
  TimelineInput,
} from './fake-slack-types.ts';
import { FAKE_APP_ID, FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID } from './fake-slack-types.ts';
import { createOidcState } from './oidc.ts';
import { fail } from './params.ts';

export type FakeSlackUrls = {
  /** Where minted response_urls point; the transport must serve it. */
  responseUrlBase: string;
  /** Where `files.getUploadURLExternal` sends uploads; the transport must serve it. */
  uploadUrlBase: string;
  /** Sign in with Slack's issuer: the discovery document, the authorize page and the keys are under it. */
  oidcIssuer: string;
};

/** Everything a Web API method implementation may touch. */
export type MethodContext = {
  state: FakeSlackState;
  now: () => Date;
  urls: FakeSlackUrls;
  /** The bot may post in public channels it has not joined (the `chat:write.public` scope). */
  chatWritePublic: boolean;
  /** Whether the token may read people's emails (`users:read.email`); without it profiles carry none. */
  readsEmail: () => boolean;
  nextId: (prefix: string) => string;
  nextTs: () => string;
  record: (entry: TimelineInput) => void;
};

export type MethodHandler = (ctx: MethodContext, params: SlackParams) => Record<string, unknown>;

export const createState = ({
  teamName,
  teamDomain,
  botName,
}: {
  teamName: string;
  teamDomain: string;
  botName: string;
}) => {
  const state: FakeSlackState = {
    team: { id: FAKE_TEAM_ID, name: teamName, domain: teamDomain },
    bot: { userId: FAKE_BOT_USER_ID, botId: FAKE_BOT_ID, appId: FAKE_APP_ID, name: botName },
    users: new Map(),
    userGroups: new Map(),
    channels: new Map(),
    messages: new Map(),
    ephemerals: [],
    pins: [],
    bookmarks: [],
    canvases: new Map(),
    files: new Map(),
    views: new Map(),
    homeViews: new Map(),
    responses: [],
    responseUrls: new Map(),
    triggers: new Map(),
    timeline: [],
    otherTeamUsers: new Map(),
    oidc: createOidcState(),
    settings: { channelCreationRestricted: false },
  };
  state.users.set(FAKE_BOT_USER_ID, {
    id: FAKE_BOT_USER_ID,
    name: botName,
    real_name: botName,
    tz: 'America/Los_Angeles',
    is_bot: true,
    deleted: false,
    is_restricted: false,
    is_ultra_restricted: false,
  });
  return state;
};

/** Slack's ids: a type letter and uppercase base-36, e.g. `C00000001`. Deterministic per fake. */
export const createIdFactory = () => {
  const counters = new Map<string, number>();
  return (prefix: string) => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `${prefix}${next.toString(36).toUpperCase().padStart(8, '0')}`;
  };
};

/** Message timestamps are unique per workspace and strictly increasing, even when the clock stands still. */
export const createTsFactory = (now: () => Date) => {
  let last = 0;
  return () => {
    last = Math.max(now().getTime() * 1000, last + 100);
    return `${Math.floor(last / 1_000_000)}.${String(last % 1_000_000).padStart(6, '0')}`;
  };
};

export const toSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export const isBotMember = (ctx: MethodContext, channel: FakeChannel) => channel.members.includes(ctx.state.bot.userId);

/** A channel the bot can see: private channels it is not in do not exist for it. */
export const visibleChannel = (ctx: MethodContext, ref: string | undefined, error = 'channel_not_found') => {
  const channel = ref === undefined ? undefined : findChannel(ctx, ref);
  if (!channel || (channel.is_private && !isBotMember(ctx, channel))) return fail(error);
  return channel;
};

/** By id, or by `#name` / `name` as chat.postMessage also accepts. */
export const findChannel = (ctx: Pick<MethodContext, 'state'>, ref: string): FakeChannel | undefined => {
  const byId = ctx.state.channels.get(ref);
  if (byId) return byId;
  const name = ref.replace(/^#/, '');
  return [...ctx.state.channels.values()].find((channel) => !channel.is_im && channel.name === name);
};

export const openDm = (ctx: MethodContext, userId: string): FakeChannel => {
  const existing = [...ctx.state.channels.values()].find((channel) => channel.is_im && channel.user === userId);
  if (existing) return existing;
  const channel = newChannel(ctx, {
    id: ctx.nextId('D'),
    name: userId,
    is_private: true,
    members: [ctx.state.bot.userId, userId],
  });
  channel.is_im = true;
  channel.user = userId;
  ctx.state.channels.set(channel.id, channel);
  return channel;
};

export const newChannel = (
  ctx: Pick<MethodContext, 'now' | 'state'>,
  seed: { id: string; name: string; is_private?: boolean; members?: string[]; creator?: string },
): FakeChannel => ({
  id: seed.id,
  name: seed.name,
  is_private: seed.is_private ?? false,
  is_archived: false,
  is_im: false,
  is_mpim: false,
  topic: { value: '', creator: '', last_set: 0 },
  purpose: { value: '', creator: '', last_set: 0 },
  members: [...new Set(seed.members ?? [])],
  created: toSeconds(ctx.now()),
  creator: seed.creator ?? ctx.state.bot.userId,
  previous_names: [],
});

/** What `chat.postMessage` requires of the bot in a channel. */
export const ensureBotCanPost = (ctx: MethodContext, channel: FakeChannel) => {
  if (channel.is_archived) fail('is_archived');
  if (isBotMember(ctx, channel)) return;
  if (!channel.is_private && ctx.chatWritePublic) return;
  fail('not_in_channel');
};

/** Where the bot may post; a user id means the DM with that user, opened on the fly as Slack does. */
export const postableChannel = (ctx: MethodContext, ref: string | undefined) => {
  const isUser = ref !== undefined && /^[UW][A-Z0-9]+$/.test(ref) && ctx.state.users.has(ref);
  const channel = isUser ? openDm(ctx, ref) : visibleChannel(ctx, ref);
  ensureBotCanPost(ctx, channel);
  return channel;
};

export const requireUser = (ctx: MethodContext, id: string | undefined, error = 'user_not_found') => {
  const user = id === undefined ? undefined : ctx.state.users.get(id);
  return user ?? fail(error);
};

export const messagesOf = (ctx: Pick<MethodContext, 'state'>, channelId: string) => {
  const existing = ctx.state.messages.get(channelId);
  if (existing) return existing;
  const created: FakeMessage[] = [];
  ctx.state.messages.set(channelId, created);
  return created;
};

export const findMessage = (ctx: MethodContext, channelId: string, ts: string | undefined) => {
  const message = messagesOf(ctx, channelId).find((candidate) => candidate.ts === ts);
  return message ?? fail('message_not_found');
};

export type NewMessage = Omit<FakeMessage, 'ts' | 'reactions'> & { reply_broadcast?: boolean };

/** Stores a message (and its thread bookkeeping) and writes it to the timeline. */
export const appendMessage = (ctx: MethodContext, input: NewMessage): FakeMessage => {
  const { reply_broadcast, ...fields } = input;
  const message: FakeMessage = { ...fields, ts: ctx.nextTs(), reactions: [] };
  if (reply_broadcast && message.thread_ts) message.subtype = 'thread_broadcast';
  const list = messagesOf(ctx, message.channel);
  if (message.thread_ts) {
    const parent = list.find((candidate) => candidate.ts === message.thread_ts);
    if (parent) {
      parent.thread_ts = parent.ts;
      parent.reply_count = (parent.reply_count ?? 0) + 1;
      parent.latest_reply = message.ts;
      const author = message.user ?? ctx.state.bot.userId;
      parent.reply_users = [...new Set([...(parent.reply_users ?? []), author])];
    }
  }
  list.push(message);
  // System messages (joins, topic changes) have their own timeline entries.
  if (message.subtype && message.subtype !== 'thread_broadcast') return message;
  ctx.record({
    kind: 'message',
    channel: message.channel,
    ts: message.ts,
    thread_ts: message.thread_ts,
    actor: message.user ?? ctx.state.bot.userId,
    text: message.text,
    blocks: message.blocks,
  });
  return message;
};

/** The part of the state Slack would return for a conversation, from the bot's point of view. */
export const channelJson = (ctx: MethodContext, channel: FakeChannel, extras: Record<string, unknown> = {}) => {
  if (channel.is_im) {
    return {
      id: channel.id,
      created: channel.created,
      is_im: true,
      is_org_shared: false,
      user: channel.user,
      ...extras,
    };
  }
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !channel.is_private,
    is_group: channel.is_private,
    is_im: false,
    is_mpim: channel.is_mpim,
    is_private: channel.is_private,
    is_archived: channel.is_archived,
    is_general: false,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: isBotMember(ctx, channel),
    created: channel.created,
    creator: channel.creator,
    unlinked: 0,
    topic: { ...channel.topic },
    purpose: { ...channel.purpose },
    previous_names: [...channel.previous_names],
    context_team_id: ctx.state.team.id,
    ...(channel.canvasId ? { properties: { canvas: { file_id: channel.canvasId, is_empty: false } } } : {}),
    ...extras,
  };
};

export const userJson = (ctx: MethodContext, user: FakeUser) => {
  const now = ctx.now();
  const isBot = user.id === ctx.state.bot.userId;
  return {
    id: user.id,
    team_id: ctx.state.team.id,
    name: user.name,
    deleted: user.deleted,
    real_name: user.real_name,
    tz: user.tz,
    tz_label: tzName(user.tz, now, 'long'),
    tz_offset: tzOffset(user.tz, now) * 60,
    is_admin: false,
    is_owner: false,
    is_restricted: user.is_restricted,
    is_ultra_restricted: user.is_ultra_restricted,
    is_bot: user.is_bot,
    is_app_user: false,
    updated: toSeconds(now),
    profile: {
      real_name: user.real_name,
      display_name: user.name,
      ...(user.email && ctx.readsEmail() ? { email: user.email } : {}),
      image_48: `https://fake.slack.test/avatars/${user.id}_48.png`,
      team: ctx.state.team.id,
      ...(isBot ? { bot_id: ctx.state.bot.botId, api_app_id: ctx.state.bot.appId } : {}),
    },
  };
};

export const messageJson = (message: FakeMessage) => {
  const { channel: _channel, reactions, ...fields } = message;
  return {
    type: 'message',
    ...fields,
    ...(reactions.length > 0
      ? { reactions: reactions.map((reaction) => ({ ...reaction, count: reaction.users.length })) }
      : {}),
  };
};
