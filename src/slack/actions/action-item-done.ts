import type { App } from '@slack/bolt';
import { actionButtonPattern } from '../blocks/action-item-list.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { answerActionClick, readActionButtonClick } from './action-item-click.ts';

/** "Done" on an action item: closes it, which stops its reminders. */
export const registerActionDone = (app: App, context: SlackContext): void => {
  app.action(actionButtonPattern(ACTIONS.actionDone), async ({ ack, body, respond }) => {
    await ack();
    const clicked = readActionButtonClick(body);
    if (!clicked) return;
    await answerActionClick({
      context,
      clicked,
      respond,
      change: async () => {
        const action = await context.actionItems.markDone({ id: clicked.click.actionId, actorId: clicked.userId });
        return `:white_check_mark: *${action.title}* is done. Thank you!`;
      },
    });
  });
};
