import type { SocketModeReceiver } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../observability/logger.ts';
import type { SlackApp } from './app.ts';
import { type CommandForm, type CommandJournal, type CommandRunner, createCommandRunner } from './command-runner.ts';
import { REFUSALS, runThroughBolt } from './fast-ack.ts';

/** What the Socket Mode client hands its `slack_event` listeners: the envelope's payload and how to acknowledge it. */
type SocketEvent = { type?: unknown; body?: unknown; ack: (response?: Record<string, unknown>) => Promise<void> };
type SocketEventListener = (event: SocketEvent) => Promise<void> | void;

/** A slash command's payload over the socket: the same fields as its HTTP form, as strings. */
const ZSlashCommandPayload = z.looseObject({ command: z.string() });

/** The fields to journal, as over HTTP: strings only, without Slack's legacy verification token. */
const formOf = (payload: Record<string, unknown>): CommandForm => {
  const form: CommandForm = {};
  for (const [key, value] of Object.entries(payload))
    if (typeof value === 'string' && key !== 'token') form[key] = value;
  return form;
};

/**
 * Journals slash commands that come over Socket Mode before acknowledging them, as the HTTP route does (fast-ack.ts):
 * a command Slack was told was received survives a restart, and past the bound of waiting commands the person is told
 * at once in the acknowledgement. Bolt's own listener on the socket still gets every other envelope (events, buttons,
 * views) as it came; journaled commands reach Bolt through the command runner.
 */
const journalSocketCommands = ({
  receiver,
  commands,
  logger,
}: {
  receiver: SocketModeReceiver;
  commands: Pick<CommandRunner, 'accept'>;
  logger: Logger;
}): void => {
  const { client } = receiver;
  // Bolt registered its listener when the receiver was built; sitrep's goes in front of it, for commands only.
  const bolt = client.listeners('slack_event') as SocketEventListener[];
  client.removeAllListeners('slack_event');
  const handle = async (event: SocketEvent): Promise<void> => {
    const command = event.type === 'slash_commands' ? ZSlashCommandPayload.safeParse(event.body) : undefined;
    if (!command?.success) {
      for (const listener of bolt) await listener(event);
      return;
    }
    const acceptance = await commands.accept(formOf(command.data));
    await event.ack(acceptance === 'accepted' ? undefined : { response_type: 'ephemeral', text: REFUSALS[acceptance] });
  };
  client.on('slack_event', (event: SocketEvent) => {
    handle(event).catch((error: unknown) => logger.error({ err: error }, 'a Socket Mode envelope failed'));
  });
};

/**
 * The command runner of the Slack app: journals each slash command and runs it through Bolt. Over HTTP the route
 * hands it commands (fast-ack.ts); over Socket Mode it takes them from the socket itself.
 */
export const createCommandIntake = ({
  slack,
  journal,
  logger,
}: {
  slack: SlackApp;
  journal: CommandJournal;
  logger: Logger;
}): CommandRunner => {
  const commands = createCommandRunner({ journal, run: runThroughBolt(slack.app), logger });
  if (slack.mode === 'socket') journalSocketCommands({ receiver: slack.receiver, commands, logger });
  return commands;
};
