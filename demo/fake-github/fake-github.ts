import { answerGithubApi } from './fake-github-api.ts';
import { type FakeGithubDelivery, signatureHeaders } from './fake-github-deliveries.ts';
import { DOCS, githubError } from './fake-github-requests.ts';
import type { FakeGithubIssue, FakeGithubUser } from './fake-github-resources.ts';
import { createFakeGithubState } from './fake-github-state.ts';

// A fake of GitHub Issues at its documented shape: the REST endpoints sitrep calls (issues, comments, users, the
// authenticated user, user search), GitHub's checks and error bodies (401 for a bad token, 403 without a User-Agent,
// 404 for what does not exist, 422 for a body it refuses), its rate limits on demand, and the signed `issues` webhook
// deliveries it sends after every change: sent by the token's owner for the API's changes, by the person for theirs.
// Tests answer with it through msw; `answer` takes and gives web Requests and Responses, so an HTTP server can serve
// it to a real process too.

export type { FakeGithubDelivery } from './fake-github-deliveries.ts';
export type { FakeGithubIssue, FakeGithubUser } from './fake-github-resources.ts';

/** The users the fake knows unless told otherwise: the token's owner, two with public emails, one private. */
export const FAKE_GITHUB_USERS: readonly FakeGithubUser[] = [
  { login: 'sitrep-bot', id: 91000001, name: 'sitrep', email: 'sitrep-bot@acme.example', emailPublic: false },
  { login: 'ann-lee', id: 91000002, name: 'Ann Lee', email: 'ann.lee@acme.example', emailPublic: true },
  { login: 'bo-chen', id: 91000003, name: 'Bo Chen', email: 'bo.chen@acme.example', emailPublic: true },
  { login: 'cy-park', id: 91000004, name: 'Cy Park', email: 'cy.park@acme.example', emailPublic: false },
];

export type CreateFakeGithubOptions = {
  /** The only token the API takes, as `Authorization: Bearer` (or GitHub's older `token`). */
  token: string;
  /** The secret of the repository's webhook, which signs every delivery. */
  webhookSecret: string;
  /** The login the token belongs to: it opens sitrep's issues and sends their deliveries. */
  tokenOwner?: string;
  users?: readonly FakeGithubUser[];
  /** `owner/repo`, the repositories the token may write issues in. */
  repositories?: readonly string[];
  /** The API's root as the client is given it: https://api.github.com, or https://HOST/api/v3. */
  apiUrl?: string;
  webUrl?: string;
  now?: () => Date;
};

type FaultStatus = 403 | 429 | 500 | 502 | 503;

const API_VERSIONS = ['2022-11-28', '2026-03-10'];

const USER_AGENT_REQUIRED =
  'Request forbidden by administrative rules. Please make sure your request has a User-Agent header ' +
  '(https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). ' +
  'Check https://developer.github.com for other possible causes.';

/** What GitHub answers a rate-limited request: a spent primary limit (403) or a secondary limit (429). */
const rateLimited = ({ status, retryAfter, now }: { status: 403 | 429; retryAfter?: string; now: Date }) => {
  const response = githubError(
    status,
    status === 403
      ? 'API rate limit exceeded for user ID 91000001.'
      : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    DOCS.rateLimits,
  );
  response.headers.set('x-ratelimit-limit', '5000');
  response.headers.set('x-ratelimit-remaining', status === 403 ? '0' : '4999');
  response.headers.set('x-ratelimit-reset', String(Math.floor(now.getTime() / 1000) + 60));
  if (retryAfter !== undefined) response.headers.set('retry-after', retryAfter);
  return response;
};

const faultResponse = ({ status, retryAfter, now }: { status: FaultStatus; retryAfter?: string; now: Date }) => {
  if (status === 403 || status === 429) return rateLimited({ status, now, ...(retryAfter ? { retryAfter } : {}) });
  const response = githubError(status, status === 500 ? 'Server Error' : 'Service Unavailable', DOCS.root);
  if (retryAfter !== undefined) response.headers.set('retry-after', retryAfter);
  return response;
};

