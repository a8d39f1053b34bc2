import { severityName } from '../../../domain/incident/incident.ts';
import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident sev <severity>`. */
export const answerSeverity: SubcommandAnswer<'severity'> = async ({ context, command, origin, respond }) => {
  const incident = await context.flows.changeSeverity(targetOf({ command, origin }), {
    severity: command.severity,
    actorId: origin.userId,
  });
  await respond(
    ephemeral(`Incident ${incident.number} is now ${severityName(incident.severity, context.team.severities)}.`),
  );
};
