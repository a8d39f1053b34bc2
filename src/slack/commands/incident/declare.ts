import { severityName } from '../../../domain/incident/incident.ts';
import { escapeTypedText } from '../../../domain/text/escape-mrkdwn.ts';
import { ephemeral, type SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident declare [severity] [service:] <title>`: declares once per request. */
export const answerDeclare: SubcommandAnswer<'declare'> = async ({ context, command, origin, respond }) => {
  const { incident, created } = await context.flows.declare({
    requestKey: `command:${origin.triggerId}`,
    title: command.title,
    severity: command.severity,
    services: command.services,
    description: null,
    impactStartedAt: null,
    actorId: origin.userId,
  });
  await respond(
    ephemeral(
      created
        ? `:rotating_light: Declared incident ${incident.number} (${severityName(incident.severity, context.team.severities)}): ${escapeTypedText(incident.title)}. I'm opening its channel and inviting you; you are the lead until someone else takes over.`
        : `Incident ${incident.number} was already declared from this request.`,
    ),
  );
};
