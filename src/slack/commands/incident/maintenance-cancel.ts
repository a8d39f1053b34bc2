import { ephemeral, type SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident maintenance cancel <number|id>`: cancels a maintenance, or ends one in progress now. */
export const answerMaintenanceCancel: SubcommandAnswer<'maintenance_cancel'> = async ({
  context,
  command,
  origin,
  respond,
}) => {
  await respond(ephemeral(await context.maintenance.cancel({ ref: command.maintenance, actorId: origin.userId })));
};
