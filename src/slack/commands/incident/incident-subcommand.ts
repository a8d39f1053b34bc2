import type { WebClient } from '@slack/web-api';
import type { TIncidentCommand } from '../../../domain/incident-command/incident-command.ts';
import type { IncidentTarget } from '../../../flows/incident-flows.ts';
import type { SlackContext } from '../../context.ts';
import type { Respond } from './late-answer.ts';

export type IncidentCommandKind = TIncidentCommand['kind'];

/** Who typed the command and where; the trigger id is also the request key of what the command writes. */
type CommandOrigin = { userId: string; channelId: string; triggerId: string };

/** What the answer to one subcommand gets: the command as parsed, where it came from and how to answer. */
export type SubcommandRequest<K extends IncidentCommandKind> = {
  context: SlackContext;
  command: Extract<TIncidentCommand, { kind: K }>;
  origin: CommandOrigin;
  respond: Respond;
  client: WebClient;
};

/** Runs one subcommand and says, to the person only, what happened. */
export type SubcommandAnswer<K extends IncidentCommandKind> = (request: SubcommandRequest<K>) => Promise<void>;

export const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text });

/** The incident a command is about: the one it names (`#42`), otherwise the one whose channel it was typed in. */
export const targetOf = ({
  command,
  origin,
}: {
  command: { incident?: number };
  origin: CommandOrigin;
}): IncidentTarget => ({
  channelId: origin.channelId,
  ...(command.incident === undefined ? {} : { number: command.incident }),
});
