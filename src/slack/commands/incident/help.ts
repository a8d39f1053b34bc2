import { INCIDENT_HELP } from '../../../domain/incident-command/incident-command.ts';
import { ephemeral, type SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident help`: every subcommand with an example. */
export const answerHelp: SubcommandAnswer<'help'> = async ({ respond }) => {
  await respond(ephemeral(INCIDENT_HELP));
};
