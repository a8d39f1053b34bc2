import {
  answerJiraApi,
  applyFields,
  type CreateIssueInput,
  type FakeJiraApiSite,
  jiraJson,
  projectOf,
} from './fake-jira-api.ts';
import { isRecord } from './fake-jira-checks.ts';
import {
  accountIdFor,
  createWorkflow,
  type FakeJiraIssue,
  type FakeJiraProject,
  type FakeJiraUser,
  type FakeJiraWorkflowOptions,
  issueFieldsJson,
  jiraTimestamp,
  userJson,
} from './fake-jira-model.ts';
import {
  type ChangelogItem,
  changelogItems,
  type FakeJiraDelivery,
  type IssueBefore,
  signDelivery,
} from './fake-jira-webhooks.ts';

// A fake Jira Cloud site: the REST API v3 endpoints sitrep calls (issues, transitions, comments, users, myself),
// checked as Jira checks them (Basic auth with an account's email and API token, unknown fields and ids refused, 404
// for an unknown issue), and its admin webhook. Tests answer with it through msw; `answer` takes and gives web
// Requests and Responses, so an HTTP server can serve it to a real process too. What a person does in Jira (close,
// cancel, reassign, change a due date) is a method that returns the signed delivery Jira would then post, made by
// that person; what the API changes is delivered too, made by the API's account, and waits in `takeDeliveries()`.

export type FakeJiraPerson = { email: string; displayName: string; emailVisible?: boolean; active?: boolean };

export type FakeJiraOptions = {
  /** The site, such as https://acme.atlassian.net. */
  site?: string;
  /** The account sitrep acts as, and its API token. */
  email?: string;
  token?: string;
  /** The admin webhook's secret, which signs every delivery. */
  webhookSecret?: string;
  /** The site's people besides sitrep's account; four by default, one hiding their email and one deactivated. */
  people?: FakeJiraPerson[];
  projects?: { key: string; name: string; issueTypes?: string[] }[];
  workflow?: FakeJiraWorkflowOptions;
  now?: () => Date;
};

export const FAKE_JIRA_DEFAULTS = {
  site: 'https://acme.atlassian.net',
  email: 'sitrep-bot@acme.example',
  token: 'ATATT3xFfGF0-fake-jira-api-token-7c1e',
  webhookSecret: 'jira-webhook-secret-5b9d2e',
} as const;

const DEFAULT_PEOPLE: FakeJiraPerson[] = [
  { email: 'ann.lee@acme.example', displayName: 'Ann Lee' },
  { email: 'bo.chen@acme.example', displayName: 'Bo Chen' },
  { email: 'priya.nair@acme.example', displayName: 'Priya Nair', emailVisible: false },
  { email: 'old.hand@acme.example', displayName: 'Old Hand', active: false },
];

type FaultStatus = 429 | 500 | 502 | 503 | 504;

/** Jira's rate limiter and its edge, in the bodies they answer with. */
const faultResponse = ({ status, retryAfter }: { status: FaultStatus; retryAfter?: string }) =>
  jiraJson(
    status,
    { errorMessages: [status === 429 ? 'Rate limit exceeded.' : 'Internal server error'], errors: {} },
    retryAfter === undefined ? {} : { 'retry-after': retryAfter },
  );

const UNAUTHENTICATED = () =>
  new Response('Client must be authenticated to access this resource.', {
    status: 401,
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'www-authenticate': 'Basic realm="protected-area"' },
  });

/** Jira's `issue_event_type_name`: a transition is generic, an assignment its own, anything else an update. */
const eventTypeNameOf = (items: readonly ChangelogItem[]): string => {
  if (items.some((item) => item.field === 'status')) return 'issue_generic';
  return items.every((item) => item.field === 'assignee') ? 'issue_assigned' : 'issue_updated';
};

const snapshot = (issue: FakeJiraIssue): IssueBefore => ({
  status: issue.status,
  resolution: issue.resolution,
  assigneeId: issue.assigneeId,
  duedate: issue.duedate,
  summary: issue.summary,
});

