import type { FakeGithubDelivery } from './fake-github-deliveries.ts';
import {
  CREATE_COMMENT,
  CREATE_ISSUE,
  checkBody,
  DOCS,
  githubError,
  stateReasonOf,
  UPDATE_ISSUE,
} from './fake-github-requests.ts';
import {
  commentJson,
  type FakeGithubIssue,
  type FakeGithubUrls,
  type FakeGithubUser,
  fullUserJson,
  issueJson,
  privateUserJson,
  simpleUserJson,
} from './fake-github-resources.ts';
import type { FakeGithubState, IssueChange } from './fake-github-state.ts';

// The REST endpoints sitrep calls, answered as GitHub documents them: issues (get, create, update), issue comments,
// users, the authenticated user and the user search. Paths are below the API's root; anything else is GitHub's 404.

export type FakeGithubApiOptions = {
  state: FakeGithubState;
  urls: FakeGithubUrls;
  /** Who the token is: the author and sender of every change made through the API. */
  tokenOwner: string;
  /** Where the deliveries of the API's changes go. */
  sent: FakeGithubDelivery[];
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

const notFound = (documentationUrl: string = DOCS.root) => githubError(404, 'Not Found', documentationUrl);

const ISSUES = /^\/repos\/([^/]+)\/([^/]+)\/issues$/;
const ISSUE = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)(\/comments)?$/;
const USER = /^\/users\/([^/]+)$/;

/** What a person's search box does with `q`: words, and `in:` saying where to look for them. */
const searchUsers = ({ state, urls }: FakeGithubApiOptions, query: string | null) => {
  if (query === null || query.trim() === '') {
    return githubError(422, 'Validation Failed', DOCS.searchUsers, {
      errors: [{ resource: 'Search', field: 'q', code: 'missing' }],
    });
  }
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '' && !word.includes(':'));
  const inEmail = /(^|\s)in:email(\s|$)/i.test(query);
  // A word may match inside a longer one (loose, as a search is), so a client must check its hits; exact ones first.
  const fieldOf = (user: FakeGithubUser) => (inEmail ? (user.emailPublic ? user.email : '') : user.login).toLowerCase();
  const items = state.users
    .filter((user) => words.every((word) => fieldOf(user).includes(word)))
    .map((user) => ({ user, score: words.includes(fieldOf(user)) ? 1 : 0.5 }))
    .sort((a, b) => b.score - a.score);
  return json(200, {
    total_count: items.length,
    incomplete_results: false,
    items: items.map(({ user, score }) => ({ ...simpleUserJson(urls, user), score })),
  });
};

/** The assignees a body names, or the logins GitHub cannot assign. */
const assigneesOf = ({ state }: FakeGithubApiOptions, body: Record<string, unknown>) => {
  const named = Array.isArray(body.assignees)
    ? body.assignees.map(String)
    : typeof body.assignee === 'string'
      ? [body.assignee]
      : undefined;
  const unknown = (named ?? []).filter((login) => state.findUser(login) === undefined);
  return { named, unknown };
};

const cannotAssign = (logins: string[], documentationUrl: string) =>
  githubError(422, 'Validation Failed', documentationUrl, {
    errors: logins.map((value) => ({ value, resource: 'Issue', field: 'assignees', code: 'invalid' })),
  });

const createIssue = async (options: FakeGithubApiOptions, repository: string, request: Request) => {
  const checked = await checkBody(request, CREATE_ISSUE);
  if (!checked.ok) return checked.response;
  const { body } = checked;
  const { named, unknown } = assigneesOf(options, body);
  if (unknown.length > 0) return cannotAssign(unknown, DOCS.createIssue);
  const { issue, sent } = options.state.openIssue({
    repository,
    by: options.tokenOwner,
    title: String(body.title),
    body: typeof body.body === 'string' ? body.body : null,
    labels: Array.isArray(body.labels) ? body.labels.map(String) : [],
    assignees: named ?? [],
  });
  options.sent.push(...sent);
  return json(201, issueJson({ urls: options.urls, userOf: options.state.userOf }, issue));
};

const updateIssue = async (options: FakeGithubApiOptions, issue: FakeGithubIssue, request: Request) => {
  const checked = await checkBody(request, UPDATE_ISSUE);
  if (!checked.ok) return checked.response;
  const { body } = checked;
  const { named, unknown } = assigneesOf(options, body);
  if (unknown.length > 0) return cannotAssign(unknown, DOCS.updateIssue);
  const change: IssueChange = {
    ...(typeof body.title === 'string' || typeof body.title === 'number' ? { title: String(body.title) } : {}),
    ...('body' in body ? { body: typeof body.body === 'string' ? body.body : null } : {}),
    ...(named === undefined ? {} : { assignees: named }),
    ...(Array.isArray(body.labels) ? { labels: body.labels.map(String) } : {}),
    ...(body.state === 'open' || body.state === 'closed' ? { state: body.state } : {}),
    ...('state_reason' in body ? { stateReason: stateReasonOf(body.state_reason) } : {}),
  };
  options.sent.push(...options.state.changeIssue({ issue, change, by: options.tokenOwner }));
  return json(200, issueJson({ urls: options.urls, userOf: options.state.userOf }, issue));
};

const createComment = async (options: FakeGithubApiOptions, issue: FakeGithubIssue, request: Request) => {
  const checked = await checkBody(request, CREATE_COMMENT);
  if (!checked.ok) return checked.response;
  const comment = options.state.addComment({ issue, by: options.tokenOwner, body: String(checked.body.body) });
  return json(201, commentJson({ urls: options.urls, userOf: options.state.userOf }, { issue, comment }));
};

const answerIssue = async (options: FakeGithubApiOptions, match: RegExpExecArray, request: Request) => {
  const [, owner = '', repo = '', number = '', comments] = match;
  const repository = options.state.findRepository(`${owner}/${repo}`);
  const issue = repository && options.state.findIssue({ repository, number: Number(number) });
  if (!issue) return notFound(comments ? DOCS.createComment : DOCS.getIssue);
  if (comments) return request.method === 'POST' ? createComment(options, issue, request) : notFound();
  if (request.method === 'GET')
    return json(200, issueJson({ urls: options.urls, userOf: options.state.userOf }, issue));
  return request.method === 'PATCH' ? updateIssue(options, issue, request) : notFound();
};

/** Answers one authenticated request to the path below the API's root. */
export const answerGithubApi = async ({
  api: options,
  request,
  path,
}: {
  api: FakeGithubApiOptions;
  request: Request;
  path: string;
}): Promise<Response> => {
  const issueMatch = ISSUE.exec(path);
  if (issueMatch) return answerIssue(options, issueMatch, request);
  const issuesMatch = ISSUES.exec(path);
  if (issuesMatch && request.method === 'POST') {
    const repository = options.state.findRepository(`${issuesMatch[1]}/${issuesMatch[2]}`);
    return repository ? createIssue(options, repository, request) : notFound(DOCS.createIssue);
  }
  if (path === '/user' && request.method === 'GET') {
    return json(200, privateUserJson(options.urls, options.state.userOf(options.tokenOwner)));
  }
  const userMatch = USER.exec(path);
  if (userMatch && request.method === 'GET') {
    const user = options.state.findUser(decodeURIComponent(userMatch[1] ?? ''));
    return user ? json(200, fullUserJson(options.urls, user)) : notFound(DOCS.getUser);
  }
  if (path === '/search/users' && request.method === 'GET') {
    return searchUsers(options, new URL(request.url).searchParams.get('q'));
  }
  return notFound();
};
