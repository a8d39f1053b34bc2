import { z } from 'zod';
import { trimTrailingSlashes } from '../../domain/text/trim-trailing-slashes.ts';
import { ticketStatusOf } from '../../domain/trackers/jira-status.ts';
import {
  type TicketRef,
  type TicketState,
  type TicketStatus,
  type TrackerClient,
  TrackerError,
} from '../../domain/trackers/tracker.ts';
import { rememberAnswer } from '../remember-answer.ts';
import { markdownToAdf } from './jira-adf.ts';
import { askJira, isNotFound, type JiraConnection, tellJira } from './jira-http.ts';
import { planTransition, ZJiraTransition } from './jira-transitions.ts';

export type JiraClientOptions = JiraConnection;

const ZJiraUser = z.looseObject({
  accountId: z.string().min(1),
  accountType: z.string().optional(),
  // Absent when the user's profile hides it from the API token's account (Atlassian's privacy settings).
  emailAddress: z.string().optional(),
  displayName: z.string().optional(),
  active: z.boolean().optional(),
});

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day such as 2026-12-01');

const ZIssueState = z.looseObject({
  key: z.string(),
  fields: z.looseObject({
    status: z.looseObject({ name: z.string(), statusCategory: z.looseObject({ key: z.string() }) }),
    assignee: ZJiraUser.nullish(),
    duedate: ZDay.nullish(),
    resolution: z.looseObject({ name: z.string() }).nullish(),
  }),
});

const ZCreatedIssue = z.looseObject({ id: z.string(), key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/) });

const ZTransitions = z.looseObject({ transitions: z.array(ZJiraTransition) });

// Jira refuses a summary over 255 characters or with a line break, and a label with a space in it.
const MAX_SUMMARY_CHARS = 255;

const summaryOf = (title: string): string => {
  const line = title.replace(/\s+/g, ' ').trim();
  const cut = line.slice(0, MAX_SUMMARY_CHARS);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
};

const labelsOf = (labels: readonly string[]): string[] => [
  ...new Set(labels.map((label) => label.trim().replace(/\s+/g, '-')).filter((label) => label !== '')),
];

const cancelNoteOf = ({ reason, cancelKept }: { reason: string | null; cancelKept: boolean }): string | null => {
  const why = reason === null || reason.trim() === '' ? null : reason.trim();
  if (cancelKept) return why === null ? null : `Won't do: ${why}`;
  // Its workflow could only close it as Done: the comment is what says it was not done.
  return `Closed as won't do in sitrep${why === null ? '.' : `: ${why}`}`;
};

const issuePath = (key: string) => `/rest/api/3/issue/${encodeURIComponent(key)}`;

type IssueCall = { connection: JiraConnection; key: string };

const readIssue = async ({ connection, key }: IssueCall): Promise<TicketState> => {
  const { fields } = await askJira({
    connection,
    method: 'GET',
    path: `${issuePath(key)}?fields=status,assignee,duedate,resolution`,
    schema: ZIssueState,
  });
  return {
    status: ticketStatusOf({
      categoryKey: fields.status.statusCategory.key,
      statusName: fields.status.name,
      resolutionName: fields.resolution?.name ?? null,
    }),
    assigneeEmail: fields.assignee?.emailAddress ?? null,
    dueDate: fields.duedate ?? null,
  };
};

/** The account of the active user whose email is exactly `email` (Jira's search also matches prefixes). */
const findAccountId = async ({ connection, email }: { connection: JiraConnection; email: string }) => {
  const users = await askJira({
    connection,
    method: 'GET',
    path: `/rest/api/3/user/search?query=${encodeURIComponent(email)}`,
    schema: z.array(ZJiraUser),
  });
  const wanted = email.toLowerCase();
  const user = users.find(
    (candidate) => candidate.active !== false && candidate.emailAddress?.toLowerCase() === wanted,
  );
  return user?.accountId ?? null;
};

const readEmail = async ({ connection, userId }: { connection: JiraConnection; userId: string }) => {
  try {
    const user = await askJira({
      connection,
      method: 'GET',
      path: `/rest/api/3/user?accountId=${encodeURIComponent(userId)}`,
      schema: ZJiraUser,
    });
    return user.emailAddress ?? null;
  } catch (error) {
    // A user deleted since keeps their account id on old changes; they have no email to give.
    if (isNotFound(error)) return null;
    throw error;
  }
};

