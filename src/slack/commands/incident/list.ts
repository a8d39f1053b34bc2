import { buildIncidentList } from '../../blocks/incident-list.ts';
import type { SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident list`: the open incidents. */
export const answerList: SubcommandAnswer<'list'> = async ({ context, respond }) => {
  const { team } = context;
  const incidents = await context.flows.listOpen();
  await respond({
    response_type: 'ephemeral',
    ...buildIncidentList({
      incidents,
      severities: team.severities,
      now: context.now(),
      teamTimeZone: team.team.timeZone,
    }),
  });
};
