import { z } from 'zod';
import { trimTrailingSlashes } from '../../domain/text/trim-trailing-slashes.ts';
import { readDueLine, writeDueLine } from '../../domain/trackers/github-due-line.ts';
import { githubTicketKey } from '../../domain/trackers/github-key.ts';
import {
  type TicketChange,
  type TicketDraft,
  type TicketRef,
  type TicketStatus,
  type TrackerClient,
  TrackerError,
  type TrackerTarget,
} from '../../domain/trackers/tracker.ts';
import { rememberAnswer } from '../remember-answer.ts';
import { callGithub, type GithubConnection, isNotFound } from './github-request.ts';

export type CreateGithubClientOptions = {
  /** sitrep.yml's `trackers.github.apiUrl`: https://api.github.com, or https://HOST/api/v3. */
  apiUrl: string;
  /** A token that may read and write the repositories' issues (see docs/integrations.md). */
  token: string;
  /** The clock, for a rate limit that says when it resets; the system's otherwise. */
  now?: () => Date;
};

const ZLogin = z.object({ login: z.string().min(1) });

const ZIssue = z.object({
  number: z.number().int().positive(),
  html_url: z.string().min(1),
  state: z.enum(['open', 'closed']),
  // A string: a reason GitHub adds later reads as done rather than failing the read.
  state_reason: z.string().nullish(),
  body: z.string().nullish(),
  assignee: ZLogin.nullish(),
  assignees: z.array(ZLogin).nullish(),
});

const ZUser = z.object({ login: z.string(), email: z.string().nullish() });

const ZUserSearch = z.object({ items: z.array(ZLogin) });

const ZComment = z.object({ id: z.number() });

/** GitHub ranks the exact match first; a few more hits cover a tie without a profile read per hit. */
const MAX_SEARCH_HITS = 3;

const KEY = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)#([1-9][0-9]*)$/;

