import type { App } from '@slack/bolt';
import { buildRecordImpactModal } from '../blocks/record-impact-modal.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';
import { readResolveClick } from './resolve-button.ts';

/** "Record impact" on the resolve question: a form for the one window to record; submitting it resolves. */
export const registerRecordImpactAction = (app: App, context: SlackContext): void => {
  app.action(ACTIONS.recordImpact, async ({ ack, body, client, respond }) => {
    await ack();
    const click = readResolveClick(body);
    if (!click) return;
    const services = context.team.services.map((service) => service.name);
    if (services.length === 0) {
      await respond({
        replace_original: false,
        text: 'Impact is recorded per service, and sitrep.yml lists none. Add the services there first.',
      });
      return;
    }
    try {
      const { incident } = await context.resolution.findOpenWindows(click.value.incidentId);
      await client.views.open({
        trigger_id: click.triggerId,
        view: buildRecordImpactModal({
          incident,
          services,
          now: context.now(),
          request: { ...click.value, ...(click.channelId === undefined ? {} : { channelId: click.channelId }) },
        }),
      });
    } catch (error) {
      await respond({ replace_original: true, text: describeFailure(error, context.logger) });
    }
  });
};
