import type { App } from '@slack/bolt';
import { answerAfterForm } from '../answer-after-form.ts';
import { readCloseWindowsModal } from '../blocks/close-windows-modal.ts';
import { describeResolvedForAuthor } from '../blocks/resolve-prompt.ts';
import { readResolveRequest } from '../blocks/resolve-request.ts';
import type { SlackContext } from '../context.ts';
import { VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';

/**
 * The form that sets when each open impact window ended. Errors go back next to the field; a valid submission
 * closes the windows at those times and resolves, once however often it is submitted.
 */
export const registerCloseImpactWindowsView = (app: App, context: SlackContext): void => {
  app.view(VIEWS.closeImpactWindows, async ({ ack, view, body, client }) => {
    const request = readResolveRequest(view.private_metadata);
    if (!request) {
      await ack();
      return;
    }
    const read = readCloseWindowsModal(view.state.values, { request, now: context.now() });
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();
    const userId = body.user.id;
    let text: string;
    try {
      const incident = await context.resolution.closeWindowsAndResolve({
        incidentId: request.incidentId,
        actorId: userId,
        windowIds: request.windowIds,
        ends: read.ends,
        ...(request.message === undefined ? {} : { message: request.message }),
      });
      text = describeResolvedForAuthor(incident.number);
    } catch (error) {
      text = describeFailure(error, context.logger);
    }
    await answerAfterForm({ client, channelId: request.channelId, userId, text, logger: context.logger });
  });
};
