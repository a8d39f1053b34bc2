import { ACTION_KIND_LABELS, type ActionKindName } from '../action-items/action-item-kinds.ts';
import { escapeTypedText } from '../text/escape-mrkdwn.ts';
import { createWallClock, dayOf, labelDay } from '../time/wall-clock.ts';

// What people read about action items: the line in the incident channel (also the timeline entry), the direct
// messages of the follow-up, and the labels of lists. Slack renders `<@U…>` as the person's name. Titles and reasons
// are what people typed: escaped here, a person mentioned as Slack writes it staying a mention.

/** `Fri 4 Dec 2026`: the day an action is due, in the zone it was set in (the owner's). */
export const labelDueDay = ({ dueAt, zone }: { dueAt: Date; zone: string }): string =>
  labelDay(dayOf(createWallClock(zone)(dueAt)));

/** `Fri 4 Dec 2026` for an ISO calendar day. */
export const labelCalendarDay = (day: string): string =>
  labelDay(Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000));

export const ACTION_STATUS_LABELS = {
  suggested: 'suggested',
  open: 'open',
  done: 'done',
  wont_do: "won't do",
} as const;

export type ActionLineSubject = {
  title: string;
  kind: ActionKindName | null;
  ownerId: string | null;
  dueLabel: string | null;
};

const describeOwnerAndDue = ({ ownerId, dueLabel }: Pick<ActionLineSubject, 'ownerId' | 'dueLabel'>): string => {
  const owner = ownerId === null ? 'no owner yet' : `owner <@${ownerId}>`;
  return dueLabel === null ? owner : `${owner}, due ${dueLabel}`;
};

/** `<@alice> added an action item (Alarm): *Add an alert on 5xx*, owner <@bob>, due Fri 4 Dec 2026.` */
export const describeActionAdded = ({ actorId, ...action }: ActionLineSubject & { actorId: string }): string => {
  const kind = action.kind === null ? '' : ` (${ACTION_KIND_LABELS[action.kind]})`;
  return `<@${actorId}> added an action item${kind}: *${escapeTypedText(action.title)}*, ${describeOwnerAndDue(action)}.`;
};

export const describeActionDone = ({ title, actorId }: { title: string; actorId: string }): string =>
  `:white_check_mark: <@${actorId}> marked *${escapeTypedText(title)}* done.`;

export const describeActionWontDo = ({
  title,
  actorId,
  reason,
}: {
  title: string;
  actorId: string;
  reason: string;
}): string => `<@${actorId}> decided *${escapeTypedText(title)}* won't be done: ${escapeTypedText(reason)}`;

export const describeActionReassigned = ({
  title,
  actorId,
  ownerId,
  dueLabel,
}: {
  title: string;
  actorId: string;
  ownerId: string;
  dueLabel: string | null;
}): string =>
  `<@${actorId}> handed *${escapeTypedText(title)}* to <@${ownerId}>${dueLabel === null ? '' : `, due ${dueLabel}`}.`;

export const describeActionSnoozed = ({
  title,
  actorId,
  dueLabel,
}: {
  title: string;
  actorId: string;
  dueLabel: string;
}): string => `<@${actorId}> moved *${escapeTypedText(title)}* one business day, to ${dueLabel}.`;

/** The direct message to a new owner. */
export const describeActionAssigned = ({
  title,
  incidentNumber,
  dueLabel,
}: {
  title: string;
  incidentNumber: number;
  dueLabel: string | null;
}): string =>
  `:clipboard: You own an action item of incident ${incidentNumber}: *${escapeTypedText(title)}*${dueLabel === null ? '' : `, due ${dueLabel}`}.`;

/** The reminder an owner gets: before, on and after the due day. */
export const describeReminder = ({
  reminder,
  title,
  incidentNumber,
  dueLabel,
  businessDaysOverdue,
}: {
  reminder: 'day_before' | 'due' | 'overdue';
  title: string;
  incidentNumber: number;
  dueLabel: string;
  businessDaysOverdue: number;
}): string => {
  const what = `*${escapeTypedText(title)}* (incident ${incidentNumber})`;
  if (reminder === 'day_before') return `:alarm_clock: Tomorrow is the due day of ${what}: ${dueLabel}.`;
  if (reminder === 'due') return `:alarm_clock: ${what} is due today, ${dueLabel}.`;
  const days = businessDaysOverdue === 1 ? '1 business day' : `${businessDaysOverdue} business days`;
  return `:warning: ${what} is overdue by ${days} (it was due ${dueLabel}).`;
};

/** What the incident lead is told once an action is long overdue. */
export const describeEscalation = ({
  title,
  incidentNumber,
  ownerId,
  dueLabel,
  businessDaysOverdue,
}: {
  title: string;
  incidentNumber: number;
  ownerId: string | null;
  dueLabel: string;
  businessDaysOverdue: number;
}): string => {
  const owner = ownerId === null ? 'It has no owner' : `<@${ownerId}> owns it`;
  return `:warning: An action item of incident ${incidentNumber}, which you lead, is ${businessDaysOverdue} business days overdue: *${escapeTypedText(title)}* (due ${dueLabel}). ${owner}; maybe it needs help, another owner or a new date.`;
};