/** `acme/web#12` as the API's path of the issue. */
const issuePathOf = (ref: TicketRef): string => {
  const match = KEY.exec(ref.key);
  if (!match) throw new TrackerError(`"${ref.key}" is not a GitHub issue (owner/repo#number)`, { transient: false });
  const [, owner = '', repo = '', number = ''] = match;
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/issues/${number}`;
};

const repositoryPathOf = (repository: string): string =>
  `/repos/${repository.split('/').map(encodeURIComponent).join('/')}`;

/** `duplicate` is closing as not planned for a reason of its own; no reason at all is how old issues were closed. */
const statusOf = (issue: z.infer<typeof ZIssue>): TicketStatus => {
  if (issue.state === 'open') return 'open';
  return issue.state_reason === 'not_planned' || issue.state_reason === 'duplicate' ? 'cancelled' : 'done';
};

/** The PATCH fields of a status: reopening says so, closing says whether it was done. */
const stateFieldsOf = (status: TicketStatus) => {
  if (status === 'open') return { state: 'open', state_reason: 'reopened' };
  return { state: 'closed', state_reason: status === 'done' ? 'completed' : 'not_planned' };
};

/** Emails of GitHub users, and users by email: GitHub shows public emails only. */
const githubUsers = (connection: GithubConnection) => {
  const emailOf = async (login: string): Promise<string | null> => {
    try {
      const user = await callGithub({
        connection,
        method: 'GET',
        path: `/users/${encodeURIComponent(login)}`,
        answer: ZUser,
      });
      return user.email ?? null;
    } catch (error) {
      // A user deleted since keeps their login on old issues; they have no email to give.
      if (isNotFound(error)) return null;
      throw error;
    }
  };

  /**
   * The login whose public email is `email`, or null. The search matches words (`ann@acme.example` finds
   * `joann@acme.example` too), so a hit counts only once its profile shows that very email, the one `read` reports.
   */
  const findLogin = async (email: string): Promise<string | null> => {
    const query = new URLSearchParams({ q: `${email} in:email` });
    const found = await callGithub({ connection, method: 'GET', path: `/search/users?${query}`, answer: ZUserSearch });
    for (const { login } of found.items.slice(0, MAX_SEARCH_HITS)) {
      const shown = await emailOf(login);
      if (shown !== null && shown.toLowerCase() === email.toLowerCase()) return login;
    }
    return null;
  };

  return { emailOf, findLogin };
};

type GithubUsers = ReturnType<typeof githubUsers>;

type IssueCallOptions = { connection: GithubConnection; users: GithubUsers };

/** sitrep keeps one owner: the issue's first assignee (`assignee` is GitHub's older, single field). */
const ownerLoginOf = (issue: z.infer<typeof ZIssue>): string | null =>
  (issue.assignees?.[0] ?? issue.assignee)?.login ?? null;

const readIssue = ({ connection, path }: { connection: GithubConnection; path: string }) =>
  callGithub({ connection, method: 'GET', path, answer: ZIssue });

const patchIssue = ({ connection, path, fields }: { connection: GithubConnection; path: string; fields: object }) =>
  callGithub({ connection, method: 'PATCH', path, body: fields, answer: ZIssue });

/** The `assignees` of a new issue owned by `email`: none for null or someone GitHub cannot find. */
const assigneesFor = async ({ users, email }: { users: GithubUsers; email: string | null }): Promise<string[]> => {
  const login = email === null ? null : await users.findLogin(email);
  return login === null ? [] : [login];
};

const createIssue = async ({
  connection,
  users,
  target,
  draft,
}: IssueCallOptions & { target: TrackerTarget; draft: TicketDraft }): Promise<TicketRef> => {
  if (target.kind !== 'github') {
    throw new TrackerError(`the GitHub client cannot create a ${target.kind} ticket`, { transient: false });
  }
  const created = await callGithub({
    connection,
    method: 'POST',
    path: `${repositoryPathOf(target.repository)}/issues`,
    body: {
      title: draft.title,
      body: writeDueLine({ body: draft.description, dueDate: draft.state.dueDate }),
      labels: [...new Set([...target.labels, ...draft.labels])],
      assignees: await assigneesFor({ users, email: draft.state.assigneeEmail }),
    },
    answer: ZIssue,
  });
  const key = githubTicketKey({ repository: target.repository, number: created.number });
  const ref: TicketRef = { kind: 'github', key, url: created.html_url };
  // An issue is always opened open: one closed from the start is closed right after.
  if (draft.state.status !== 'open') {
    await patchIssue({ connection, path: issuePathOf(ref), fields: stateFieldsOf(draft.state.status) });
  }
  return ref;
};

const updateIssue = async ({
  connection,
  users,
  ref,
  change,
}: IssueCallOptions & { ref: TicketRef; change: TicketChange }) => {
  const path = issuePathOf(ref);
  const fields: Record<string, unknown> = {};
  if (change.status !== undefined) Object.assign(fields, stateFieldsOf(change.status));
  if (change.assigneeEmail === null) fields.assignees = [];
  else if (change.assigneeEmail !== undefined) {
    // An owner GitHub cannot find by email (a private one) leaves the issue's assignees as they are, rather than
    // taking it from whoever has it.
    const login = await users.findLogin(change.assigneeEmail);
    if (login !== null) fields.assignees = [login];
  }
  if (change.dueDate !== undefined) {
    const { body } = await readIssue({ connection, path });
    fields.body = writeDueLine({ body, dueDate: change.dueDate });
  }
  if (Object.keys(fields).length > 0) await patchIssue({ connection, path, fields });
  // GitHub keeps no reason with a close, so it is said where people will read it.
  if (change.status === 'cancelled' && change.reason !== undefined && change.reason.trim() !== '') {
    await callGithub({
      connection,
      method: 'POST',
      path: `${path}/comments`,
      body: { body: `Won't do: ${change.reason}` },
      answer: ZComment,
    });
  }
};

/**
 * sitrep's `TrackerClient` for GitHub Issues over the REST API. The key is `owner/repo#number` in lower case; the due
 * date is the body's `Due: YYYY-MM-DD` line; the owner is the first assignee, found by email through GitHub's user
 * search, which sees public emails only (a new issue for anyone else is left unassigned, and an update leaves the
 * assignees alone). `ownUserId` is the token's login (`GET /user`) in lower case, asked once. Every request has 10 s
 * to answer.
 */
export const createGithubClient = ({
  apiUrl,
  token,
  now = () => new Date(),
}: CreateGithubClientOptions): TrackerClient => {
  const connection: GithubConnection = { apiUrl: trimTrailingSlashes(apiUrl), token, now };
  const users = githubUsers(connection);
  return {
    create: (target, draft) => createIssue({ connection, users, target, draft }),
    read: async (ref) => {
      const issue = await readIssue({ connection, path: issuePathOf(ref) });
      const owner = ownerLoginOf(issue);
      return {
        status: statusOf(issue),
        assigneeEmail: owner === null ? null : await users.emailOf(owner),
        dueDate: readDueLine(issue.body),
      };
    },
    update: (ref, change) => updateIssue({ connection, users, ref, change }),
    emailOf: users.emailOf,
    ownUserId: rememberAnswer(async () => {
      const user = await callGithub({ connection, method: 'GET', path: '/user', answer: ZLogin });
      return user.login.toLowerCase();
    }),
  };
};
