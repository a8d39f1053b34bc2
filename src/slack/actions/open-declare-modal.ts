import type { App } from '@slack/bolt';
import { buildTeamDeclareModal } from '../blocks/declare-modal.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';

/** "Declare an incident" on the App Home: the declare modal, before any other work. */
export const registerOpenDeclareModalAction = (app: App, context: SlackContext): void => {
  app.action(ACTIONS.openDeclareModal, async ({ ack, body, client }) => {
    await ack();
    if ('trigger_id' in body && typeof body.trigger_id === 'string') {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildTeamDeclareModal({ team: context.team, onCallEnabled: context.onCall.enabled }),
      });
    }
  });
};