const KEY = /^([^/#]+\/[^/#]+)#(\d+)$/;

export const createFakeGithub = ({
  token,
  webhookSecret,
  tokenOwner = 'sitrep-bot',
  users = FAKE_GITHUB_USERS,
  repositories = ['acme/checkout-api'],
  apiUrl = 'https://api.github.com',
  webUrl = 'https://github.com',
  now = () => new Date(),
}: CreateFakeGithubOptions) => {
  const urls = { api: apiUrl.replace(/\/+$/, ''), web: webUrl.replace(/\/+$/, '') };
  const state = createFakeGithubState({
    users: users.map((user) => ({ ...user })),
    repositories: [...repositories],
    urls,
    webhookSecret,
    now,
  });
  /** Every request, in order, with the status it was answered. */
  const requests: { method: string; path: string; body: unknown; status: number }[] = [];
  const faults: { status: FaultStatus; retryAfter?: string }[] = [];
  const sent: FakeGithubDelivery[] = [];
  const apiPath = new URL(urls.api).pathname.replace(/\/+$/, '');

  const answerRequest = (request: Request): Promise<Response> | Response => {
    const authorization = request.headers.get('authorization') ?? '';
    if (!/^(Bearer|token) /i.test(authorization)) return githubError(401, 'Requires authentication', DOCS.root);
    if (authorization.replace(/^(Bearer|token) +/i, '') !== token) {
      return githubError(401, 'Bad credentials', DOCS.root);
    }
    if (!request.headers.get('user-agent')) return new Response(USER_AGENT_REQUIRED, { status: 403 });
    const version = request.headers.get('x-github-api-version');
    if (version !== null && !API_VERSIONS.includes(version)) {
      return githubError(400, `API version ${version} is not supported.`, DOCS.root);
    }
    const fault = faults.shift();
    if (fault) return faultResponse({ ...fault, now: now() });
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(apiPath)) return githubError(404, 'Not Found', DOCS.root);
    return answerGithubApi({
      api: { state, urls, tokenOwner, sent },
      request,
      path: pathname.slice(apiPath.length),
    });
  };

  const issueOf = (key: string): FakeGithubIssue => {
    const match = KEY.exec(key);
    const repository = match?.[1] === undefined ? undefined : state.findRepository(match[1]);
    const issue = repository && state.findIssue({ repository, number: Number(match?.[2]) });
    if (!issue) throw new Error(`the fake GitHub has no issue ${key}`);
    return issue;
  };

  /** The one delivery a person's change sends, for a test to post to sitrep. */
  const only = (deliveries: FakeGithubDelivery[], what: string): FakeGithubDelivery => {
    const delivery = deliveries.at(-1);
    if (!delivery) throw new Error(`${what} changed nothing, so GitHub would send nothing`);
    return delivery;
  };

  const personChanges = {
    /** A person closes the issue as completed. */
    closeAsDone: ({ key, by }: { key: string; by: string }) =>
      only(state.changeIssue({ issue: issueOf(key), change: { state: 'closed', stateReason: 'completed' }, by }), key),
    /** A person closes it as not planned, with their reason as a comment when they give one. */
    cancel: ({ key, by, reason }: { key: string; by: string; reason?: string }) => {
      const issue = issueOf(key);
      if (reason !== undefined) state.addComment({ issue, by, body: reason });
      return only(state.changeIssue({ issue, change: { state: 'closed', stateReason: 'not_planned' }, by }), key);
    },
    reopen: ({ key, by }: { key: string; by: string }) =>
      only(state.changeIssue({ issue: issueOf(key), change: { state: 'open' }, by }), key),
    /**
     * A person makes `to` the one assignee: the `assigned` delivery (GitHub also sends `unassigned` for each one
     * replaced, before it; `unassign` gives that one).
     */
    reassign: ({ key, to, by }: { key: string; to: string; by: string }) =>
      only(state.changeIssue({ issue: issueOf(key), change: { assignees: [to] }, by }), key),
    /** A person adds `to` after the assignees the issue has: the `assigned` delivery. */
    addAssignee: ({ key, to, by }: { key: string; to: string; by: string }) => {
      const issue = issueOf(key);
      return only(state.changeIssue({ issue, change: { assignees: [...issue.assignees, to] }, by }), key);
    },
    /** A person removes `login` and keeps the other assignees: the `unassigned` delivery, the issue shown after. */
    removeAssignee: ({ key, login, by }: { key: string; login: string; by: string }) => {
      const issue = issueOf(key);
      const kept = issue.assignees.filter((assigned) => assigned.toLowerCase() !== login.toLowerCase());
      return only(state.changeIssue({ issue, change: { assignees: kept }, by }), key);
    },
    /** A person removes every assignee: the last `unassigned` delivery, which shows the issue with nobody. */
    unassign: ({ key, by }: { key: string; by: string }) =>
      only(state.changeIssue({ issue: issueOf(key), change: { assignees: [] }, by }), key),
    /** A person edits the body's `Due:` line (removes it for null; adds one at the end when there is none). */
    changeDueDate: ({ key, dueDate, by }: { key: string; dueDate: string | null; by: string }) => {
      const issue = issueOf(key);
      const body = issue.body ?? '';
      const line = dueDate === null ? '' : `Due: ${dueDate}`;
      const edited = /^Due:.*$/m.test(body)
        ? body.replace(/^Due:.*$/m, line).trimEnd()
        : `${body.trimEnd()}\n\n${line}`.trim();
      return only(state.changeIssue({ issue, change: { body: edited }, by }), key);
    },
  };

  return {
    issues: state.issues,
    users: state.users,
    requests,
    issueOf,
    ...personChanges,
    /** The signature headers the webhook's secret gives `body`, for a test that sends a body of its own. */
    sign: (body: string) => signatureHeaders({ secret: webhookSecret, body }),
    /** The deliveries GitHub sent for changes made through the API since the last call, oldest first. */
    takeDeliveries: (): FakeGithubDelivery[] => sent.splice(0, sent.length),
    /**
     * The next `times` requests are answered `status` and change nothing: 403 is the spent primary rate limit
     * (`x-ratelimit-remaining: 0`), 429 a secondary one; Retry-After when given.
     */
    failNext: (status: FaultStatus, times = 1, retryAfter?: string) => {
      for (let i = 0; i < times; i += 1) faults.push({ status, ...(retryAfter === undefined ? {} : { retryAfter }) });
    },
    /** Answers a request to GitHub's REST API as GitHub does. */
    answer: async (request: Request): Promise<Response> => {
      const body: unknown = await request
        .clone()
        .json()
        .catch(() => undefined);
      const response = await answerRequest(request);
      const { pathname, search } = new URL(request.url);
      requests.push({ method: request.method, path: `${pathname}${search}`, body, status: response.status });
      return response;
    },
  };
};

export type FakeGithub = ReturnType<typeof createFakeGithub>;
