import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident postmortem`: drafts the postmortem again, as a new version posted in the incident's channel. */
export const answerPostmortem: SubcommandAnswer<'postmortem'> = async ({ context, command, origin, respond }) => {
  const { incident, version } = await context.postmortems.regenerate(targetOf({ command, origin }), {
    actorId: origin.userId,
    requestKey: `command:${origin.triggerId}`,
  });
  const where = incident.channelId ? `<#${incident.channelId}>` : 'the incident channel';
  const draft = incident.status === 'resolved' ? '' : ' The incident is not resolved yet, so it is an early draft.';
  await respond(
    ephemeral(
      `:memo: Postmortem draft v${version.version} of incident ${incident.number} is being posted in ${where} as a canvas and a Markdown file.${draft}`,
    ),
  );
};
