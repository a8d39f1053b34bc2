import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident page <service> [reason]`: pages the service's on-call through PagerDuty now. */
export const answerPage: SubcommandAnswer<'page'> = async ({ context, command, origin, respond }) => {
  const incident = await context.flows.page(targetOf({ command, origin }), {
    service: command.service,
    ...(command.reason === undefined ? {} : { reason: command.reason }),
    actorId: origin.userId,
  });
  await respond(
    ephemeral(
      `Paging the ${command.service} on-call through PagerDuty for incident ${incident.number}; the incident channel hears when PagerDuty has it.`,
    ),
  );
};