export const createFakeJira = (options: FakeJiraOptions = {}) => {
  const site = options.site ?? FAKE_JIRA_DEFAULTS.site;
  const email = options.email ?? FAKE_JIRA_DEFAULTS.email;
  const token = options.token ?? FAKE_JIRA_DEFAULTS.token;
  const webhookSecret = options.webhookSecret ?? FAKE_JIRA_DEFAULTS.webhookSecret;
  const now = options.now ?? (() => new Date());
  const people = [{ email, displayName: 'sitrep' }, ...(options.people ?? DEFAULT_PEOPLE)];
  const users: FakeJiraUser[] = people.map((person, index) => ({
    accountId: accountIdFor(index),
    email: person.email,
    displayName: person.displayName,
    emailVisible: person.emailVisible ?? true,
    active: person.active ?? true,
  }));
  const [apiUser] = users;
  if (!apiUser) throw new Error('the fake Jira needs its API account');
  const projects: FakeJiraProject[] = (options.projects ?? [{ key: 'PAY', name: 'Payments' }]).map((project, i) => ({
    id: String(10000 + i),
    key: project.key,
    name: project.name,
    issueTypes: project.issueTypes ?? ['Task', 'Bug', 'Story'],
  }));
  const workflow = createWorkflow(options.workflow);
  const issues: FakeJiraIssue[] = [];
  /** Every request, in order, with the status it was answered. */
  const requests: { method: string; path: string; body: unknown; status: number }[] = [];
  const queued: FakeJiraDelivery[] = [];
  const faults: { status: FaultStatus; retryAfter?: string }[] = [];
  const counters = { issue: 10000, delivery: 1_000_000, changelog: 20000, comment: 30000 };

  const personByEmail = (wanted: string): FakeJiraUser => {
    const user = users.find((known) => known.email.toLowerCase() === wanted.toLowerCase());
    if (!user) throw new Error(`the fake Jira has no user ${wanted}`);
    return user;
  };

  const findIssue = (keyOrId: string) =>
    issues.find((issue) => issue.key === keyOrId.toUpperCase() || issue.id === keyOrId);

  const issueByKey = (key: string): FakeJiraIssue => {
    const issue = findIssue(key);
    if (!issue) throw new Error(`the fake Jira has no issue ${key}`);
    return issue;
  };

  /** Webhooks write the issue as REST API v2 does, its links under /rest/api/2. */
  const deliver = (payload: Record<string, unknown>): FakeJiraDelivery => {
    counters.delivery += 1;
    const v2: Record<string, unknown> = JSON.parse(JSON.stringify(payload).replaceAll('/rest/api/3/', '/rest/api/2/'));
    return signDelivery({ secret: webhookSecret, deliveryId: String(counters.delivery), payload: v2 });
  };

  const issuePayload = (issue: FakeJiraIssue) => ({
    id: issue.id,
    self: `${site}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields: issueFieldsJson({ site, issue, project: projectOf({ projects }, issue), users, apiVersion: 2 }),
  });

  const envelope = ({ event, typeName, actor }: { event: string; typeName: string; actor: FakeJiraUser }) => ({
    timestamp: now().getTime(),
    webhookEvent: event,
    issue_event_type_name: typeName,
    user: userJson(site, actor),
  });

  /** Applies a change as `actor` and answers the `jira:issue_updated` it makes, or null when nothing changed. */
  const change = ({
    issue,
    actor,
    mutate,
  }: {
    issue: FakeJiraIssue;
    actor: FakeJiraUser;
    mutate: (issue: FakeJiraIssue) => void;
  }): FakeJiraDelivery | null => {
    const before = snapshot(issue);
    mutate(issue);
    const items = changelogItems({ before, issue, users });
    if (items.length === 0) return null;
    issue.updated = jiraTimestamp(now());
    counters.changelog += 1;
    return deliver({
      ...envelope({ event: 'jira:issue_updated', typeName: eventTypeNameOf(items), actor }),
      issue: issuePayload(issue),
      changelog: { id: String(counters.changelog), items },
    });
  };

  const addComment = ({ issue, actor, body }: { issue: FakeJiraIssue; actor: FakeJiraUser; body: unknown }) => {
    counters.comment += 1;
    const comment = { id: String(counters.comment), authorId: actor.accountId, body, created: jiraTimestamp(now()) };
    issue.comments.push(comment);
    const delivery = deliver({
      ...envelope({ event: 'jira:issue_updated', typeName: 'issue_commented', actor }),
      issue: issuePayload(issue),
      comment: { id: comment.id, author: userJson(site, actor), body, created: comment.created },
    });
    return { comment, delivery };
  };

  const createIssue = ({ project, issueType, fields }: CreateIssueInput): FakeJiraIssue => {
    counters.issue += 1;
    const number = issues.filter((issue) => issue.projectKey === project.key).length + 1;
    const [initial] = workflow.statuses;
    if (!initial) throw new Error('the fake workflow has no statuses');
    const at = jiraTimestamp(now());
    const issue: FakeJiraIssue = {
      id: String(counters.issue),
      key: `${project.key}-${number}`,
      projectKey: project.key,
      issueType,
      summary: '',
      description: null,
      labels: [],
      status: initial,
      resolution: null,
      assigneeId: null,
      duedate: null,
      comments: [],
      created: at,
      updated: at,
    };
    applyFields(issue, fields);
    issues.push(issue);
    queued.push(
      deliver({
        ...envelope({ event: 'jira:issue_created', typeName: 'issue_created', actor: apiUser }),
        issue: issuePayload(issue),
      }),
    );
    return issue;
  };

  const apiSite: FakeJiraApiSite = {
    site,
    users,
    apiUser,
    projects,
    workflow,
    findIssue,
    createIssue,
    changeIssue: (issue, mutate) => {
      const delivery = change({ issue, actor: apiUser, mutate });
      if (delivery) queued.push(delivery);
    },
    commentOn: (issue, body) => {
      const { comment, delivery } = addComment({ issue, actor: apiUser, body });
      queued.push(delivery);
      return comment;
    },
  };

  const isAuthenticated = (request: Request) =>
    request.headers.get('authorization') === `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;

  const readBody = async (request: Request): Promise<Record<string, unknown> | Response> => {
    if (request.method === 'GET') return {};
    if (!(request.headers.get('content-type') ?? '').includes('application/json')) {
      return new Response(null, { status: 415 });
    }
    const body: unknown = await request.json().catch(() => undefined);
    return isRecord(body)
      ? body
      : jiraJson(400, { errorMessages: ['Unexpected character: the body is not a JSON object'], errors: {} });
  };

  const answer = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const fault = faults.shift();
    if (fault) return faultResponse(fault);
    if (!isAuthenticated(request)) return UNAUTHENTICATED();
    const body = await readBody(request);
    if (body instanceof Response) return body;
    return answerJiraApi({ site: apiSite, method: request.method, url, body });
  };

  /** A person's change in Jira's UI, and the delivery it makes. */
  const personChange = ({ key, by, mutate }: { key: string; by: string; mutate: (issue: FakeJiraIssue) => void }) => {
    const delivery = change({ issue: issueByKey(key), actor: personByEmail(by), mutate });
    if (!delivery) throw new Error(`that changes nothing on ${key}`);
    return delivery;
  };

  const statusNamed = (name: string) => {
    const status = workflow.statuses.find((known) => known.name === name);
    if (!status) throw new Error(`the fake workflow has no status ${name}`);
    return status;
  };

  return {
    site,
    users,
    issues,
    requests,
    /** The next `times` requests are answered `status` (429, 5xx) and change nothing, with Retry-After when given. */
    failNext: (status: FaultStatus, times = 1, retryAfter?: string) => {
      for (let i = 0; i < times; i += 1) faults.push({ status, ...(retryAfter === undefined ? {} : { retryAfter }) });
    },
    /** Answers a request to the site's REST API as Jira Cloud does. */
    answer: async (request: Request): Promise<Response> => {
      const body: unknown = await request
        .clone()
        .json()
        .catch(() => undefined);
      const response = await answer(request);
      const url = new URL(request.url);
      requests.push({ method: request.method, path: `${url.pathname}${url.search}`, body, status: response.status });
      return response;
    },
    /** The deliveries of the changes made through the API since the last call, oldest first. */
    takeDeliveries: (): FakeJiraDelivery[] => queued.splice(0),
    issue: issueByKey,
    accountIdOf: (wanted: string) => personByEmail(wanted).accountId,
    closeAsDone: ({ key, by }: { key: string; by: string }) =>
      personChange({
        key,
        by,
        mutate: (issue) => Object.assign(issue, { status: statusNamed('Done'), resolution: 'Done' }),
      }),
    /** Closes as won't do: the Won't Do status when the workflow has one, with `resolution` when it has a screen. */
    cancel: ({ key, by, resolution = "Won't Do" }: { key: string; by: string; resolution?: string }) => {
      const status = workflow.statuses.find((known) => known.name === "Won't Do") ?? statusNamed('Done');
      const screen = workflow.transitions.find((transition) => transition.to.id === status.id)?.resolutionScreen;
      return personChange({
        key,
        by,
        mutate: (issue) => Object.assign(issue, { status, resolution: screen ? resolution : 'Done' }),
      });
    },
    reopen: ({ key, by }: { key: string; by: string }) =>
      personChange({
        key,
        by,
        mutate: (issue) => Object.assign(issue, { status: statusNamed('To Do'), resolution: null }),
      }),
    reassign: ({ key, by, to }: { key: string; by: string; to: string | null }) =>
      personChange({
        key,
        by,
        mutate: (issue) => Object.assign(issue, { assigneeId: to === null ? null : personByEmail(to).accountId }),
      }),
    changeDueDate: ({ key, by, dueDate }: { key: string; by: string; dueDate: string | null }) =>
      personChange({ key, by, mutate: (issue) => Object.assign(issue, { duedate: dueDate }) }),
    rename: ({ key, by, summary }: { key: string; by: string; summary: string }) =>
      personChange({ key, by, mutate: (issue) => Object.assign(issue, { summary }) }),
    comment: ({ key, by, text }: { key: string; by: string; text: string }) =>
      addComment({
        issue: issueByKey(key),
        actor: personByEmail(by),
        body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
      }).delivery,
  };
};

export type FakeJira = ReturnType<typeof createFakeJira>;
