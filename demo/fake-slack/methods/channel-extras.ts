import type { MethodContext, MethodHandler } from '../fake-slack-state.ts';
import { findMessage, isBotMember, messageJson, toSeconds, visibleChannel } from '../fake-slack-state.ts';
import type { FakeBookmark } from '../fake-slack-types.ts';
import { fail, readString, requireString } from '../params.ts';

const pinnedMessage = (ctx: MethodContext, channelRef: string | undefined, ts: string | undefined) => {
  const channel = visibleChannel(ctx, channelRef);
  if (!isBotMember(ctx, channel)) fail('not_in_channel');
  return { channel, message: findMessage(ctx, channel.id, ts) };
};

const reactedMessage = (ctx: MethodContext, params: Record<string, unknown>) => {
  const channel = visibleChannel(ctx, readString(params, 'channel'));
  const message = findMessage(ctx, channel.id, readString(params, 'timestamp'));
  const name = (readString(params, 'name') ?? '').replace(/^:|:$/g, '');
  if (name === '') fail('invalid_name');
  return { channel, message, name };
};

const checkLink = (link: string) => {
  if (!/^https?:\/\//.test(link)) fail('invalid_link');
};

const findBookmark = (ctx: MethodContext, params: Record<string, unknown>) => {
  const channel = visibleChannel(ctx, readString(params, 'channel_id'));
  const id = readString(params, 'bookmark_id');
  const bookmark = ctx.state.bookmarks.find((candidate) => candidate.id === id && candidate.channel_id === channel.id);
  return bookmark ?? fail('not_found');
};

export const channelExtraMethods: Record<string, MethodHandler> = {
  'pins.add': (ctx, params) => {
    const { channel, message } = pinnedMessage(ctx, readString(params, 'channel'), readString(params, 'timestamp'));
    if (ctx.state.pins.some((pin) => pin.channel === channel.id && pin.ts === message.ts)) fail('already_pinned');
    const pin = {
      channel: channel.id,
      ts: message.ts,
      created: toSeconds(ctx.now()),
      created_by: ctx.state.bot.userId,
    };
    ctx.state.pins.push(pin);
    ctx.record({ kind: 'pinned', channel: channel.id, ts: message.ts, actor: ctx.state.bot.userId });
    return { ok: true };
  },

  'pins.remove': (ctx, params) => {
    const { channel, message } = pinnedMessage(ctx, readString(params, 'channel'), readString(params, 'timestamp'));
    const index = ctx.state.pins.findIndex((pin) => pin.channel === channel.id && pin.ts === message.ts);
    if (index < 0) fail('no_pin');
    ctx.state.pins.splice(index, 1);
    ctx.record({ kind: 'unpinned', channel: channel.id, ts: message.ts, actor: ctx.state.bot.userId });
    return { ok: true };
  },

  'pins.list': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    const items = ctx.state.pins
      .filter((pin) => pin.channel === channel.id)
      .map((pin) => ({
        type: 'message',
        created: pin.created,
        created_by: pin.created_by,
        channel: pin.channel,
        message: messageJson(findMessage(ctx, channel.id, pin.ts)),
      }));
    return { ok: true, items };
  },

  'reactions.add': (ctx, params) => {
    const { channel, message, name } = reactedMessage(ctx, params);
    const actor = ctx.state.bot.userId;
    const reaction = message.reactions.find((candidate) => candidate.name === name);
    if (reaction?.users.includes(actor)) fail('already_reacted');
    if (reaction) reaction.users.push(actor);
    else message.reactions.push({ name, users: [actor] });
    ctx.record({ kind: 'reaction_added', channel: channel.id, ts: message.ts, name, actor });
    return { ok: true };
  },

  'reactions.remove': (ctx, params) => {
    const { channel, message, name } = reactedMessage(ctx, params);
    const actor = ctx.state.bot.userId;
    const reaction = message.reactions.find((candidate) => candidate.name === name);
    if (!reaction?.users.includes(actor)) return fail('no_reaction');
    reaction.users = reaction.users.filter((user) => user !== actor);
    message.reactions = message.reactions.filter((candidate) => candidate.users.length > 0);
    ctx.record({ kind: 'reaction_removed', channel: channel.id, ts: message.ts, name, actor });
    return { ok: true };
  },

  'reactions.get': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    const message = findMessage(ctx, channel.id, readString(params, 'timestamp'));
    return { ok: true, type: 'message', channel: channel.id, message: messageJson(message) };
  },

  'bookmarks.add': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel_id'));
    const title = requireString(params, 'title');
    if (readString(params, 'type') !== 'link') fail('invalid_bookmark_type');
    const link = readString(params, 'link') ?? '';
    checkLink(link);
    const emoji = readString(params, 'emoji');
    const now = toSeconds(ctx.now());
    const bookmark: FakeBookmark = {
      id: ctx.nextId('Bk'),
      channel_id: channel.id,
      title,
      link,
      ...(emoji ? { emoji } : {}),
      type: 'link',
      date_created: now,
      date_updated: now,
      created_by: ctx.state.bot.userId,
    };
    ctx.state.bookmarks.push(bookmark);
    ctx.record({ kind: 'bookmark', channel: channel.id, title, link, edited: false });
    return { ok: true, bookmark: { ...bookmark } };
  },

  'bookmarks.edit': (ctx, params) => {
    const bookmark = findBookmark(ctx, params);
    const title = readString(params, 'title');
    const link = readString(params, 'link');
    const emoji = readString(params, 'emoji');
    if (link !== undefined) checkLink(link);
    if (title !== undefined) bookmark.title = title;
    if (link !== undefined) bookmark.link = link;
    if (emoji !== undefined) bookmark.emoji = emoji;
    bookmark.date_updated = toSeconds(ctx.now());
    ctx.record({
      kind: 'bookmark',
      channel: bookmark.channel_id,
      title: bookmark.title,
      link: bookmark.link,
      edited: true,
    });
    return { ok: true, bookmark: { ...bookmark } };
  },

  'bookmarks.remove': (ctx, params) => {
    const bookmark = findBookmark(ctx, params);
    ctx.state.bookmarks = ctx.state.bookmarks.filter((candidate) => candidate !== bookmark);
    return { ok: true };
  },

  'bookmarks.list': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel_id'));
    return { ok: true, bookmarks: ctx.state.bookmarks.filter((bookmark) => bookmark.channel_id === channel.id) };
  },
};
