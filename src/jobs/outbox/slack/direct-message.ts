import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { platformError, SettledError } from './judge-slack-failure.ts';

/**
 * conversations.open's answers for a person who can never be written to: deactivated, gone, or a bot. No retry
 * changes them, so the message is settled with the reason (listed by `sitrep outbox`) rather than held for ever.
 */
const UNREACHABLE = new Set(['user_disabled', 'user_not_found', 'user_not_visible', 'cannot_dm_bot']);

/** Opens the bot's direct message with a person and posts in it. */
export const sendDirectMessage = async (
  client: WebClient,
  { userId, text, blocks }: { userId: string; text: string; blocks?: KnownBlock[] },
): Promise<void> => {
  const opened = await client.conversations.open({ users: userId }).catch((error: unknown) => {
    const problem = platformError(error);
    if (problem !== undefined && UNREACHABLE.has(problem)) {
      throw new SettledError(`<@${userId}> cannot be sent a direct message: Slack said ${problem}`);
    }
    throw error;
  });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  await client.chat.postMessage({ channel, text, ...(blocks === undefined ? {} : { blocks }) });
};
