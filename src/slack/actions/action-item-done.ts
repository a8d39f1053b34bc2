import type { App } from '@slack/bolt';
import { escapeTypedText } from '../../domain/text/escape-mrkdwn.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { registerActionItemButton } from './action-item-click.ts';

/** "Done" on an action item: closes it, which stops its reminders. */
export const registerActionItemDone = (app: App, context: SlackContext): void =>
  registerActionItemButton({
    app,
    context,
    kind: ACTIONS.actionDone,
    change: async (clicked) => {
      const actionItem = await context.actionItems.markDone({ id: clicked.value.actionId, actorId: clicked.userId });
      return `:white_check_mark: *${escapeTypedText(actionItem.title)}* is done. Thank you!`;
    },
  });
