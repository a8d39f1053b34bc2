import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident postmortem complete`: from then on sitrep follows up the action items. */
export const answerPostmortemComplete: SubcommandAnswer<'postmortem_complete'> = async ({
  context,
  command,
  origin,
  respond,
}) => {
  const { incident, version, completed } = await context.actionItems.completePostmortem(targetOf({ command, origin }), {
    actorId: origin.userId,
  });
  await respond(
    ephemeral(
      completed
        ? `:white_check_mark: The postmortem of incident ${incident.number} (v${version}) is complete. sitrep follows up its action items until they are done.`
        : `The postmortem of incident ${incident.number} (v${version}) was already marked complete.`,
    ),
  );
};
