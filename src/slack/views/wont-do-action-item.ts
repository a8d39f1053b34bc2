import type { App } from '@slack/bolt';
import { escapeTypedText } from '../../domain/text/escape-mrkdwn.ts';
import { answerAfterForm } from '../answer-after-form.ts';
import { readWontDoModal } from '../blocks/action-item-modals.ts';
import type { SlackContext } from '../context.ts';
import { VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';
import { readActionItemForm } from './action-item-form.ts';

/** The "Won't do" form: closes the action item with its reason, which stops its reminders. */
export const registerWontDoActionItemView = (app: App, context: SlackContext): void => {
  app.view(VIEWS.wontDoAction, async ({ ack, view, body, client }) => {
    const form = await readActionItemForm({ view, ack, read: readWontDoModal });
    if (!form) return;
    const { click, input } = form;
    await ack();
    const userId = body.user.id;
    let text: string;
    try {
      const actionItem = await context.actionItems.wontDo({
        id: click.actionId,
        actorId: userId,
        reason: input.reason,
      });
      text = `*${escapeTypedText(actionItem.title)}* is marked won't do; the postmortem keeps your reason.`;
    } catch (error) {
      text = describeFailure(error, context.logger);
    }
    await answerAfterForm({ client, channelId: click.channelId, userId, text, logger: context.logger });
  });
};
