import type { App } from '@slack/bolt';
import { buildDeclareModal } from '../blocks/declare-modal.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS, SHORTCUTS } from '../ids.ts';

/** The global shortcut and the App Home button both open the declare modal, before any other work. */
export const registerDeclareIncidentShortcut = (app: App, context: SlackContext): void => {
  const modal = () =>
    buildDeclareModal({
      severities: context.team.severities,
      defaultSeverity: context.team.defaultSeverity,
      services: context.team.services.map((s) => s.name),
      teamTimeZone: context.team.team.timeZone,
    });
  app.shortcut(SHORTCUTS.declareIncident, async ({ ack, shortcut, client }) => {
    await ack();
    await client.views.open({ trigger_id: shortcut.trigger_id, view: modal() });
  });
  app.action(ACTIONS.openDeclareModal, async ({ ack, body, client }) => {
    await ack();
    if ('trigger_id' in body && typeof body.trigger_id === 'string') {
      await client.views.open({ trigger_id: body.trigger_id, view: modal() });
    }
  });
};