const moveIssue = async ({ connection, key, to, reason }: IssueCall & { to: TicketStatus; reason: string | null }) => {
  // A retried update, or a person who got there first, finds nothing to do (and adds no second comment).
  if ((await readIssue({ connection, key })).status === to) return;
  const { transitions } = await askJira({
    connection,
    method: 'GET',
    path: `${issuePath(key)}/transitions?expand=transitions.fields`,
    schema: ZTransitions,
  });
  const plan = planTransition({ transitions, to });
  if (plan === null) {
    const offered = transitions.map((transition) => transition.to.name).join(', ') || 'none';
    throw new TrackerError(`Jira offers ${key} no transition that makes it ${to} (it offers: ${offered})`, {
      transient: false,
    });
  }
  await tellJira({
    connection,
    method: 'POST',
    path: `${issuePath(key)}/transitions`,
    body: {
      transition: { id: plan.transitionId },
      ...(plan.resolution === null ? {} : { fields: { resolution: { name: plan.resolution } } }),
    },
  });
  const note = to === 'cancelled' ? cancelNoteOf({ reason, cancelKept: plan.cancelKept }) : null;
  if (note !== null) {
    await tellJira({
      connection,
      method: 'POST',
      path: `${issuePath(key)}/comment`,
      body: { body: markdownToAdf(note) },
    });
  }
};

/**
 * sitrep's `TrackerClient` for Jira Cloud's REST API v3, acting as the account whose email and API token it is
 * given. Assignees are matched by email among the users Jira shows that account: a user whose email Jira hides
 * cannot be found, so a ticket is created unassigned and an update leaves its assignee alone. `emailOf` answers
 * null for an account Jira no longer has; `ownUserId` is the accountId of `/myself`, asked once.
 */
export const createJiraClient = (options: JiraClientOptions): TrackerClient => {
  const connection: JiraConnection = { ...options, url: trimTrailingSlashes(options.url) };
  return {
    create: async (target, draft) => {
      if (target.kind !== 'jira') {
        throw new TrackerError(`the Jira client was asked to create a ${target.kind} ticket`, { transient: false });
      }
      const { assigneeEmail, dueDate, status } = draft.state;
      const accountId = assigneeEmail === null ? null : await findAccountId({ connection, email: assigneeEmail });
      const created = await askJira({
        connection,
        method: 'POST',
        path: '/rest/api/3/issue',
        body: {
          fields: {
            project: { key: target.project },
            issuetype: { name: target.issueType },
            summary: summaryOf(draft.title),
            description: markdownToAdf(draft.description),
            labels: labelsOf([...target.labels, ...draft.labels]),
            ...(dueDate === null ? {} : { duedate: dueDate }),
            ...(accountId === null ? {} : { assignee: { accountId } }),
          },
        },
        schema: ZCreatedIssue,
      });
      const ref: TicketRef = { kind: 'jira', key: created.key, url: `${connection.url}/browse/${created.key}` };
      if (status !== 'open') {
        try {
          await moveIssue({ connection, key: created.key, to: status, reason: null });
        } catch (error) {
          // The ticket exists: failing now would have the create retried and a second ticket made. Its status is
          // what sitrep's next read of it finds out of step.
          if (!(error instanceof TrackerError)) throw error;
        }
      }
      return ref;
    },

    read: (ref) => readIssue({ connection, key: ref.key }),

    update: async (ref, change) => {
      const fields: Record<string, unknown> = {};
      if (change.assigneeEmail === null) fields.assignee = null;
      else if (change.assigneeEmail !== undefined) {
        const accountId = await findAccountId({ connection, email: change.assigneeEmail });
        if (accountId !== null) fields.assignee = { accountId };
      }
      if (change.dueDate !== undefined) fields.duedate = change.dueDate;
      if (Object.keys(fields).length > 0) {
        await tellJira({ connection, method: 'PUT', path: issuePath(ref.key), body: { fields } });
      }
      if (change.status !== undefined) {
        await moveIssue({ connection, key: ref.key, to: change.status, reason: change.reason ?? null });
      }
    },

    emailOf: (userId) => readEmail({ connection, userId }),

    ownUserId: rememberAnswer(async () => {
      const user = await askJira({ connection, method: 'GET', path: '/rest/api/3/myself', schema: ZJiraUser });
      return user.accountId;
    }),
  };
};
