import { escapeTypedText } from '../text/escape-mrkdwn.ts';
import { TRACKER_NAMES, type TrackerKind } from '../trackers/tracker.ts';

// The channel's lines about an action item's ticket. A change made in the tracker is said as made there (by the
// tracker user's name, which is text from outside and escaped like anything typed), not as made by a Slack person.

export type TicketLineSubject = { title: string; tracker: TrackerKind; ticketKey: string; actorName: string | null };

const where = ({ tracker, ticketKey, actorName }: Omit<TicketLineSubject, 'title'>): string =>
  `in ${TRACKER_NAMES[tracker]} (${escapeTypedText(ticketKey)})${actorName === null ? '' : ` by ${escapeTypedText(actorName)}`}`;

/** `:ticket: *Add an alert on 5xx* is <https://…|PAY-7> in Jira now.` */
export const describeTicketOpened = ({
  title,
  tracker,
  ticketKey,
  url,
}: Omit<TicketLineSubject, 'actorName'> & { url: string }): string =>
  `:ticket: *${escapeTypedText(title)}* is <${url}|${escapeTypedText(ticketKey)}> in ${TRACKER_NAMES[tracker]} now; closing, reassigning or moving it there does the same here.`;

export const describeTicketDone = ({ title, ...subject }: TicketLineSubject): string =>
  `:white_check_mark: *${escapeTypedText(title)}* was closed as done ${where(subject)}.`;

/** The reason an action item cancelled in its tracker keeps (the postmortem shows it). */
export const describeTicketCancelReason = ({
  tracker,
  ticketKey,
  reason,
}: Pick<TicketLineSubject, 'tracker' | 'ticketKey'> & { reason: string | null }): string =>
  `Cancelled in ${TRACKER_NAMES[tracker]} (${ticketKey})${reason === null || reason.trim() === '' ? ', no reason given' : `: ${reason.trim()}`}`;

export const describeTicketCancelled = ({
  title,
  reason,
  ...subject
}: TicketLineSubject & { reason: string | null }): string =>
  `*${escapeTypedText(title)}* was cancelled ${where(subject)}, so it won't be done${reason === null || reason.trim() === '' ? '.' : `: ${escapeTypedText(reason.trim())}`}`;

export const describeTicketReassigned = ({
  title,
  ownerId,
  dueLabel,
  ...subject
}: TicketLineSubject & { ownerId: string; dueLabel: string | null }): string =>
  `*${escapeTypedText(title)}* was assigned to <@${ownerId}> ${where(subject)}${dueLabel === null ? '' : `, due ${dueLabel}`}.`;

export const describeTicketDueMoved = ({
  title,
  dueLabel,
  ...subject
}: TicketLineSubject & { dueLabel: string | null }): string =>
  dueLabel === null
    ? `*${escapeTypedText(title)}* has no due date now: cleared ${where(subject)}.`
    : `*${escapeTypedText(title)}* is due ${dueLabel} now: moved ${where(subject)}.`;

/** A ticket assigned in the tracker to someone without a Slack account sitrep can find by email. */
export const describeTicketAssigneeUnknown = ({
  title,
  ownerId,
  assigneeName,
  ...subject
}: TicketLineSubject & { ownerId: string | null; assigneeName: string }): string =>
  `:warning: *${escapeTypedText(title)}* was assigned to ${escapeTypedText(assigneeName)} ${where(subject)}, whom I cannot find in Slack by email; it stays with ${ownerId === null ? 'no owner' : `<@${ownerId}>`}.`;
