import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident status investigating|identified|monitoring [message]` (`resolved` goes to `resolve`). */
export const answerStatus: SubcommandAnswer<'status'> = async ({ context, command, origin, respond }) => {
  const incident = await context.flows.changeStatus(targetOf({ command, origin }), {
    to: command.status,
    actorId: origin.userId,
    ...(command.message ? { message: command.message } : {}),
  });
  await respond(ephemeral(`Incident ${incident.number} is now ${incident.status}.`));
};
