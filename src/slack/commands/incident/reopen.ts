import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident reopen <reason>`: a resolved incident is investigated again. */
export const answerReopen: SubcommandAnswer<'reopen'> = async ({ context, command, origin, respond }) => {
  const incident = await context.flows.reopen(targetOf({ command, origin }), {
    reason: command.reason,
    actorId: origin.userId,
  });
  await respond(ephemeral(`Incident ${incident.number} is open again (investigating).`));
};
