import { readBlocks } from '../block-kit.ts';
import type { MethodContext, MethodHandler, NewMessage } from '../fake-slack-state.ts';
import {
  appendMessage,
  findMessage,
  messageJson,
  messagesOf,
  postableChannel,
  requireUser,
  visibleChannel,
} from '../fake-slack-state.ts';
import type { FakeMessage, SlackParams } from '../fake-slack-types.ts';
import { fail, readBoolean, readJson, readString, requireString } from '../params.ts';

type Content = { text: string; blocks?: unknown[]; attachments?: unknown[] };

/** text, markdown_text, blocks or attachments: at least one, and text within Slack's 40,000 characters. */
const readContent = (params: SlackParams): Content => {
  const text = readString(params, 'text') ?? readString(params, 'markdown_text') ?? '';
  const blocks = readBlocks(params.blocks);
  const rawAttachments = readJson(params, 'attachments');
  const attachments = Array.isArray(rawAttachments) ? rawAttachments : undefined;
  if (text === '' && !blocks?.length && !attachments?.length) fail('no_text');
  if (text.length > 40_000) fail('msg_too_long');
  return { text, ...(blocks ? { blocks } : {}), ...(attachments ? { attachments } : {}) };
};

const isOwnMessage = (ctx: MethodContext, message: FakeMessage) =>
  message.bot_id === ctx.state.bot.botId || message.user === ctx.state.bot.userId;

export const permalinkOf = (channel: string, message: Pick<FakeMessage, 'ts' | 'thread_ts'>) => {
  const base = `https://fake.slack.test/archives/${channel}/p${message.ts.replace('.', '')}`;
  const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
  return isReply ? `${base}?thread_ts=${message.thread_ts}&cid=${channel}` : base;
};

/** Posts as the bot; shared by chat.postMessage and in_channel replies to response URLs. */
export const postAsBot = (ctx: MethodContext, channel: string, content: Content, extra: Partial<NewMessage> = {}) =>
  appendMessage(ctx, {
    channel,
    ...content,
    ...extra,
    user: ctx.state.bot.userId,
    bot_id: ctx.state.bot.botId,
  });

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': (ctx, params) => {
    const channel = postableChannel(ctx, readString(params, 'channel'));
    const content = readContent(params);
    const threadTs = readString(params, 'thread_ts');
    const username = readString(params, 'username');
    const metadata = readJson(params, 'metadata');
    const message = postAsBot(ctx, channel.id, content, {
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(username ? { username } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
      reply_broadcast: readBoolean(params, 'reply_broadcast'),
    });
    return { ok: true, channel: channel.id, ts: message.ts, message: messageJson(message) };
  },

  'chat.postEphemeral': (ctx, params) => {
    const channel = postableChannel(ctx, readString(params, 'channel'));
    const user = requireUser(ctx, readString(params, 'user'));
    const content = readContent(params);
    const inChannel = channel.is_im ? channel.user === user.id : channel.members.includes(user.id);
    if (!inChannel) fail('user_not_in_channel');
    const ts = ctx.nextTs();
    const threadTs = readString(params, 'thread_ts');
    ctx.state.ephemerals.push({
      channel: channel.id,
      user: user.id,
      ts,
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    ctx.record({ kind: 'ephemeral', channel: channel.id, user: user.id, text: content.text, blocks: content.blocks });
    return { ok: true, message_ts: ts };
  },

  'chat.update': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    const message = findMessage(ctx, channel.id, requireString(params, 'ts', 'message_not_found'));
    if (!isOwnMessage(ctx, message)) fail('cant_update_message');
    if (channel.is_archived) fail('is_archived');
    const content = readContent(params);
    message.text = content.text;
    if (content.blocks) message.blocks = content.blocks;
    if (content.attachments) message.attachments = content.attachments;
    message.edited = { user: ctx.state.bot.userId, ts: ctx.nextTs() };
    ctx.record({
      kind: 'message_updated',
      channel: channel.id,
      ts: message.ts,
      text: message.text,
      blocks: message.blocks,
    });
    return { ok: true, channel: channel.id, ts: message.ts, text: message.text, message: messageJson(message) };
  },

  'chat.delete': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    const message = findMessage(ctx, channel.id, requireString(params, 'ts', 'message_not_found'));
    if (!isOwnMessage(ctx, message)) fail('cant_delete_message');
    const list = messagesOf(ctx, channel.id);
    list.splice(list.indexOf(message), 1);
    const parent = message.thread_ts ? list.find((candidate) => candidate.ts === message.thread_ts) : undefined;
    if (parent?.reply_count) parent.reply_count -= 1;
    ctx.state.pins = ctx.state.pins.filter((pin) => !(pin.channel === channel.id && pin.ts === message.ts));
    ctx.record({ kind: 'message_deleted', channel: channel.id, ts: message.ts });
    return { ok: true, channel: channel.id, ts: message.ts };
  },

  'chat.getPermalink': (ctx, params) => {
    const channel = visibleChannel(ctx, readString(params, 'channel'));
    const message = findMessage(ctx, channel.id, requireString(params, 'message_ts', 'message_not_found'));
    return { ok: true, channel: channel.id, permalink: permalinkOf(channel.id, message) };
  },
};
