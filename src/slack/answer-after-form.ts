import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../observability/logger.ts';

export type AnswerAfterFormOptions = {
  client: WebClient;
  /** Where the form was opened from, if sitrep knows. */
  channelId: string | undefined;
  userId: string;
  text: string;
  /** Buttons under the text, when the answer offers a next step. */
  blocks?: KnownBlock[];
  logger: Logger;
};

/**
 * Tells the person how a form they submitted went. The modal is closed by then and has no response URL: say it
 * where they were, or in a DM when the form came from elsewhere or the bot cannot post there (not a member).
 */
export const answerAfterForm = async ({ client, channelId, userId, text, blocks, logger }: AnswerAfterFormOptions) => {
  const message = { text, ...(blocks === undefined ? {} : { blocks }) };
  if (channelId) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user: userId, ...message });
      return;
    } catch (error) {
      logger.debug({ err: error }, 'could not answer in the channel; answering in a DM');
    }
  }
  await client.chat.postMessage({ channel: userId, ...message });
};
