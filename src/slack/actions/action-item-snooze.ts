import type { App } from '@slack/bolt';
import { actionButtonPattern } from '../blocks/action-item-list.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { answerActionClick, readActionButtonClick } from './action-item-click.ts';

/** "Snooze 1 business day" on an action item: its due date moves to the next business day. */
export const registerActionSnooze = (app: App, context: SlackContext): void => {
  app.action(actionButtonPattern(ACTIONS.actionSnooze), async ({ ack, body, respond }) => {
    await ack();
    const clicked = readActionButtonClick(body);
    if (!clicked) return;
    await answerActionClick({
      context,
      clicked,
      respond,
      change: async () => {
        const action = await context.actionItems.snooze({ id: clicked.click.actionId, actorId: clicked.userId });
        return `:zzz: *${action.title}* is now due ${context.actionItems.dueLabelOf(action) ?? 'without a date'}.`;
      },
    });
  });
};
