import { ephemeral, type SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident maintenance list`: maintenance upcoming and in progress, in the person's zone. */
export const answerMaintenanceList: SubcommandAnswer<'maintenance_list'> = async ({ context, origin, respond }) => {
  await respond(ephemeral(await context.maintenance.describeCurrent(origin.userId)));
};
