import { buildResolvePrompt } from '../../blocks/resolve-prompt.ts';
import { answerResolved } from '../../resolve-outcome.ts';
import type { SubcommandAnswer } from './incident-subcommand.ts';
import { targetOf } from './incident-subcommand.ts';

/**
 * `/incident resolve [message]`: resolves at once, or asks first about the impact windows. Once resolved, it offers a
 * final public update when the status page has told customers about the incident.
 */
export const answerResolve: SubcommandAnswer<'resolve'> = async ({ context, command, origin, respond }) => {
  const message = command.message ? { message: command.message } : {};
  const start = await context.resolution.start(targetOf({ command, origin }), { actorId: origin.userId, ...message });
  await respond({
    response_type: 'ephemeral',
    ...(start.kind === 'resolved'
      ? await answerResolved({ context, incident: start.incident })
      : buildResolvePrompt({ start, ...message })),
  });
};
