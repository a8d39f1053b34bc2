import { ServiceError } from '../outbox/service-error.ts';

/**
 * The port between sitrep's action items and a team's issue tracker (Jira Cloud, Linear, GitHub Issues): one
 * adapter per tracker implements `TrackerClient` for the calls out and parses the tracker's webhooks into
 * `TicketEvent`s for the way back. sitrep keeps three things of a ticket in step with its action item: whether it
 * is open, done or cancelled; who it is assigned to (by email, the one name Slack and trackers share); its due day.
 */

export type TrackerKind = 'jira' | 'linear' | 'github';

export const TRACKER_NAMES: Record<TrackerKind, string> = { jira: 'Jira', linear: 'Linear', github: 'GitHub' };

/** Where a team's or a service's new tickets go (sitrep.yml), with the labels they get besides the STAR kind. */
export type TrackerTarget =
  | { kind: 'jira'; project: string; issueType: string; labels: string[] }
  | { kind: 'linear'; team: string; labels: string[] }
  | { kind: 'github'; repository: string; labels: string[] };

/** Open, done (completed), or cancelled (won't do, not planned). */
export type TicketStatus = 'open' | 'done' | 'cancelled';

/** What sitrep keeps in step on a ticket. `dueDate` is a calendar day (YYYY-MM-DD), as trackers store it. */
export type TicketState = {
  status: TicketStatus;
  assigneeEmail: string | null;
  dueDate: string | null;
};

/** A ticket sitrep created or linked: `key` is how its tracker names it (PAY-7, a Linear issue id, acme/web#12). */
export type TicketRef = { kind: TrackerKind; key: string; url: string };

/** A new ticket for an action item. `description` is Markdown: the incident's link and the action's STAR kind. */
export type TicketDraft = {
  /** The action item's id: a tracker that takes a client-chosen id (Linear) uses it, so a retried create adds one. */
  actionId: string;
  title: string;
  description: string;
  labels: string[];
  state: TicketState;
};

/** The fields to change on a ticket; `reason` goes with a cancel where the tracker keeps one. */
export type TicketChange = Partial<TicketState> & { reason?: string };

/**
 * A tracker's API as sitrep uses it. Every method throws `TrackerError` on a refusal or an unreachable tracker.
 * `update` changes only the fields given; `read` answers what the ticket says now.
 */
export type TrackerClient = {
  create: (target: TrackerTarget, draft: TicketDraft) => Promise<TicketRef>;
  read: (ref: TicketRef) => Promise<TicketState>;
  update: (ref: TicketRef, change: TicketChange) => Promise<void>;
  /** A tracker user's email when the webhook named them without it (Jira's privacy settings, Linear, GitHub). */
  emailOf: (userId: string) => Promise<string | null>;
  /**
   * The tracker's id of the account sitrep acts as (Jira's accountId, Linear's viewer id, GitHub's login), asked
   * once and remembered: a webhook event that account made is sitrep's own change coming back, and is let be.
   */
  ownUserId: () => Promise<string>;
};

/** A tracker did not do what was asked (see `ServiceError`: transient, or the request is wrong). */
export class TrackerError extends ServiceError {
  override name = 'TrackerError';
}

/** Who changed a ticket, as its tracker's webhook named them. */
export type TicketAssignee = { email: string | null; userId: string; name: string } | null;

/**
 * What a tracker's webhook said happened to a ticket, each field only when it changed in that delivery.
 * `deliveryId` is the tracker's id of the delivery, so a redelivery changes nothing.
 */
export type TicketEvent = {
  tracker: TrackerKind;
  deliveryId: string;
  ticketKey: string;
  /** The tracker user who made the change, for the channel line ("in Jira by Ann Lee"). */
  actorName: string | null;
  /** That user's id in the tracker (as `ownUserId` gives it), to tell sitrep's own changes from people's. */
  actorId: string | null;
  status?: { to: TicketStatus; reason: string | null };
  assignee?: TicketAssignee;
  dueDate?: string | null;
};

/**
 * The fields of `current` that differ from `desired`, or null when the ticket is in step. Only an open ticket's
 * status changes: done and cancelled are both closed, and not moved into each other nor reopened. An unknown assignee
 * (`desired.assigneeEmail` null: the owner has no email sitrep can see) leaves the ticket's assignee alone rather
 * than unassigning it; emails compare without case.
 */
export const planTicketChange = ({
  desired,
  current,
}: {
  desired: TicketState;
  current: TicketState;
}): TicketChange | null => {
  const change: TicketChange = {};
  // Closed is closed: a tracker may have one way to close a ticket only (a Jira workflow without a won't-do), and a
  // ticket someone closed the other way keeps the tracker's word for it. sitrep reopens no action item, so it
  // reopens no ticket either: an open action with a closed ticket (a closed ticket linked) leaves the ticket be.
  if (desired.status !== current.status && current.status === 'open') change.status = desired.status;
  if (
    desired.assigneeEmail !== null &&
    desired.assigneeEmail.toLowerCase() !== (current.assigneeEmail ?? '').toLowerCase()
  ) {
    change.assigneeEmail = desired.assigneeEmail;
  }
  if (desired.dueDate !== current.dueDate) change.dueDate = desired.dueDate;
  return Object.keys(change).length === 0 ? null : change;
};

/**
 * What became of a tracker's webhook delivery: `applied` changed the action item; `in_step` found it already so
 * (sitrep's own change coming back, or a field sitrep does not keep); `duplicate` was a delivery already acted on;
 * `unknown_ticket` is a ticket no action item is linked to.
 */
export type TicketEventOutcome = 'applied' | 'in_step' | 'duplicate' | 'unknown_ticket';

/** Where a tracker's webhook hands the events it parsed (the tracker flows). */
export type TicketEventSink = { applyTicketEvent: (event: TicketEvent) => Promise<TicketEventOutcome> };
