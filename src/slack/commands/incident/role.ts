import { ROLE_NAMES } from '../../../domain/slack-lines/incident-lines.ts';
import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident lead|comms|scribe @person` and `/incident role <role> @person`. */
export const answerRole: SubcommandAnswer<'role'> = async ({ context, command, origin, respond }) => {
  const incident = await context.flows.assignRole(targetOf({ command, origin }), {
    role: command.role,
    userId: command.userId,
    actorId: origin.userId,
  });
  await respond(
    ephemeral(`<@${command.userId}> is now the ${ROLE_NAMES[command.role]} of incident ${incident.number}.`),
  );
};
