import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { ACTION_KIND_LABELS } from '../../domain/action-items/action-item-kinds.ts';
import { ACTION_STATUS_LABELS, labelDueDay } from '../../domain/slack-lines/action-item-lines.ts';
import type { ActionList, ActionScope } from '../../flows/action-item-flows.ts';
import type { ActionView } from '../../store/action-item-store.ts';
import { ACTIONS } from '../ids.ts';
import { linkUrl, mrkdwn, plainText, type SlackMessage, truncateMrkdwn } from './format.ts';

/**
 * What an action item's button carries (its `value`, then a modal's `private_metadata`): the action, and the list it
 * was clicked in (scope and incident), so the list can be shown again as it is after the change. Buttons in a
 * direct message carry no list.
 */
export const ZActionClick = z.object({
  actionId: z.uuid(),
  scope: z.enum(['mine', 'overdue', 'all']).optional(),
  incident: z.number().int().positive().optional(),
  /** Where the person clicked, to answer there after a form. */
  channelId: z.string().optional(),
});
export type TActionClick = z.infer<typeof ZActionClick>;

export const readActionClick = (text: unknown): TActionClick | undefined => {
  if (typeof text !== 'string') return undefined;
  try {
    const parsed = ZActionClick.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

// A message holds 50 blocks; each action takes two (its line and its buttons) and the list a header and a footer.
const MAX_SHOWN = 20;

const SCOPE_TITLES: Record<ActionScope, string> = {
  mine: 'Your open action items',
  overdue: 'Overdue action items',
  all: 'Action items',
};

/**
 * The `action_id` of an action item's button: the kind, then the item, so that a list of several items holds each
 * id once (Slack refuses a message that repeats one). Listeners match the kind with `actionButtonPattern`.
 */
const buttonId = (kind: string, actionId: string): string => `${kind}:${actionId}`;

/** Matches the buttons of one kind, whatever action item they belong to. */
export const actionButtonPattern = (kind: string): RegExp => new RegExp(`^${kind}(:|$)`);

/** The Done / Snooze / Reassign / Won't do buttons of one open action. */
export const buildActionButtons = (click: TActionClick): KnownBlock => {
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

const describeDue = ({ action, now }: { action: ActionView; now: Date }): string => {
  if (action.dueAt === null) return 'no due date';
  const label = labelDueDay({ dueAt: action.dueAt, zone: action.ownerTimeZone ?? 'UTC' });
  if (action.status !== 'open') return `was due ${label}`;
  return action.dueAt.getTime() < now.getTime() ? `:warning: overdue, was due ${label}` : `due ${label}`;
};

/** One action as a line: title (linked to its tracker), kind, incident, owner, due date, status. */
export const describeActionLine = ({
  action,
  now,
  withIncident,
}: {
  action: ActionView;
  now: Date;
  withIncident: boolean;
}): string => {
  const title = truncateMrkdwn(action.title, 500);
  const linked = action.trackerUrl === null ? `*${title}*` : `*${linkUrl(action.trackerUrl, title)}*`;
  const details = [
    ...(action.kind === null ? [] : [ACTION_KIND_LABELS[action.kind]]),
    ...(withIncident ? [`incident ${action.incidentNumber}`] : []),
    action.ownerId === null ? 'no owner' : `<@${action.ownerId}>`,
    describeDue({ action, now }),
    ...(action.status === 'open' ? [] : [ACTION_STATUS_LABELS[action.status]]),
  ];
  const reason =
    action.status === 'wont_do' && action.wontDoReason ? `\n_${truncateMrkdwn(action.wontDoReason, 500)}_` : '';
  return `${linked}\n${details.join(' · ')}${reason}`;
};

/** `/incident actions`: the list with the buttons of each open action. */
export const buildActionList = ({ list }: { list: ActionList }): SlackMessage => {
  const { scope, incident, actions, now } = list;
  const title = incident === undefined ? SCOPE_TITLES[scope] : `${SCOPE_TITLES[scope]} of incident ${incident.number}`;
  const shown = actions.slice(0, MAX_SHOWN);
  const blocks: KnownBlock[] = [{ type: 'header', text: plainText(title) }];
  if (actions.length === 0) {
    const empty =
      scope === 'mine'
        ? 'Nothing assigned to you. :tada:'
        : scope === 'overdue'
          ? 'Nothing is overdue. :tada:'
          : 'No action items yet. Add one with `/incident action <what will be done> @owner`.';
    blocks.push({ type: 'section', text: mrkdwn(empty) });
  }
  for (const action of shown) {
    blocks.push({
      type: 'section',
      text: mrkdwn(describeActionLine({ action, now, withIncident: incident === undefined })),
    });
    if (action.status === 'open') {
      blocks.push(
        buildActionButtons({
          actionId: action.id,
          scope,
          ...(incident === undefined ? {} : { incident: incident.number }),
        }),
      );
    }
  }
  if (actions.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`Showing ${shown.length} of ${actions.length}; \`sitrep actions\` lists them all.`)],
    });
  }
  return { text: `${title}: ${actions.length}`, blocks };
};
