import type { App } from '@slack/bolt';
import { escapeTypedText } from '../../domain/text/escape-mrkdwn.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { registerActionItemButton } from './action-item-click.ts';

/** "Snooze 1 business day" on an action item: its due date moves to the next business day. */
export const registerActionItemSnooze = (app: App, context: SlackContext): void =>
  registerActionItemButton({
    app,
    context,
    kind: ACTIONS.actionSnooze,
    change: async (clicked) => {
      const actionItem = await context.actionItems.snooze({ id: clicked.value.actionId, actorId: clicked.userId });
      return `:zzz: *${escapeTypedText(actionItem.title)}* is now due ${context.actionItems.dueLabelOf(actionItem) ?? 'without a date'}.`;
    },
  });
