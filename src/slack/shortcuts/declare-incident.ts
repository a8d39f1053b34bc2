import type { App } from '@slack/bolt';
import { buildTeamDeclareModal } from '../blocks/declare-modal.ts';
import type { SlackContext } from '../context.ts';
import { SHORTCUTS } from '../ids.ts';

/** The global shortcut "Declare an incident": the declare modal, before any other work. */
export const registerDeclareIncidentShortcut = (app: App, context: SlackContext): void => {
  app.shortcut(SHORTCUTS.declareIncident, async ({ ack, shortcut, client }) => {
    await ack();
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: buildTeamDeclareModal({ team: context.team, onCallEnabled: context.onCall.enabled }),
    });
  });
};
