import { z } from 'zod';
import { readBlocks } from './block-kit.ts';
import type { MethodContext } from './fake-slack-state.ts';
import { messagesOf } from './fake-slack-state.ts';
import type { SlackAnswer } from './fake-slack-types.ts';
import { postAsBot } from './methods/chat.ts';
import { SlackMethodError } from './params.ts';

const ZFlag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]).optional();

const ZResponseBody = z.looseObject({
  text: z.string().optional(),
  blocks: z.unknown().optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: ZFlag,
  delete_original: ZFlag,
  thread_ts: z.string().optional(),
});

const invalid = (error: string): SlackAnswer => ({ status: 400, body: { ok: false, error } });

/**
 * What Slack does with a post to a response URL: for one minted by `fake.newResponseUrl` it posts in the channel
 * (in_channel), shows the user an ephemeral message, or replaces / deletes the original message; for any other URL
 * it only records the post.
 */
export const answerResponseUrl = (ctx: MethodContext, { url, body }: { url: string; body: unknown }): SlackAnswer => {
  const parsed = ZResponseBody.safeParse(body);
  if (!parsed.success) return invalid('invalid_payload');
  const reply = parsed.data;
  let blocks: unknown[] | undefined;
  try {
    blocks = readBlocks(reply.blocks);
  } catch (error) {
    if (error instanceof SlackMethodError) return invalid(error.code);
    throw error;
  }
  const text = reply.text ?? '';
  if (!reply.delete_original && text === '' && !blocks?.length) return invalid('no_text');
  ctx.state.responses.push({ url, body, at: ctx.now() });

  const target = ctx.state.responseUrls.get(url);
  const responseType = reply.response_type ?? 'ephemeral';
  if (!target) {
    ctx.record({ kind: 'response', url, text, blocks, responseType });
    return { status: 200, body: { ok: true } };
  }
  const original = target.messageTs
    ? messagesOf(ctx, target.channel).find((message) => message.ts === target.messageTs)
    : undefined;
  if (reply.delete_original && original) {
    const list = messagesOf(ctx, target.channel);
    list.splice(list.indexOf(original), 1);
    ctx.record({ kind: 'message_deleted', channel: target.channel, ts: original.ts });
  } else if (reply.replace_original && original) {
    original.text = text;
    if (blocks) original.blocks = blocks;
    original.edited = { user: ctx.state.bot.userId, ts: ctx.nextTs() };
    ctx.record({ kind: 'message_updated', channel: target.channel, ts: original.ts, text, blocks });
  } else if (responseType === 'in_channel') {
    postAsBot(
      ctx,
      target.channel,
      { text, ...(blocks ? { blocks } : {}) },
      reply.thread_ts ? { thread_ts: reply.thread_ts } : {},
    );
  } else {
    ctx.state.ephemerals.push({
      channel: target.channel,
      user: target.user,
      ts: ctx.nextTs(),
      text,
      ...(blocks ? { blocks } : {}),
    });
    ctx.record({ kind: 'ephemeral', channel: target.channel, user: target.user, text, blocks });
  }
  return { status: 200, body: { ok: true } };
};
