import { z } from 'zod';
import { readDueLine } from '../../domain/trackers/github-due-line.ts';
import type { TicketAssignee, TicketEvent, TicketStatus } from '../../domain/trackers/tracker.ts';
import { MAX_REPOSITORY_CHARS } from '../payload-fields.ts';
import { type PayloadResult, type TicketOutcome, toPayloadResult } from '../payload-result.ts';

const ZGithubUser = z.object({ login: z.string().min(1).max(100) });

/** GitHub's `issues` event, only what sitrep reads of it. */
const ZGithubIssuesEvent = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    // A string: a reason GitHub adds later is ignored, not a delivery refused.
    state_reason: z.string().nullish(),
    body: z.string().nullish(),
    assignee: ZGithubUser.nullish(),
    assignees: z.array(ZGithubUser).nullish(),
  }),
  /** Who was assigned or unassigned, on those two actions. */
  assignee: ZGithubUser.nullish(),
  /** What an `edited` changed, each with its value before. */
  changes: z.object({ body: z.object({ from: z.string().nullish() }).optional() }).optional(),
  repository: z.object({ full_name: z.string().min(1).max(MAX_REPOSITORY_CHARS) }),
  sender: ZGithubUser.nullish(),
});

type TGithubIssuesEvent = z.infer<typeof ZGithubIssuesEvent>;

/** An `issues` delivery as a change to a ticket, or why sitrep has nothing to do with it. */

/** Closing as a duplicate is closing as not planned with a reason of its own; no reason is how old issues closed. */
const CLOSED_AS = new Map<string | null, TicketStatus>([
  ['completed', 'done'],
  [null, 'done'],
  ['not_planned', 'cancelled'],
  ['duplicate', 'cancelled'],
]);

const assigneeOf = (user: TGithubIssuesEvent['assignee']): TicketAssignee =>
  user ? { userId: user.login, name: user.login, email: null } : null;

/**
 * sitrep keeps one owner: after an `unassigned`, whoever is still assigned, or nobody. The one unassigned is left
 * out by name, as a delivery may show the issue as it was before.
 */
const remainingAssignee = ({ issue, assignee }: TGithubIssuesEvent): TGithubIssuesEvent['assignee'] => {
  const assignees = issue.assignees ?? (issue.assignee ? [issue.assignee] : []);
  return assignees.find((user) => user.login !== assignee?.login) ?? null;
};

type Change = Pick<TicketEvent, 'status' | 'assignee' | 'dueDate'>;

/** What the action changed of what sitrep keeps, or the reason it changed nothing. */
const changeOf = (body: TGithubIssuesEvent): Change | string => {
  const { action, issue } = body;
  switch (action) {
    case 'closed': {
      const status = CLOSED_AS.get(issue.state_reason ?? null);
      return status === undefined
        ? `an issue closed as "${issue.state_reason}" is neither done nor cancelled`
        : { status: { to: status, reason: null } };
    }
    case 'reopened':
      return { status: { to: 'open', reason: null } };
    case 'assigned':
      return { assignee: assigneeOf(body.assignee ?? issue.assignee) };
    case 'unassigned':
      return { assignee: assigneeOf(remainingAssignee(body)) };
    case 'edited': {
      if (body.changes?.body === undefined) return 'the edit did not change the body';
      const dueDate = readDueLine(issue.body);
      return readDueLine(body.changes.body.from) === dueDate ? 'the edit did not change the Due line' : { dueDate };
    }
    default:
      return `issues action "${action}" does not change what sitrep keeps of an issue`;
  }
};

export type ParseGithubIssueEventOptions = {
  payload: unknown;
  /** The `X-GitHub-Delivery` header. */
  deliveryId: string;
};

/**
 * Reads GitHub's `issues` event as a ticket's change: `closed` (completed: done; not_planned or duplicate:
 * cancelled, without a reason, as GitHub keeps none), `reopened` (open), `assigned` (the one assigned) and
 * `unassigned` (the one still assigned, or nobody), `edited` when the body's Due line changed. The ticket is
 * `owner/repo#number`, its actor the sender's login; every other action is ignored.
 */
export const parseGithubIssueEvent = ({
  payload,
  deliveryId,
}: ParseGithubIssueEventOptions): PayloadResult<TicketOutcome> => {
  const parsed = toPayloadResult(ZGithubIssuesEvent.safeParse(payload));
  if (!parsed.ok) return parsed;
  const body = parsed.value;
  const change = changeOf(body);
  if (typeof change === 'string') return { ok: true, value: { kind: 'ignored', reason: change } };
  const event: TicketEvent = {
    tracker: 'github',
    deliveryId,
    ticketKey: `${body.repository.full_name}#${body.issue.number}`,
    actorName: body.sender?.login ?? null,
    ...change,
  };
  return { ok: true, value: { kind: 'event', event } };
};
