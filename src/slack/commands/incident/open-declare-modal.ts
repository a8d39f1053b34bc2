import { buildDeclareModal } from '../../blocks/declare-modal.ts';
import type { SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident` alone: the form to declare an incident. */
export const openDeclareModal: SubcommandAnswer<'open_modal'> = async ({ context, origin, client }) => {
  const { team } = context;
  await client.views.open({
    trigger_id: origin.triggerId,
    view: buildDeclareModal({
      severities: team.severities,
      defaultSeverity: team.defaultSeverity,
      services: team.services.map((s) => s.name),
      channelId: origin.channelId,
      teamTimeZone: team.team.timeZone,
    }),
  });
};
