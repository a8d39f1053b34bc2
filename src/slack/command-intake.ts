import type { SocketModeReceiver } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../observability/logger.ts';
import type { SlackApp } from './app.ts';
import { type CommandForm, type CommandJournal, type CommandRunner, createCommandRunner } from './command-runner.ts';
import { REFUSALS, runThroughBolt } from './fast-ack.ts';

/** What the Socket Mode client hands its `slack_event` listeners: the envelope's payload and how to acknowledge it. */
type SocketEvent = { type?: unknown; body?: unknown; ack: (response?: Record<string, unknown>) => Promise<void> };

/** Said in the acknowledgement when a command could not even be journaled. */
const FAILED = ":warning: sitrep couldn't take that command just now, so nothing was done. Please try again.";

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
  // Bolt registers its listener when the receiver is built; sitrep's takes its place and hands it what is not a
  // slash command. Were there none (a Bolt that registers it later), commands would run twice: refuse to start.
  const bolt = client.listeners('slack_event');
  if (bolt.length !== 1) throw new Error(`expected Bolt's one Socket Mode listener, found ${bolt.length}`);
  client.removeAllListeners('slack_event');
  const handle = async (event: SocketEvent): Promise<void> => {
    const command = event.type === 'slash_commands' ? ZSlashCommandPayload.safeParse(event.body) : undefined;
    if (!command?.success) {
      for (const listener of bolt) await Reflect.apply(listener, client, [event]);
      return;
    }
    let acceptance: Awaited<ReturnType<CommandRunner['accept']>> | 'failed';
    try {
      acceptance = await commands.accept(formOf(command.data));
    } catch (error) {
      logger.error({ err: error }, 'a slash command over Socket Mode could not be journaled');
      acceptance = 'failed';
    }
    const refusal = acceptance === 'failed' ? FAILED : acceptance === 'accepted' ? undefined : REFUSALS[acceptance];
    await event.ack(refusal === undefined ? undefined : { response_type: 'ephemeral', text: refusal });
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
