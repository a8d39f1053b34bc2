import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { AppError, isAppError } from '../../domain/app-error.ts';
import { keyEffects, type TOutboxEffect } from '../../domain/outbox/outbox-effect.ts';
import { ServiceError } from '../../domain/outbox/service-error.ts';
import { labelDueDay } from '../../domain/slack-lines/action-item-lines.ts';
import {
  describeTicketAssigneeUnknown,
  describeTicketCancelled,
  describeTicketCancelReason,
  describeTicketDone,
  describeTicketDueMoved,
  describeTicketReassigned,
  type TicketLineSubject,
} from '../../domain/slack-lines/ticket-lines.ts';
import { endOfLocalDay, localDayOf } from '../../domain/time/business-days.ts';
import type { TicketEvent, TicketEventOutcome, TrackerKind } from '../../domain/trackers/tracker.ts';
import type { ActionItemChange } from '../../store/action-item-store.ts';
import { planNextReminder, zoneOfOwner } from '../action-items/action-item-due.ts';
import { buildChangeEffects } from '../action-items/build-change-effects.ts';
import type { TrackerFlowDeps } from './tracker-deps.ts';

type Plan = { data: ActionItemChange['data']; lines: string[]; homes: (string | null)[]; extra: TOutboxEffect[] };

/** Done or cancelled in the tracker closes an open action; sitrep has no reopening, so an open ticket changes nothing. */
const planStatus = (event: TicketEvent, action: ActionItemView, subject: TicketLineSubject, at: Date): Plan | null => {
  const status = event.status;
  if (status === undefined || action.status !== 'open' || status.to === 'open') return null;
  if (status.to === 'done') {
    return {
      data: { status: 'done', doneAt: at, closedBy: null, nextReminderAt: null },
      lines: [describeTicketDone(subject)],
      homes: [action.ownerId],
      extra: [],
    };
  }
  return {
    data: {
      status: 'wont_do',
      closedBy: null,
      nextReminderAt: null,
      wontDoReason: describeTicketCancelReason({ ...subject, reason: status.reason }),
    },
    lines: [describeTicketCancelled({ ...subject, reason: status.reason })],
    homes: [action.ownerId],
    extra: [],
  };
};

/** A tracker user's email; null when the tracker will not say, or no longer knows them (a deleted account). */
const emailInTracker = async (deps: TrackerFlowDeps, tracker: TrackerKind, userId: string): Promise<string | null> => {
  try {
    return (await deps.clients.get(tracker)?.emailOf(userId)) ?? null;
  } catch (error) {
    if (error instanceof ServiceError && !error.transient) return null;
    throw error;
  }
};

/** The Slack person the tracker's assignee is, by email; null when they cannot be found. */
const findAssignee = async (deps: TrackerFlowDeps, event: TicketEvent): Promise<string | null> => {
  const assignee = event.assignee;
  if (!assignee) return null;
  const email = assignee.email ?? (await emailInTracker(deps, event.tracker, assignee.userId));
  return email === null ? null : deps.directory.findByEmail(email);
};

/** A new assignee becomes the owner, the due day kept in their zone; an unassigned ticket keeps its owner. */
const planOwner = async (
  deps: TrackerFlowDeps,
  { event, action, subject, at }: { event: TicketEvent; action: ActionItemView; subject: TicketLineSubject; at: Date },
): Promise<Plan | null> => {
  if (!event.assignee) return null;
  const ownerId = await findAssignee(deps, event);
  if (ownerId === null) {
    const line = describeTicketAssigneeUnknown({
      ...subject,
      ownerId: action.ownerId,
      assigneeName: event.assignee.name,
    });
    return { data: {}, lines: [line], homes: [], extra: [] };
  }
  if (ownerId === action.ownerId) return null;
  const checked = await deps.people.check(ownerId);
  if (checked.kind !== 'person') return null;
  const zone = checked.tz;
  const dueAt =
    action.dueAt === null ? null : endOfLocalDay(localDayOf(action.dueAt, zoneOfOwner({ ...deps, action })), zone);
  return {
    data: {
      ownerId,
      ownerTimeZone: zone,
      dueAt,
      nextReminderAt: planNextReminder({ ...deps, dueAt, zone, after: at }),
    },
    lines: [
      describeTicketReassigned({ ...subject, ownerId, dueLabel: dueAt === null ? null : labelDueDay({ dueAt, zone }) }),
    ],
    homes: [action.ownerId, ownerId],
    extra: [{ kind: 'action.assigned', actionId: action.id, ownerId }],
  };
};

/**
 * A due date changed in the tracker moves the action's due day and its reminders, read in the zone of the owner it
 * ends with (`zone`: a reassignment in the same delivery counts).
 */
const planDue = (
  deps: TrackerFlowDeps,
  { event, dueAt: before, zone, owners, subject, at }: DueChange,
): Plan | null => {
  if (event.dueDate === undefined) return null;
  const dueAt = event.dueDate === null ? null : endOfLocalDay(event.dueDate, zone);
  if ((dueAt?.getTime() ?? null) === (before?.getTime() ?? null)) return null;
  return {
    data: { dueAt, escalatedAt: null, nextReminderAt: planNextReminder({ ...deps, dueAt, zone, after: at }) },
    lines: [describeTicketDueMoved({ ...subject, dueLabel: dueAt === null ? null : labelDueDay({ dueAt, zone }) })],
    homes: owners,
    extra: [],
  };
};

