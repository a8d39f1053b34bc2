import { ephemeral, type SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident maintenance <services> <start> <duration> <public text>`: schedules and announces maintenance. */
export const answerMaintenance: SubcommandAnswer<'maintenance'> = async ({ context, command, origin, respond }) => {
  const { answer } = await context.maintenance.schedule({
    services: command.services,
    start: command.start,
    minutes: command.minutes,
    publicText: command.publicText,
    actorId: origin.userId,
    requestKey: origin.triggerId,
  });
  await respond(ephemeral(answer));
};
