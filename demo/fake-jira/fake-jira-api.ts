import {
  ADF_REQUIRED,
  cannotBeSet,
  checkCreateFields,
  checkEditFields,
  isAdfDocument,
  isRecord,
  type JiraErrors,
  USER_UNKNOWN,
} from './fake-jira-checks.ts';
import {
  type FakeJiraComment,
  type FakeJiraIssue,
  type FakeJiraProject,
  type FakeJiraTransition,
  type FakeJiraUser,
  type FakeJiraWorkflow,
  issueJson,
  RESOLUTIONS,
  resolutionJson,
  statusJson,
  userJson,
} from './fake-jira-model.ts';

// The endpoints of Jira Cloud's REST API v3 that the fake answers, each as Atlassian documents it: what it takes,
// what it refuses (400 with `{ errorMessages, errors }`, 404 for an issue or user it does not know) and what it
// answers.

/** What a change made through the API asks of the site (which records it and sends its webhook). */
export type FakeJiraApiSite = {
  site: string;
  users: readonly FakeJiraUser[];
  /** The account whose email and API token the requests carry. */
  apiUser: FakeJiraUser;
  projects: readonly FakeJiraProject[];
  workflow: FakeJiraWorkflow;
  findIssue: (keyOrId: string) => FakeJiraIssue | undefined;
  createIssue: (input: CreateIssueInput) => FakeJiraIssue;
  changeIssue: (issue: FakeJiraIssue, change: (issue: FakeJiraIssue) => void) => void;
  commentOn: (issue: FakeJiraIssue, body: unknown) => FakeJiraComment;
};

export type CreateIssueInput = {
  project: FakeJiraProject;
  issueType: string;
  fields: Record<string, unknown>;
};

const NO_ISSUE = 'Issue does not exist or you do not have permission to see it.';

export const jiraJson = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });

const refuse = (status: number, { errorMessages = [], errors = {} }: Partial<JiraErrors>): Response =>
  jiraJson(status, { errorMessages, errors });

const noContent = () => new Response(null, { status: 204 });

/** Jira's deserializer refuses top-level properties it does not know. */
const unrecognized = (body: Record<string, unknown>, known: readonly string[]): Response | undefined => {
  const extra = Object.keys(body).find((key) => !known.includes(key));
  return extra === undefined ? undefined : refuse(400, { errorMessages: [`Unrecognized field "${extra}"`] });
};

/** Applies the edited fields to the issue, as Jira stores them. */
export const applyFields = (issue: FakeJiraIssue, fields: Record<string, unknown>): void => {
  if (typeof fields.summary === 'string') issue.summary = fields.summary;
  if ('description' in fields) issue.description = fields.description;
  if (Array.isArray(fields.labels)) issue.labels = fields.labels.map(String);
  if ('duedate' in fields) issue.duedate = typeof fields.duedate === 'string' ? fields.duedate : null;
  if ('assignee' in fields) {
    issue.assigneeId = isRecord(fields.assignee) ? String(fields.assignee.accountId) : null;
  }
};

const createIssue = (site: FakeJiraApiSite, body: Record<string, unknown>): Response => {
  const extra = unrecognized(body, ['fields']);
  if (extra) return extra;
  const fields = isRecord(body.fields) ? body.fields : {};
  const { errors, project, issueType } = checkCreateFields(fields, site);
  if (Object.keys(errors).length > 0 || !project || !issueType) return refuse(400, { errors });
  const issue = site.createIssue({ project, issueType, fields });
  return jiraJson(201, { id: issue.id, key: issue.key, self: `${site.site}/rest/api/3/issue/${issue.id}` });
};

const editIssue = (site: FakeJiraApiSite, issue: FakeJiraIssue, body: Record<string, unknown>): Response => {
  const extra = unrecognized(body, ['fields']);
  if (extra) return extra;
  const fields = isRecord(body.fields) ? body.fields : {};
  const errors = checkEditFields(fields, site);
  if (Object.keys(errors).length > 0) return refuse(400, { errors });
  site.changeIssue(issue, (changed) => applyFields(changed, fields));
  return noContent();
};

