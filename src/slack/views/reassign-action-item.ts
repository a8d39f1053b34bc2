import type { App } from '@slack/bolt';
import { escapeTypedText } from '../../domain/text/escape-mrkdwn.ts';
import { answerAfterForm } from '../answer-after-form.ts';
import { readReassignModal } from '../blocks/action-item-modals.ts';
import type { SlackContext } from '../context.ts';
import { BLOCKS, VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';
import { readActionItemForm } from './action-item-form.ts';

/** The "Reassign" form: a person Slack does not know as an active one is refused next to the field. */
export const registerReassignActionItemView = (app: App, context: SlackContext): void => {
  app.view(VIEWS.reassignAction, async ({ ack, view, body, client }) => {
    const form = await readActionItemForm({ view, ack, read: readReassignModal });
    if (!form) return;
    const { click, input } = form;
    const userId = body.user.id;
    try {
      const actionItem = await context.actionItems.reassign({
        id: click.actionId,
        actorId: userId,
        ownerId: input.ownerId,
      });
      await ack();
      await answerAfterForm({
        client,
        channelId: click.channelId,
        userId,
        text: `:handshake: <@${input.ownerId}> owns *${escapeTypedText(actionItem.title)}* now; I've let them know.`,
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
