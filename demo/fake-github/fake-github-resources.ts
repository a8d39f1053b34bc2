// GitHub's REST resources as the fake keeps them, and as the API and webhooks write them: users, labels, issues,
// comments and repositories, with the fields and URLs GitHub's documentation shows.

export type FakeGithubUser = {
  login: string;
  id: number;
  name: string | null;
  email: string;
  /** Whether the profile shows the email: `GET /users/{login}` and the user search see public emails only. */
  emailPublic: boolean;
};

export type FakeGithubStateReason = 'completed' | 'not_planned' | 'duplicate' | 'reopened';

export type FakeGithubComment = { id: number; author: string; body: string; createdAt: string };

export type FakeGithubIssue = {
  /** `owner/repo`. */
  repository: string;
  number: number;
  id: number;
  title: string;
  body: string | null;
  labels: string[];
  /** Logins, in the order they were assigned: the first is the issue's `assignee`. */
  assignees: string[];
  author: string;
  state: 'open' | 'closed';
  stateReason: FakeGithubStateReason | null;
  comments: FakeGithubComment[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
};

/** Where the fake says its resources live: GitHub.com's API and web addresses unless told otherwise. */
export type FakeGithubUrls = { api: string; web: string };

const nodeId = (prefix: string, id: number) => Buffer.from(`${prefix}${id}`).toString('base64');

/** A user as GitHub writes one inside another resource (an issue's `user`, a delivery's `sender`). */
export const simpleUserJson = (urls: FakeGithubUrls, user: FakeGithubUser) => ({
  login: user.login,
  id: user.id,
  node_id: nodeId('04:User', user.id),
  avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
  gravatar_id: '',
  url: `${urls.api}/users/${user.login}`,
  html_url: `${urls.web}/${user.login}`,
  followers_url: `${urls.api}/users/${user.login}/followers`,
  repos_url: `${urls.api}/users/${user.login}/repos`,
  type: 'User',
  user_view_type: 'public',
  site_admin: false,
});

/** `GET /users/{login}`: the public profile, its email null unless the user made it public. */
export const fullUserJson = (urls: FakeGithubUrls, user: FakeGithubUser) => ({
  ...simpleUserJson(urls, user),
  name: user.name,
  company: null,
  blog: '',
  location: null,
  email: user.emailPublic ? user.email : null,
  hireable: null,
  bio: null,
  twitter_username: null,
  public_repos: 3,
  public_gists: 0,
  followers: 1,
  following: 0,
  created_at: '2019-03-14T09:12:00Z',
  updated_at: '2026-10-01T08:00:00Z',
});

/** `GET /user`: the token owner's own profile, with the private fields a token with the `user` scope sees. */
export const privateUserJson = (urls: FakeGithubUrls, user: FakeGithubUser) => ({
  ...fullUserJson(urls, user),
  private_gists: 0,
  total_private_repos: 0,
  owned_private_repos: 0,
  disk_usage: 0,
  collaborators: 0,
  two_factor_authentication: true,
  plan: { name: 'free', space: 976562499, private_repos: 10000, collaborators: 0 },
});

const stableId = (name: string) => [...name].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 2_000_000_000, 7);

export const labelJson = (urls: FakeGithubUrls, repository: string, name: string) => ({
  id: stableId(name),
  node_id: nodeId('08:Label', stableId(name)),
  url: `${urls.api}/repos/${repository}/labels/${encodeURIComponent(name)}`,
  name,
  color: 'ededed',
  default: false,
  description: null,
});

export type ResourceOptions = { urls: FakeGithubUrls; userOf: (login: string) => FakeGithubUser };

/** An issue as the REST API answers it and as the `issues` event carries it. */
export const issueJson = ({ urls, userOf }: ResourceOptions, issue: FakeGithubIssue) => {
  const api = `${urls.api}/repos/${issue.repository}/issues/${issue.number}`;
  const assignees = issue.assignees.map((login) => simpleUserJson(urls, userOf(login)));
  return {
    url: api,
    repository_url: `${urls.api}/repos/${issue.repository}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${urls.web}/${issue.repository}/issues/${issue.number}`,
    id: issue.id,
    node_id: nodeId('05:Issue', issue.id),
    number: issue.number,
    title: issue.title,
    user: simpleUserJson(urls, userOf(issue.author)),
    labels: issue.labels.map((name) => labelJson(urls, issue.repository, name)),
    state: issue.state,
    locked: false,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: issue.comments.length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    closed_by: issue.closedBy === null ? null : simpleUserJson(urls, userOf(issue.closedBy)),
    author_association: 'MEMBER',
    active_lock_reason: null,
    body: issue.body,
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
};

export const commentJson = (
  { urls, userOf }: ResourceOptions,
  { issue, comment }: { issue: FakeGithubIssue; comment: FakeGithubComment },
) => ({
  id: comment.id,
  node_id: nodeId('012:IssueComment', comment.id),
  url: `${urls.api}/repos/${issue.repository}/issues/comments/${comment.id}`,
  html_url: `${urls.web}/${issue.repository}/issues/${issue.number}#issuecomment-${comment.id}`,
  issue_url: `${urls.api}/repos/${issue.repository}/issues/${issue.number}`,
  body: comment.body,
  user: simpleUserJson(urls, userOf(comment.author)),
  created_at: comment.createdAt,
  updated_at: comment.createdAt,
  author_association: 'MEMBER',
  performed_via_github_app: null,
});

/** A repository as a webhook delivery carries it: owned by an organization named after its owner. */
export const repositoryJson = (urls: FakeGithubUrls, repository: string) => {
  const [owner = '', name = ''] = repository.split('/');
  const id = stableId(repository);
  return {
    id,
    node_id: nodeId('010:Repository', id),
    name,
    full_name: repository,
    private: true,
    owner: {
      login: owner,
      id: stableId(owner),
      node_id: nodeId('012:Organization', stableId(owner)),
      url: `${urls.api}/users/${owner}`,
      html_url: `${urls.web}/${owner}`,
      type: 'Organization',
      site_admin: false,
    },
    html_url: `${urls.web}/${repository}`,
    url: `${urls.api}/repos/${repository}`,
    default_branch: 'main',
    has_issues: true,
    visibility: 'private',
  };
};
