import { type FakeGithubDelivery, type IssuesDeliveryOptions, issuesDelivery } from './fake-github-deliveries.ts';
import type {
  FakeGithubComment,
  FakeGithubIssue,
  FakeGithubStateReason,
  FakeGithubUrls,
  FakeGithubUser,
} from './fake-github-resources.ts';

// The fake's repositories, users and issues, and every change to an issue with the `issues` deliveries GitHub sends
// for it, in the order GitHub sends them: the API's changes and a person's alike go through `changeIssue`.

export type FakeGithubStateOptions = {
  users: FakeGithubUser[];
  repositories: string[];
  urls: FakeGithubUrls;
  webhookSecret: string;
  now: () => Date;
};

/** What one change sets; a field left out stays as it is. */
export type IssueChange = {
  title?: string;
  body?: string | null;
  assignees?: string[];
  labels?: string[];
  state?: 'open' | 'closed';
  /** With `state`: why it was closed (`completed` when not said); GitHub ignores it without one. */
  stateReason?: FakeGithubStateReason | null;
};

const HOOK_ID = 512_345_678;

/** GitHub's timestamps: UTC to the second. */
const timestampOf = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const createFakeGithubState = ({ users, repositories, urls, webhookSecret, now }: FakeGithubStateOptions) => {
  const issues: FakeGithubIssue[] = [];
  let lastId = 1_700_000_000;

  const findUser = (login: string) => users.find((user) => sameText(user.login, login));
  const userOf = (login: string): FakeGithubUser => {
    const user = findUser(login);
    if (!user) throw new Error(`the fake GitHub has no user "${login}"`);
    return user;
  };
  const findRepository = (name: string) => repositories.find((repository) => sameText(repository, name));
  const findIssue = ({ repository, number }: { repository: string; number: number }) =>
    issues.find((issue) => sameText(issue.repository, repository) && issue.number === number);

  const deliver = (options: Omit<IssuesDeliveryOptions, 'urls' | 'userOf' | 'secret' | 'hookId'>) =>
    issuesDelivery({ ...options, urls, userOf, secret: webhookSecret, hookId: HOOK_ID });

  const nextId = () => {
    lastId += 1;
    return lastId;
  };

  /** How an issue's assignees change: one `unassigned` per login removed, one `assigned` per login added. */
  const reassign = ({ issue, to, sender }: { issue: FakeGithubIssue; to: string[]; sender: FakeGithubUser }) => {
    const wanted = [...new Set(to.map((login) => userOf(login).login))];
    const removed = issue.assignees.filter((login) => !wanted.includes(login));
    const added = wanted.filter((login) => !issue.assignees.includes(login));
    const sent: FakeGithubDelivery[] = [];
    for (const login of removed) {
      issue.assignees = issue.assignees.filter((kept) => kept !== login);
      sent.push(deliver({ action: 'unassigned', issue, sender, assignee: userOf(login) }));
    }
    for (const login of added) {
      issue.assignees = [...issue.assignees, login];
      sent.push(deliver({ action: 'assigned', issue, sender, assignee: userOf(login) }));
    }
    return sent;
  };

  const closeOrReopen = ({
    issue,
    change,
    sender,
  }: {
    issue: FakeGithubIssue;
    change: IssueChange;
    sender: FakeGithubUser;
  }) => {
    if (change.state === undefined) return [];
    if (change.state === 'closed') {
      const reason = change.stateReason === undefined || change.stateReason === 'reopened' ? null : change.stateReason;
      const wasOpen = issue.state === 'open';
      issue.stateReason = reason ?? (wasOpen ? 'completed' : issue.stateReason);
      if (!wasOpen) return [];
      issue.state = 'closed';
      issue.closedAt = timestampOf(now());
      issue.closedBy = sender.login;
      return [deliver({ action: 'closed', issue, sender })];
    }
    if (issue.state === 'open') return [];
    Object.assign(issue, { state: 'open', stateReason: 'reopened', closedAt: null, closedBy: null });
    return [deliver({ action: 'reopened', issue, sender })];
  };

  /** Applies `change` as `by` made it; answers the deliveries GitHub sends for it, in order. */
  const changeIssue = ({ issue, change, by }: { issue: FakeGithubIssue; change: IssueChange; by: string }) => {
    const sender = userOf(by);
    issue.updatedAt = timestampOf(now());
    const sent: FakeGithubDelivery[] = [];
    const edits = {
      ...(change.title !== undefined && change.title !== issue.title ? { title: issue.title } : {}),
      ...(change.body !== undefined && change.body !== issue.body ? { body: issue.body } : {}),
    };
    if (Object.keys(edits).length > 0) {
      issue.title = change.title ?? issue.title;
      if (change.body !== undefined) issue.body = change.body;
      sent.push(deliver({ action: 'edited', issue, sender, changes: edits }));
    }
    if (change.labels !== undefined) issue.labels = [...new Set(change.labels)];
    if (change.assignees !== undefined) sent.push(...reassign({ issue, to: change.assignees, sender }));
    sent.push(...closeOrReopen({ issue, change, sender }));
    return sent;
  };

  /** A new open issue, numbered after the repository's last; `opened`, then `labeled` and `assigned` for each. */
  const openIssue = ({
    repository,
    by,
    title,
    body,
    labels,
    assignees,
  }: {
    repository: string;
    by: string;
    title: string;
    body: string | null;
    labels: string[];
    assignees: string[];
  }) => {
    const sender = userOf(by);
    const at = timestampOf(now());
    const issue: FakeGithubIssue = {
      repository,
      number: issues.filter((other) => other.repository === repository).length + 1,
      id: nextId(),
      title,
      body,
      labels: [...new Set(labels)],
      assignees: [...new Set(assignees.map((login) => userOf(login).login))],
      author: sender.login,
      state: 'open',
      stateReason: null,
      comments: [],
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
    };
    issues.push(issue);
    const sent = [
      deliver({ action: 'opened', issue, sender }),
      ...issue.labels.map((label) => deliver({ action: 'labeled', issue, sender, label })),
      ...issue.assignees.map((login) => deliver({ action: 'assigned', issue, sender, assignee: userOf(login) })),
    ];
    return { issue, sent };
  };

  const addComment = ({ issue, by, body }: { issue: FakeGithubIssue; by: string; body: string }): FakeGithubComment => {
    const comment: FakeGithubComment = { id: nextId(), author: userOf(by).login, body, createdAt: timestampOf(now()) };
    issue.comments.push(comment);
    issue.updatedAt = comment.createdAt;
    return comment;
  };

  return { issues, users, findUser, userOf, findRepository, findIssue, changeIssue, openIssue, addComment };
};

export type FakeGithubState = ReturnType<typeof createFakeGithubState>;
