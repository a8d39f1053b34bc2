import { buildResolvePrompt, describeResolvedForAuthor } from '../../blocks/resolve-prompt.ts';
import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident resolve [message]`: resolves at once, or asks first about the impact windows. */
export const answerResolve: SubcommandAnswer<'resolve'> = async ({ context, command, origin, respond }) => {
  const message = command.message ? { message: command.message } : {};
  const start = await context.resolution.start(targetOf({ command, origin }), { actorId: origin.userId, ...message });
  await respond(
    start.kind === 'resolved'
      ? ephemeral(describeResolvedForAuthor(start.incident.number))
      : { response_type: 'ephemeral', ...buildResolvePrompt({ start, ...message }) },
  );
};
