import { buildDeployList } from '../../blocks/deploy-list.ts';
import type { SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident changes [service] [2h|90m]`: the recent deploys and other changes. */
export const answerChanges: SubcommandAnswer<'changes'> = async ({ context, command, respond }) => {
  const deploys = await context.events.listChanges({
    services: command.service === undefined ? [] : [command.service],
    minutes: command.minutes,
  });
  await respond({
    response_type: 'ephemeral',
    ...buildDeployList({
      deploys,
      service: command.service,
      minutes: command.minutes,
      teamTimeZone: context.team.team.timeZone,
    }),
  });
};
