import { z } from 'zod';
import { readDueLine } from '../../domain/trackers/github-due-line.ts';
import { githubTicketKey } from '../../domain/trackers/github-key.ts';
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
type TGithubUser = z.infer<typeof ZGithubUser>;

/** Closing as a duplicate is closing as not planned with a reason of its own; no reason is how old issues closed. */
const CLOSED_AS = new Map<string | null, TicketStatus>([
  ['completed', 'done'],
  [null, 'done'],
  ['not_planned', 'cancelled'],
  ['duplicate', 'cancelled'],
]);

const assigneeOf = (user: TGithubUser | null | undefined): TicketAssignee =>
  user ? { userId: user.login, name: user.login, email: null } : null;

/** GitHub's logins are case-insensitive. */
const isSameUser = (a: TGithubUser, b: TGithubUser): boolean => a.login.toLowerCase() === b.login.toLowerCase();

/** The issue's assignees in the order GitHub lists them; `assignee` alone on a payload without the list. */
const assigneesOf = ({ issue }: TGithubIssuesEvent): TGithubUser[] =>
  issue.assignees ?? (issue.assignee ? [issue.assignee] : []);

type Change = Pick<TicketEvent, 'status' | 'assignee' | 'dueDate'>;

/**
 * sitrep keeps one owner, the issue's first assignee: someone assigned after the first (a second assignee) changes
 * nothing sitrep keeps.
 */
const changeOfAssigned = (body: TGithubIssuesEvent): Change | string => {
  const assigned = body.assignee ?? body.issue.assignee;
  if (!assigned) return 'the assigned event names nobody';
  const [first] = assigneesOf(body);
  if (first !== undefined && !isSameUser(first, assigned)) {
    return `${assigned.login} was assigned after ${first.login}; sitrep keeps the first assignee as the owner`;
  }
  return { assignee: assigneeOf(assigned) };
};

/**
 * The owner after an `unassigned`: whoever is first of those still assigned, or nobody. A delivery may show the
 * issue as it was before, the one unassigned still listed: then their place says whether they were the first, and if
 * they were not, the owner is as it was. One that shows the issue after cannot say, and names the first still
 * assigned, whom sitrep finds in step when they were the owner already.
 */
const changeOfUnassigned = (body: TGithubIssuesEvent): Change | string => {
  const listed = assigneesOf(body);
  const unassigned = body.assignee;
  const remaining = unassigned ? listed.filter((user) => !isSameUser(user, unassigned)) : listed;
  const [first] = listed;
  if (unassigned && first && remaining.length < listed.length && !isSameUser(first, unassigned)) {
    return `${unassigned.login} was unassigned, not ${first.login}; sitrep keeps the first assignee as the owner`;
  }
  return { assignee: assigneeOf(remaining[0]) };
};

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
      return changeOfAssigned(body);
    case 'unassigned':
      return changeOfUnassigned(body);
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
 * cancelled, without a reason, as GitHub keeps none), `reopened` (open), `assigned` and `unassigned` when they change
 * the first assignee (the owner sitrep keeps), `edited` when the body's Due line changed. The ticket is
 * `owner/repo#number` in lower case, its actor the sender's login (its id in lower case); every other action is
 * ignored.
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
    ticketKey: githubTicketKey({ repository: body.repository.full_name, number: body.issue.number }),
    actorName: body.sender?.login ?? null,
    actorId: body.sender?.login.toLowerCase() ?? null,
    ...change,
  };
  return { ok: true, value: { kind: 'event', event } };
};
