import { buildTeamDeclareModal } from '../../blocks/declare-modal.ts';
import type { SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident` alone: the form to declare an incident. */
export const openDeclareModal: SubcommandAnswer<'open_modal'> = async ({ context, origin, client }) => {
  await client.views.open({
    trigger_id: origin.triggerId,
    view: buildTeamDeclareModal({
      team: context.team,
      channelId: origin.channelId,
      onCallEnabled: context.onCall.enabled,
    }),
  });
};
