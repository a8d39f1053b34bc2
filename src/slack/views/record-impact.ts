import type { App } from '@slack/bolt';
import { answerAfterForm } from '../answer-after-form.ts';
import { readRecordImpactModal } from '../blocks/record-impact-modal.ts';
import { describeResolvedForAuthor } from '../blocks/resolve-prompt.ts';
import { readResolveRequest } from '../blocks/resolve-request.ts';
import type { SlackContext } from '../context.ts';
import { VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';

/**
 * The "Record impact" form. Errors go back next to the field; a valid submission records the window and resolves
 * in one transaction, so a second submission records nothing more.
 */
export const registerRecordImpactView = (app: App, context: SlackContext): void => {
  app.view(VIEWS.recordImpact, async ({ ack, view, body, client }) => {
    const request = readResolveRequest(view.private_metadata);
    if (!request) {
      await ack();
      return;
    }
    const read = readRecordImpactModal(view.state.values, {
      services: context.team.services.map((service) => service.name),
      now: context.now(),
    });
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();
    const userId = body.user.id;
    let text: string;
    try {
      const incident = await context.resolution.recordImpactAndResolve({
        incidentId: request.incidentId,
        actorId: userId,
        impact: read.impact,
        ...(request.message === undefined ? {} : { message: request.message }),
      });
      text = describeResolvedForAuthor(incident.number);
    } catch (error) {
      text = describeFailure(error, context.logger);
    }
    await answerAfterForm({ client, channelId: request.channelId, userId, text, logger: context.logger });
  });
};