const offeredTransitions = (site: FakeJiraApiSite, issue: FakeJiraIssue) =>
  site.workflow.transitions.filter((transition) => transition.to.id !== issue.status.id);

const transitionJson = (site: string, transition: FakeJiraTransition, withFields: boolean) => ({
  id: transition.id,
  name: transition.name,
  to: statusJson(site, transition.to),
  hasScreen: transition.resolutionScreen,
  isGlobal: true,
  isInitial: false,
  isAvailable: true,
  isConditional: false,
  isLooped: false,
  ...(withFields
    ? {
        fields: transition.resolutionScreen
          ? {
              resolution: {
                required: true,
                schema: { type: 'resolution', system: 'resolution' },
                name: 'Resolution',
                key: 'resolution',
                operations: ['set'],
                allowedValues: RESOLUTIONS.map((resolution) => resolutionJson(site, resolution.name)),
              },
            }
          : {},
      }
    : {}),
});

/** The resolution a transition's `fields` name, or Jira's error for it. */
const resolutionFrom = (
  transition: FakeJiraTransition,
  fields: Record<string, unknown>,
): { resolution: string | null } | { errors: Record<string, string> } => {
  const other = Object.keys(fields).find((name) => name !== 'resolution');
  if (other !== undefined) return { errors: { [other]: cannotBeSet(other) } };
  const given = fields.resolution;
  if (given === undefined) {
    return transition.resolutionScreen ? { errors: { resolution: 'Resolution is required.' } } : { resolution: null };
  }
  if (!transition.resolutionScreen) return { errors: { resolution: cannotBeSet('resolution') } };
  const known = RESOLUTIONS.find(
    (resolution) => isRecord(given) && (given.name === resolution.name || given.id === resolution.id),
  );
  return known
    ? { resolution: known.name }
    : { errors: { resolution: "Could not find valid 'id' or 'name' in resolution object." } };
};

const doTransition = (site: FakeJiraApiSite, issue: FakeJiraIssue, body: Record<string, unknown>): Response => {
  const extra = unrecognized(body, ['transition', 'fields']);
  if (extra) return extra;
  const id = isRecord(body.transition) ? body.transition.id : undefined;
  if (typeof id !== 'string' || id === '') return refuse(400, { errorMessages: ["Missing 'transition' identifier"] });
  const transition = offeredTransitions(site, issue).find((offered) => offered.id === id);
  if (!transition) return refuse(400, { errorMessages: [`Transition id '${id}' is not valid for this issue.`] });
  const chosen = resolutionFrom(transition, isRecord(body.fields) ? body.fields : {});
  if ('errors' in chosen) return refuse(400, { errors: chosen.errors });
  site.changeIssue(issue, (changed) => {
    changed.status = transition.to;
    // A workflow without a resolution screen resolves every done status as Done, and unresolves the others.
    changed.resolution = transition.to.category === 'done' ? (chosen.resolution ?? 'Done') : null;
  });
  return noContent();
};

