import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/** How a subcommand answers the person who typed it. */
export type Respond = (message: string | RespondArguments) => Promise<unknown>;

/**
 * The person's answer, at the command's response URL while Slack still takes it there (30 minutes), otherwise by
 * direct message from the bot: a command run late, after a restart, is still answered.
 */
export const answerTo = ({
  late,
  respond,
  client,
  userId,
}: {
  late: boolean;
  respond: RespondFn;
  client: WebClient;
  userId: string;
}): Respond => {
  if (!late) return respond;
  return (message) => {
    if (typeof message === 'string') return client.chat.postMessage({ channel: userId, text: message });
    const { response_type: _type, replace_original: _replace, delete_original: _delete, ...rest } = message;
    const fallback = ':hourglass: sitrep was restarting when you typed this; here is the answer.';
    return client.chat.postMessage({ ...rest, channel: userId, text: rest.text ?? fallback });
  };
};
