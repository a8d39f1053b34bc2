import type { App } from '@slack/bolt';
import { answerAfterForm } from '../answer-after-form.ts';
import { isFormErrors } from '../blocks/modal-fields.ts';
import { readPublishModal, readPublishRequest } from '../blocks/publish-update-modal.ts';
import { describePublishedForAuthor } from '../blocks/published-answer.ts';
import type { SlackContext } from '../context.ts';
import { VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';

/** The public update form: errors go back under the field; a valid one publishes once, however often it is sent. */
export const registerPublishUpdateView = (app: App, context: SlackContext): void => {
  app.view(VIEWS.publishUpdate, async ({ ack, view, body, client }) => {
    const request = readPublishRequest(view.private_metadata);
    if (!request) {
      await ack();
      return;
    }
    const input = readPublishModal(view.state.values);
    if (isFormErrors(input)) {
      await ack({ response_action: 'errors', errors: input.errors });
      return;
    }
    await ack();
    const userId = body.user.id;
    let text: string;
    try {
      // The view's id is the same for every delivery of one submission: Slack's retries publish once.
      const published = await context.publicUpdates.publishFor(request.incidentId, {
        ...input,
        actorId: userId,
        requestKey: `view:${view.id}`,
      });
      text = describePublishedForAuthor(published);
    } catch (error) {
      text = describeFailure(error, context.logger);
    }
    await answerAfterForm({ client, channelId: request.channelId, userId, text, logger: context.logger });
  });
};