const addComment = (site: FakeJiraApiSite, issue: FakeJiraIssue, body: Record<string, unknown>): Response => {
  if (body.body === undefined) return refuse(400, { errors: { comment: 'Comment body can not be empty!' } });
  if (!isAdfDocument(body.body)) return refuse(400, { errors: { comment: ADF_REQUIRED } });
  const comment = site.commentOn(issue, body.body);
  const author = site.users.find((user) => user.accountId === comment.authorId);
  return jiraJson(201, {
    self: `${site.site}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author: author ? userJson(site.site, author) : null,
    body: comment.body,
    created: comment.created,
    updated: comment.created,
    jsdPublic: true,
  });
};

const searchUsers = (site: FakeJiraApiSite, url: URL): Response => {
  const query = url.searchParams.get('query');
  if (query === null || query === '') {
    return refuse(400, { errorMessages: ["One of 'query' or 'accountId' query parameters must be provided"] });
  }
  const wanted = query.toLowerCase();
  // Jira matches the start of a display name (or of one of its words) or of an email, hidden or not.
  const found = site.users.filter(
    (user) =>
      user.email.toLowerCase().startsWith(wanted) ||
      user.displayName
        .toLowerCase()
        .split(/\s+/)
        .some((word) => word.startsWith(wanted)),
  );
  return jiraJson(
    200,
    found.map((user) => userJson(site.site, user)),
  );
};

const getUser = (site: FakeJiraApiSite, url: URL): Response => {
  const accountId = url.searchParams.get('accountId');
  if (accountId === null || accountId === '') {
    return refuse(400, { errorMessages: ['The accountId query parameter needs to be provided'] });
  }
  const user = site.users.find((known) => known.accountId === accountId);
  return user ? jiraJson(200, userJson(site.site, user)) : refuse(404, { errorMessages: [USER_UNKNOWN] });
};

/** `GET /rest/api/3/myself`: the account the request authenticated as, with its groups and roles when expanded. */
const getMyself = (site: FakeJiraApiSite): Response =>
  jiraJson(200, {
    ...userJson(site.site, site.apiUser),
    // Anyone may see their own email, whatever their profile shows others.
    emailAddress: site.apiUser.email,
    locale: 'en_US',
    groups: { size: 1, items: [] },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  });

export type AnswerJiraApiOptions = { site: FakeJiraApiSite; method: string; url: URL; body: Record<string, unknown> };

/** Answers one authenticated request under /rest/api/3 (its JSON body already read), or 404. */
export const answerJiraApi = ({ site, method, url, body }: AnswerJiraApiOptions): Response => {
  const path = url.pathname;
  if (path === '/rest/api/3/issue' && method === 'POST') return createIssue(site, body);
  if (path === '/rest/api/3/user/search' && method === 'GET') return searchUsers(site, url);
  if (path === '/rest/api/3/user' && method === 'GET') return getUser(site, url);
  if (path === '/rest/api/3/myself' && method === 'GET') return getMyself(site);
  const match = /^\/rest\/api\/3\/issue\/([^/]+)(?:\/(transitions|comment))?$/.exec(path);
  if (!match?.[1]) return refuse(404, { errorMessages: [`null for uri: ${url.href}`] });
  const issue = site.findIssue(decodeURIComponent(match[1]));
  if (!issue) return refuse(404, { errorMessages: [NO_ISSUE] });
  const route = `${method} ${match[2] ?? 'issue'}`;
  if (route === 'GET issue') {
    const fields = url.searchParams.get('fields');
    const wanted = fields === null || fields.split(',').includes('*all') ? undefined : fields.split(',');
    return jiraJson(200, issueJson({ ...site, issue, project: projectOf(site, issue), fields: wanted }));
  }
  if (route === 'PUT issue') return editIssue(site, issue, body);
  if (route === 'GET transitions') {
    const withFields = (url.searchParams.get('expand') ?? '').split(',').includes('transitions.fields');
    const transitions = offeredTransitions(site, issue).map((t) => transitionJson(site.site, t, withFields));
    return jiraJson(200, { expand: 'transitions', transitions });
  }
  if (route === 'POST transitions') return doTransition(site, issue, body);
  if (route === 'POST comment') return addComment(site, issue, body);
  return new Response(null, { status: 405 });
};

export const projectOf = (site: Pick<FakeJiraApiSite, 'projects'>, issue: FakeJiraIssue): FakeJiraProject => {
  const project = site.projects.find((known) => known.key === issue.projectKey);
  if (!project) throw new Error(`the fake lost project ${issue.projectKey}`);
  return project;
};