type DueChange = {
  event: TicketEvent;
  dueAt: Date | null;
  zone: string;
  owners: (string | null)[];
  subject: TicketLineSubject;
  at: Date;
};

const planChanges = async (deps: TrackerFlowDeps, event: TicketEvent, action: ActionItemView, at: Date) => {
  const subject: TicketLineSubject = {
    title: action.title,
    tracker: event.tracker,
    ticketKey: event.ticketKey,
    actorName: event.actorName,
  };
  const closed = planStatus(event, action, subject, at);
  if (closed !== null) return [closed];
  if (action.status !== 'open') return [];
  const owned = await planOwner(deps, { event, action, subject, at });
  const due = planDue(deps, {
    event,
    dueAt: owned?.data.dueAt === undefined ? action.dueAt : owned.data.dueAt,
    zone: owned?.data.ownerTimeZone ?? zoneOfOwner({ ...deps, action }),
    owners: [owned?.data.ownerId ?? action.ownerId],
    subject,
    at,
  });
  // A new due date replaces the one the reassignment carried over, and so do its reminders.
  return [owned, due].filter((plan): plan is Plan => plan !== null);
};

/** Writes one planned change, only onto the action as it was planned from; NO_CHANGE when it changed since. */
const writeChange = async ({
  deps,
  event,
  action,
  plans,
  at,
}: {
  deps: TrackerFlowDeps;
  event: TicketEvent;
  action: ActionItemView;
  plans: Plan[];
  at: Date;
}): Promise<void> => {
  await deps.actions.change({
    id: action.id,
    expectedUpdatedAt: action.updatedAt,
    fromStatuses: ['open'],
    data: Object.assign({}, ...plans.map((plan) => plan.data)),
    at,
    delivery: { tracker: event.tracker, deliveryId: event.deliveryId },
    effects: (changed) =>
      keyEffects(`ticket:${event.tracker}:${event.deliveryId}`, [
        ...plans.flatMap((plan) =>
          plan.lines.map((text): TOutboxEffect => ({ kind: 'incident.post', incidentId: changed.incidentId, text })),
        ),
        ...buildChangeEffects({
          action: changed,
          homes: plans.flatMap((plan) => plan.homes),
          extra: plans.flatMap((plan) => plan.extra),
          syncTicket: false,
        }),
      ]),
  });
};

/** Whether sitrep's own account made the change: sitrep's own update coming back, however late. */
const isOwnChange = async (deps: TrackerFlowDeps, event: TicketEvent): Promise<boolean> => {
  const client = deps.clients.get(event.tracker);
  if (event.actorId === null || client === undefined) return false;
  try {
    return event.actorId === (await client.ownUserId());
  } catch (error) {
    // A token that may not ask who it is (a GitHub App's): the change is judged by what it says alone.
    if (error instanceof ServiceError && !error.transient) return false;
    throw error;
  }
};

const UNAVAILABLE = 'Slack or the tracker did not answer in time; deliver it again later.';

/**
 * Slack or the tracker not answering a lookup (who the assignee is, who sitrep is: a timeout, a 5xx, a rate limit,
 * each a transient `ServiceError`) is said as a service outage, so the webhook answers 503 and the tracker delivers
 * again, instead of the change being lost to a 500. Anything else (a refusal, a bug) stays what it is.
 */
const unlessUnreachable = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ServiceError && error.transient)) throw error;
    throw new AppError('SERVICE_UNAVAILABLE', { userMessage: UNAVAILABLE, cause: error });
  }
};

// Another change of the action (from Slack, or another delivery) between reading it and writing: read and plan again.
const MAX_TRIES = 3;

/**
 * A tracker's webhook says a ticket changed: done or cancelled there closes its action item (won't do, with the
 * tracker's reason), a new assignee found in Slack by email becomes the owner, a new due date moves the reminders.
 * Each delivery acts once (recorded with the change it makes). A change made by sitrep's own account is its own
 * update coming back, however late, and is let be; a change the action already shows changes nothing. The ticket
 * is not updated in return. Each change is written onto the action as it was planned from, or planned again.
 */
export const applyTicketEvent =
  (deps: TrackerFlowDeps) =>
  async (event: TicketEvent): Promise<TicketEventOutcome> => {
    const delivery = { tracker: event.tracker, deliveryId: event.deliveryId };
    if (await deps.tickets.hasDelivery(delivery)) return 'duplicate';
    const own = await unlessUnreachable(() => isOwnChange(deps, event));
    for (let tries = 1; ; tries += 1) {
      const action = await deps.actions.findByTicket({ kind: event.tracker, key: event.ticketKey });
      if (action === undefined) return 'unknown_ticket';
      const at = deps.now();
      const plans = own ? [] : await unlessUnreachable(() => planChanges(deps, event, action, at));
      if (plans.length === 0) {
        return (await deps.tickets.recordDelivery({ ...delivery, at })) ? 'in_step' : 'duplicate';
      }
      try {
        await writeChange({ deps, event, action, plans, at });
        deps.onEffects();
        return 'applied';
      } catch (error) {
        if (isAppError(error) && error.code === 'DUPLICATE_DELIVERY') return 'duplicate';
        if (!isAppError(error) || error.code !== 'NO_CHANGE') throw error;
        // Changed under it every time: the tracker's next delivery tries again.
        if (tries >= MAX_TRIES) throw new AppError('SERVICE_UNAVAILABLE', { userMessage: UNAVAILABLE, cause: error });
      }
    }
  };
