import type { App } from '@slack/bolt';
import { FINAL_PUBLIC_TEXT } from '../../domain/status-page/public-update-rules.ts';
import { buildPublishModal, readPublishRequest } from '../blocks/publish-update-modal.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';
import { readButtonClick } from './button-click.ts';

/**
 * The buttons that open the public update form: "Post a public update" on the pinned summary (empty, stating the
 * incident's status) and "Post a final public update" after resolving (prefilled to say it is resolved, stating
 * resolved). Submitting it is `views/publish-update.ts`.
 */
export const registerOpenPublishModalActions = (app: App, context: SlackContext): void => {
  for (const final of [false, true]) {
    app.action(
      final ? ACTIONS.openFinalPublicUpdate : ACTIONS.openPublishUpdate,
      async ({ ack, body, client, respond }) => {
        await ack();
        const click = readButtonClick({ body, readValue: readPublishRequest });
        if (!click) return;
        try {
          const { incident, publicTitle } = await context.publicUpdates.draftFor(click.value.incidentId);
          await client.views.open({
            trigger_id: click.triggerId,
            view: buildPublishModal({
              request: { ...click.value, ...(click.channelId === undefined ? {} : { channelId: click.channelId }) },
              incidentNumber: incident.number,
              publicTitle,
              text: final ? FINAL_PUBLIC_TEXT : '',
              status: final ? 'resolved' : incident.status,
            }),
          });
        } catch (error) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: describeFailure(error, context.logger),
          });
        }
      },
    );
  }
};
