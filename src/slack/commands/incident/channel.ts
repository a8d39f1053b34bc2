import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident channel`: tries again to open the channel Slack would not create. */
export const answerChannel: SubcommandAnswer<'channel'> = async ({ context, command, origin, respond }) => {
  const incident = await context.flows.openChannelAgain(targetOf({ command, origin }), { actorId: origin.userId });
  await respond(
    ephemeral(
      `Opening the channel of incident ${incident.number} again. If Slack still refuses, <@${incident.declaredBy}> and the announcements channel are told why.`,
    ),
  );
};
