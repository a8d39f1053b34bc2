import { z } from 'zod';
import { ticketStatusOfLinearState } from '../../domain/trackers/linear-states.ts';
import type { TicketAssignee, TicketEvent } from '../../domain/trackers/tracker.ts';
import { ZShownName } from '../payload-fields.ts';
import { type PayloadResult, type TicketOutcome, toPayloadResult } from '../payload-result.ts';

// A Linear webhook delivery (https://linear.app/developers/webhooks): `{ action, type, data, updatedFrom, actor, url,
// createdAt, organizationId, webhookTimestamp, webhookId }`, `data` being the entity as the webhook schema has it
// (IssueWebhookPayload) and `updatedFrom` the previous values of the fields an update changed.

const ZDay = z.iso.date({ error: 'expected a day such as 2026-12-07' });

// Linear's ids are UUIDs; the bound keeps an outsized one out of the lookups (emailOf) they lead to.
const ZLinearId = z.string().min(1).max(200);

const ZLinearUser = z.looseObject({ id: ZLinearId, name: ZShownName, email: z.string().max(320).nullish() });

const ZIssueData = z.looseObject({
  identifier: z.string().min(1).max(100),
  dueDate: ZDay.nullish(),
  state: z.looseObject({ type: z.string().max(100) }),
  assigneeId: ZLinearId.nullish(),
  assignee: ZLinearUser.nullish(),
});

/** Who made the change: a user, or an OAuth app or integration, each under an id of its own. */
const ZActor = z.looseObject({ id: ZLinearId.nullish(), name: ZShownName.nullish() }).nullish();

/** What every delivery has, whatever its entity. */
const ZLinearDelivery = z.looseObject({
  action: z.string(),
  type: z.string(),
  webhookTimestamp: z.number().int().positive(),
});

const ZIssueDelivery = z.looseObject({
  data: ZIssueData,
  updatedFrom: z.record(z.string(), z.unknown()).nullish(),
  actor: ZActor,
});

type TIssueData = z.infer<typeof ZIssueData>;

/** A delivery read: when Linear sent it, and the ticket's change or why it changes nothing sitrep keeps. */
export type LinearDelivery = {
  /** `webhookTimestamp`: when Linear sent it, for the replay check. */
  sentAt: Date;
  outcome: TicketOutcome;
};

/** The fields of an issue sitrep keeps in step; Linear names each in `updatedFrom` when an update changed it. */
const KEPT_FIELDS = ['stateId', 'assigneeId', 'dueDate'];

// Shown in the 202's reason: enough to tell which fields changed, never a whole payload's worth.
const MAX_LISTED_FIELDS = 8;

/** Webhooks name the assignee without an email when Linear will not say it; sitrep then asks by `userId`. */
const assigneeOf = (data: TIssueData): TicketAssignee => {
  if (data.assigneeId == null) return null;
  const user = data.assignee?.id === data.assigneeId ? data.assignee : undefined;
  return { userId: data.assigneeId, name: user?.name ?? data.assigneeId, email: user?.email ?? null };
};

const ignored = (reason: string): TicketOutcome => ({ kind: 'ignored', reason });

export type ParseLinearDeliveryOptions = {
  payload: unknown;
  /** The `Linear-Delivery` header. */
  deliveryId: string;
};

/**
 * Reads a Linear webhook delivery. An `Issue` `update` becomes a `TicketEvent` with only the fields its
 * `updatedFrom` names: `stateId` (the state's type: `completed` done, `canceled` cancelled, any other open; Linear
 * keeps no reason), `assigneeId` (null when unassigned) and `dueDate`. Other entities, creates, removes and updates
 * of other fields (title, priority, labels) are ignored.
 */
export const parseLinearDelivery = ({
  payload,
  deliveryId,
}: ParseLinearDeliveryOptions): PayloadResult<LinearDelivery> => {
  const envelope = toPayloadResult(ZLinearDelivery.safeParse(payload));
  if (!envelope.ok) return envelope;
  const { action, type, webhookTimestamp } = envelope.value;
  const done = (outcome: TicketOutcome): PayloadResult<LinearDelivery> => ({
    ok: true,
    value: { sentAt: new Date(webhookTimestamp), outcome },
  });
  if (type !== 'Issue') return done(ignored(`sitrep keeps Linear issues in step, not ${type} events`));
  const parsed = toPayloadResult(ZIssueDelivery.safeParse(payload));
  if (!parsed.ok) return parsed;
  const { data, updatedFrom, actor } = parsed.value;
  if (action !== 'update') {
    return done(ignored(`an issue ${action} (${data.identifier}) changes no ticket sitrep keeps`));
  }
  const changed = Object.keys(updatedFrom ?? {}).filter((field) => field !== 'updatedAt');
  if (!changed.some((field) => KEPT_FIELDS.includes(field))) {
    const fields = changed.slice(0, MAX_LISTED_FIELDS).join(', ') || 'nothing';
    return done(ignored(`${data.identifier}: ${fields} changed; sitrep keeps the status, assignee and due date`));
  }
  const event: TicketEvent = {
    tracker: 'linear',
    deliveryId,
    ticketKey: data.identifier,
    actorName: actor?.name ?? null,
    actorId: actor?.id ?? null,
  };
  if (changed.includes('stateId')) event.status = { to: ticketStatusOfLinearState(data.state.type), reason: null };
  if (changed.includes('assigneeId')) event.assignee = assigneeOf(data);
  if (changed.includes('dueDate')) event.dueDate = data.dueDate ?? null;
  return done({ kind: 'event', event });
};
