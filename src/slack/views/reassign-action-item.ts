import type { App } from '@slack/bolt';
import { answerAfterForm } from '../answer-after-form.ts';
import { readActionClick } from '../blocks/action-item-list.ts';
import { readReassignModal } from '../blocks/action-item-modals.ts';
import type { SlackContext } from '../context.ts';
import { BLOCKS, VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';

/** The "Reassign" form: a person Slack does not know as an active one is refused next to the field. */
export const registerReassignActionView = (app: App, context: SlackContext): void => {
  app.view(VIEWS.reassignAction, async ({ ack, view, body, client }) => {
    const click = readActionClick(view.private_metadata);
    const read = readReassignModal(view.state.values);
    if (!click || 'errors' in read) {
      await ack(click && 'errors' in read ? { response_action: 'errors', errors: read.errors } : undefined);
      return;
    }
    const userId = body.user.id;
    try {
      const action = await context.actionItems.reassign({ id: click.actionId, actorId: userId, ownerId: read.ownerId });
      await ack();
      await answerAfterForm({
        client,
        channelId: click.channelId,
        userId,
        text: `:handshake: <@${read.ownerId}> owns *${action.title}* now; I've let them know.`,
        logger: context.logger,
      });
    } catch (error) {
      await ack({
        response_action: 'errors',
        errors: { [BLOCKS.actionOwner]: describeFailure(error, context.logger) },
      });
    }
  });
};
