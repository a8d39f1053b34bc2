import type { App } from '@slack/bolt';
import { answerAfterForm } from '../answer-after-form.ts';
import { readActionClick } from '../blocks/action-item-list.ts';
import { readWontDoModal } from '../blocks/action-item-modals.ts';
import type { SlackContext } from '../context.ts';
import { VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';

/** The "Won't do" form: closes the action with its reason, which stops its reminders. */
export const registerWontDoActionView = (app: App, context: SlackContext): void => {
  app.view(VIEWS.wontDoAction, async ({ ack, view, body, client }) => {
    const click = readActionClick(view.private_metadata);
    const read = readWontDoModal(view.state.values);
    if (!click || 'errors' in read) {
      await ack(click && 'errors' in read ? { response_action: 'errors', errors: read.errors } : undefined);
      return;
    }
    await ack();
    const userId = body.user.id;
    let text: string;
    try {
      const action = await context.actionItems.wontDo({ id: click.actionId, actorId: userId, reason: read.reason });
      text = `*${action.title}* is marked won't do; the postmortem keeps your reason.`;
    } catch (error) {
      text = describeFailure(error, context.logger);
    }
    await answerAfterForm({ client, channelId: click.channelId, userId, text, logger: context.logger });
  });
};
