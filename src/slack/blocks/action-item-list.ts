import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { ACTION_KIND_LABELS } from '../../domain/action-items/action-item-kinds.ts';
import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { ACTION_STATUS_LABELS, labelDueDay } from '../../domain/slack-lines/action-item-lines.ts';
import type { ActionItemList, ActionItemScope } from '../../flows/action-items/list-action-items.ts';
import { ACTIONS } from '../ids.ts';
import { linkUrlFitted, mrkdwn, plainText, type SlackMessage, truncateMrkdwn } from './format.ts';
import { readJson } from './read-json.ts';

/**
 * What an action item's button carries (its `value`, then a modal's `private_metadata`): the item, and the list it
 * was clicked in (scope and incident), so the list can be shown again as it is after the change. Buttons in a
 * direct message carry no list.
 */
const ZActionItemClick = z.object({
  actionId: z.uuid(),
  scope: z.enum(['mine', 'overdue', 'all']).optional(),
  incident: z.number().int().positive().optional(),
  /** Where the person clicked, to answer there after a form. */
  channelId: z.string().optional(),
});
export type TActionItemClick = z.infer<typeof ZActionItemClick>;

/** What an action item's button or form carried; undefined when it is not one (never throws). */
export const readActionItemClick = (text: unknown): TActionItemClick | undefined =>
  readJson({ schema: ZActionItemClick, text });

// A message holds 50 blocks; each action item takes two (its line and its buttons) and the list a header and a footer.
const MAX_SHOWN = 20;

/** Of a section's 3,000 characters: what is left once the title (500), the reason (500) and the details are in. */
const MAX_LINKED_URL = 1_500;

const SCOPE_TITLES: Record<ActionItemScope, string> = {
  mine: 'Your open action items',
  overdue: 'Overdue action items',
  all: 'Action items',
};

/**
 * The `action_id` of an action item's button: the kind, then the item, so that a list of several items holds each
 * id once (Slack refuses a message that repeats one). Listeners match the kind with `actionItemButtonPattern`.
 */
const buttonId = (kind: string, actionItemId: string): string => `${kind}:${actionItemId}`;

/** Matches the buttons of one kind, whatever action item they belong to. */
export const actionItemButtonPattern = (kind: string): RegExp => new RegExp(`^${kind}(:|$)`);

/** The Done / Snooze / Reassign / Won't do buttons of one open action item. */
export const buildActionButtons = (click: TActionItemClick): KnownBlock => {
  const value = JSON.stringify(click);
  const id = (kind: string) => buttonId(kind, click.actionId);
  return {
    type: 'actions',
    block_id: `action_buttons:${click.actionId}`,
    elements: [
      { type: 'button', action_id: id(ACTIONS.actionDone), text: plainText('Done'), style: 'primary', value },
      { type: 'button', action_id: id(ACTIONS.actionSnooze), text: plainText('Snooze 1 business day'), value },
      { type: 'button', action_id: id(ACTIONS.actionReassign), text: plainText('Reassign'), value },
      { type: 'button', action_id: id(ACTIONS.actionWontDo), text: plainText("Won't do"), style: 'danger', value },
    ],
  };
};

const describeDue = ({ actionItem, now }: { actionItem: ActionItemView; now: Date }): string => {
  if (actionItem.dueAt === null) return 'no due date';
  const label = labelDueDay({ dueAt: actionItem.dueAt, zone: actionItem.ownerTimeZone ?? 'UTC' });
  if (actionItem.status !== 'open') return `was due ${label}`;
  return actionItem.dueAt.getTime() < now.getTime() ? `:warning: overdue, was due ${label}` : `due ${label}`;
};

/** One action item as a line: title (linked to its tracker), kind, incident, owner, due date, status. */
export const describeActionLine = ({
  action: actionItem,
  now,
  withIncident,
}: {
  action: ActionItemView;
  now: Date;
  withIncident: boolean;
}): string => {
  // A URL is never cut, so one too long to fit beside the title and the reason (3,000 in all) goes unlinked.
  const linked =
    actionItem.trackerUrl === null || actionItem.trackerUrl.length > MAX_LINKED_URL
      ? `*${truncateMrkdwn(actionItem.title, 500)}*`
      : `*${linkUrlFitted(actionItem.trackerUrl, actionItem.title, 500)}*`;
  const details = [
    ...(actionItem.kind === null ? [] : [ACTION_KIND_LABELS[actionItem.kind]]),
    ...(withIncident ? [`incident ${actionItem.incidentNumber}`] : []),
    actionItem.ownerId === null ? 'no owner' : `<@${actionItem.ownerId}>`,
    describeDue({ actionItem, now }),
    ...(actionItem.status === 'open' ? [] : [ACTION_STATUS_LABELS[actionItem.status]]),
  ];
  const reason =
    actionItem.status === 'wont_do' && actionItem.wontDoReason
      ? `\n_${truncateMrkdwn(actionItem.wontDoReason, 500)}_`
      : '';
  return `${linked}\n${details.join(' · ')}${reason}`;
};

/** `/incident actions`: the list with the buttons of each open action item. */
export const buildActionItemList = ({ list }: { list: ActionItemList }): SlackMessage => {
  const { scope, incident, actions: actionItems, now } = list;
  const title = incident === undefined ? SCOPE_TITLES[scope] : `${SCOPE_TITLES[scope]} of incident ${incident.number}`;
  const shown = actionItems.slice(0, MAX_SHOWN);
  const blocks: KnownBlock[] = [{ type: 'header', text: plainText(title) }];
  if (actionItems.length === 0) {
    const empty =
      scope === 'mine'
        ? 'Nothing assigned to you. :tada:'
        : scope === 'overdue'
          ? 'Nothing is overdue. :tada:'
          : 'No action items yet. Add one with `/incident action &lt;what will be done&gt; @owner`.';
    blocks.push({ type: 'section', text: mrkdwn(empty) });
  }
  for (const actionItem of shown) {
    blocks.push({
      type: 'section',
      text: mrkdwn(describeActionLine({ action: actionItem, now, withIncident: incident === undefined })),
    });
    if (actionItem.status === 'open') {
      blocks.push(
        buildActionButtons({
          actionId: actionItem.id,
          scope,
          ...(incident === undefined ? {} : { incident: incident.number }),
        }),
      );
    }
  }
  if (actionItems.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`Showing ${shown.length} of ${actionItems.length}; \`sitrep actions\` lists them all.`)],
    });
  }
  return { text: `${title}: ${actionItems.length}`, blocks };
};
