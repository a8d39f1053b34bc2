import { z } from 'zod';
import { cancelReasonOf, ticketStatusOf } from '../../domain/trackers/jira-status.ts';
import type { TicketAssignee, TicketEvent } from '../../domain/trackers/tracker.ts';
import { blankToNull, cutShort, ZShownName } from '../payload-fields.ts';
import { type PayloadResult, type TicketOutcome, toPayloadResult } from '../payload-result.ts';

/** Which event a delivery is, read first: one sitrep does not act on is let be, whatever else it holds. */
const ZWebhookEvent = z.looseObject({ webhookEvent: z.string().max(200) });

const ZAccountId = z.string().min(1).max(128);

const ZJiraUser = z.looseObject({
  accountId: ZAccountId,
  displayName: ZShownName.optional(),
  // Present only when the user lets the webhook's owner see it.
  emailAddress: z.string().max(320).optional(),
});

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day such as 2026-12-01');

// The fields sitrep keeps, under the names Jira's changelog gives them (`fieldId`, or `field` on older sites).
const KEPT_FIELDS = ['status', 'resolution', 'assignee', 'duedate'] as const;
type KeptField = (typeof KEPT_FIELDS)[number];

const ZChangeItem = z.looseObject({ field: z.string().max(500), fieldId: z.string().max(500).optional() });

/** `jira:issue_updated` as Jira Cloud sends it: the issue as it is now, and the changelog of what just changed. */
const ZIssueUpdated = z.looseObject({
  webhookEvent: z.literal('jira:issue_updated'),
  user: z.looseObject({ accountId: ZAccountId.optional(), displayName: ZShownName.optional() }).optional(),
  issue: z.looseObject({
    key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'expected an issue key such as PAY-7'),
    fields: z.looseObject({
      status: z.looseObject({ name: ZShownName, statusCategory: z.looseObject({ key: z.string().max(100) }) }),
      resolution: z.looseObject({ name: ZShownName }).nullish(),
      assignee: ZJiraUser.nullish(),
      duedate: ZDay.nullish(),
    }),
  }),
  changelog: z.looseObject({ items: z.array(ZChangeItem).max(1000) }).optional(),
});

type TIssueUpdated = z.infer<typeof ZIssueUpdated>;

const isKept = (field: string): field is KeptField => KEPT_FIELDS.some((kept) => kept === field);

const assigneeOf = (user: z.infer<typeof ZJiraUser> | null | undefined): TicketAssignee =>
  user
    ? { email: blankToNull(user.emailAddress), userId: user.accountId, name: user.displayName ?? user.accountId }
    : null;

const eventOf = ({
  payload,
  changed,
  deliveryId,
}: {
  payload: TIssueUpdated;
  changed: ReadonlySet<KeptField>;
  deliveryId: string;
}): TicketEvent => {
  const { fields } = payload.issue;
  const event: TicketEvent = {
    tracker: 'jira',
    deliveryId,
    ticketKey: payload.issue.key,
    actorName: payload.user?.displayName ?? null,
    actorId: payload.user?.accountId ?? null,
  };
  if (changed.has('status') || changed.has('resolution')) {
    const facts = { statusName: fields.status.name, resolutionName: fields.resolution?.name ?? null };
    const to = ticketStatusOf({ categoryKey: fields.status.statusCategory.key, ...facts });
    event.status = { to, reason: to === 'cancelled' ? cancelReasonOf(facts) : null };
  }
  if (changed.has('assignee')) event.assignee = assigneeOf(fields.assignee);
  if (changed.has('duedate')) event.dueDate = fields.duedate ?? null;
  return event;
};

export type ParseJiraWebhookOptions = {
  payload: unknown;
  /** `X-Atlassian-Webhook-Identifier`: the same on each retry of one delivery. */
  deliveryId: string;
};

/**
 * Reads a Jira Cloud webhook delivery into what changed of a ticket. Only `jira:issue_updated` is read, and of it
 * only the fields its changelog names: status and resolution (the status sitrep sees: open, done, or cancelled with
 * the resolution's name as the reason), assignee and due date, each as the issue has it now. A delivery that
 * changed none of them (a summary, a comment) is ignored, as is every other event.
 */
export const parseJiraWebhook = ({ payload, deliveryId }: ParseJiraWebhookOptions): PayloadResult<TicketOutcome> => {
  const envelope = toPayloadResult(ZWebhookEvent.safeParse(payload));
  if (!envelope.ok) return envelope;
  const { webhookEvent } = envelope.value;
  if (webhookEvent !== 'jira:issue_updated') {
    return { ok: true, value: { kind: 'ignored', reason: `sitrep does not act on "${webhookEvent}" events` } };
  }
  const parsed = toPayloadResult(ZIssueUpdated.safeParse(payload));
  if (!parsed.ok) return parsed;
  const fieldsChanged = (parsed.value.changelog?.items ?? []).map((item) => item.fieldId ?? item.field);
  const changed = new Set(fieldsChanged.filter(isKept));
  if (changed.size === 0) {
    const named = [...new Set(fieldsChanged)].slice(0, 10).map((field) => cutShort({ text: field, max: 100 }));
    const which = named.length === 0 ? 'nothing' : named.join(', ');
    return {
      ok: true,
      value: {
        kind: 'ignored',
        reason: `sitrep keeps a ticket's status, assignee and due date; this changed ${which}`,
      },
    };
  }
  return { ok: true, value: { kind: 'event', event: eventOf({ payload: parsed.value, changed, deliveryId }) } };
};
