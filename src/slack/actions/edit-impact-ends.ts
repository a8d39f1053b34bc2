import type { App } from '@slack/bolt';
import { buildCloseWindowsModal } from '../blocks/close-windows-modal.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';
import { readResolveClick } from './resolve-button.ts';

/** Edit on the resolve question: a form to set when each open window ended; submitting it resolves. */
export const registerEditImpactEndsAction = (app: App, context: SlackContext): void => {
  app.action(ACTIONS.editImpactEnds, async ({ ack, body, client, respond }) => {
    await ack();
    const click = readResolveClick(body);
    if (!click) return;
    try {
      const { incident, open } = await context.resolution.findOpenWindows(click.value.incidentId);
      if (open.length === 0) {
        await respond({
          replace_original: true,
          text: `Incident ${incident.number} has no open impact window any more. Run \`/incident resolve\` again.`,
        });
        return;
      }
      await client.views.open({
        trigger_id: click.triggerId,
        view: buildCloseWindowsModal({
          incident,
          open,
          now: context.now(),
          request: { ...click.value, ...(click.channelId === undefined ? {} : { channelId: click.channelId }) },
          teamTimeZone: context.team.team.timeZone,
        }),
      });
    } catch (error) {
      await respond({ replace_original: true, text: describeFailure(error, context.logger) });
    }
  });
};
