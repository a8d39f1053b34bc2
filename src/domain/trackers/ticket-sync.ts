import { ACTION_KIND_LABELS } from '../action-items/action-item-kinds.ts';
import type { ActionItemView } from '../action-items/action-item-view.ts';
import { localDayOf } from '../time/business-days.ts';
import type { TicketDraft, TicketState, TicketStatus } from './tracker.ts';

const STATUS_OF: Record<ActionItemView['status'], TicketStatus> = {
  suggested: 'open',
  open: 'open',
  done: 'done',
  wont_do: 'cancelled',
};

/** The zone an action's due day is read in: its owner's when the due date was set, else the team's. */
const dueZoneOf = (action: ActionItemView, teamZone: string): string => action.ownerTimeZone ?? teamZone;

/**
 * The ticket as the action item says it should be: done or won't do closes it, the owner (by the email Slack gives)
 * is the assignee, and the due day is the calendar day the action is due on in its owner's zone.
 */
export const desiredTicketState = ({
  action,
  ownerEmail,
  teamZone,
}: {
  action: ActionItemView;
  ownerEmail: string | null;
  teamZone: string;
}): TicketState => ({
  status: STATUS_OF[action.status],
  assigneeEmail: ownerEmail,
  dueDate: action.dueAt === null ? null : localDayOf(action.dueAt, dueZoneOf(action, teamZone)),
});

/** `star-fix`: the label a ticket gets for the action's STAR kind, one word in every tracker. */
export const starLabelOf = (kind: ActionItemView['kind']): string[] => (kind === null ? [] : [`star-${kind}`]);

/** A link to the incident's Slack channel that opens in the app or the browser. */
const channelLink = (channelId: string) => `https://slack.com/app_redirect?channel=${encodeURIComponent(channelId)}`;

/**
 * The ticket for an action item: its title, a description that says where it comes from and that sitrep keeps it
 * in step, the STAR kind as a label, and the state the action says.
 */
export const buildTicketDraft = ({ action, state }: { action: ActionItemView; state: TicketState }): TicketDraft => {
  const incident = `incident ${action.incidentNumber}: ${action.incidentTitle}`;
  const from =
    action.incidentChannelId === null
      ? `From ${incident}.`
      : `From [${incident}](${channelLink(action.incidentChannelId)}).`;
  const kind = action.kind === null ? [] : [`STAR kind: ${ACTION_KIND_LABELS[action.kind]}.`];
  return {
    actionId: action.id,
    title: action.title,
    description: [
      `A follow-up action item (Step To Avoid Recurrence) ${from.charAt(0).toLowerCase()}${from.slice(1)}`,
      ...kind,
      'sitrep keeps this ticket and the action item in step: closing, cancelling, reassigning or moving its due date here does the same in Slack.',
    ].join('\n\n'),
    labels: starLabelOf(action.kind),
    state,
  };
};
