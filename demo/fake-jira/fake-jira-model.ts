// What the fake Jira Cloud site holds (users, projects, a workflow, issues) and how Jira's REST API v3 and its
// webhooks write each of them in JSON, at the shapes Atlassian documents.

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export type FakeJiraStatus = { id: string; name: string; category: StatusCategoryKey };

/** A global transition: offered from every status but its own target. */
export type FakeJiraTransition = {
  id: string;
  name: string;
  to: FakeJiraStatus;
  /** Whether its screen asks for a resolution (required there, as Jira's default "resolve" screen does). */
  resolutionScreen: boolean;
};

export type FakeJiraUser = {
  accountId: string;
  email: string;
  displayName: string;
  /** Atlassian's profile setting: when false, the API and webhooks never show this user's email. */
  emailVisible: boolean;
  active: boolean;
};

export type FakeJiraProject = { id: string; key: string; name: string; issueTypes: string[] };

export type FakeJiraComment = { id: string; authorId: string; body: unknown; created: string };

export type FakeJiraIssue = {
  id: string;
  key: string;
  projectKey: string;
  issueType: string;
  summary: string;
  description: unknown;
  labels: string[];
  status: FakeJiraStatus;
  resolution: string | null;
  assigneeId: string | null;
  duedate: string | null;
  comments: FakeJiraComment[];
  created: string;
  updated: string;
};

/** Jira Cloud's default resolutions. */
export const RESOLUTIONS = [
  { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: 'This issue won’t be actioned.' },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Cannot Reproduce', description: 'This issue couldn’t be reproduced.' },
] as const;

const CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

export type FakeJiraWorkflowOptions = {
  /** A "Won't Do" status of its own (done category); without it, only Done closes an issue. */
  cancelStatus?: boolean;
  /** Whether closing transitions show a screen with a required resolution; without one, Jira resolves as Done. */
  resolutionScreens?: boolean;
};

export type FakeJiraWorkflow = { statuses: FakeJiraStatus[]; transitions: FakeJiraTransition[] };

export const createWorkflow = ({
  cancelStatus = true,
  resolutionScreens = true,
}: FakeJiraWorkflowOptions = {}): FakeJiraWorkflow => {
  const statuses: FakeJiraStatus[] = [
    { id: '10000', name: 'To Do', category: 'new' },
    { id: '10001', name: 'In Progress', category: 'indeterminate' },
    { id: '10002', name: 'Done', category: 'done' },
    ...(cancelStatus ? [{ id: '10003', name: "Won't Do", category: 'done' as const }] : []),
  ];
  const transitions = statuses.map((status, index) => ({
    id: String((index + 1) * 10 + 1),
    name: status.name,
    to: status,
    resolutionScreen: resolutionScreens && status.category === 'done',
  }));
  return { statuses, transitions };
};

/** Atlassian account ids are 24 hex digits (older ones) or `712020:` and a UUID; the fake makes the former. */
export const accountIdFor = (index: number): string => `5f${(0xa1b2c3 + index).toString(16)}e0c7d1b2a3f4e5d6`;

export const userJson = (site: string, user: FakeJiraUser) => ({
  self: `${site}/rest/api/3/user?accountId=${user.accountId}`,
  accountId: user.accountId,
  accountType: 'atlassian',
  ...(user.emailVisible ? { emailAddress: user.email } : {}),
  avatarUrls: {
    '48x48': `https://avatar-management.services.atlassian.com/${user.accountId}/48`,
    '24x24': `https://avatar-management.services.atlassian.com/${user.accountId}/24`,
    '16x16': `https://avatar-management.services.atlassian.com/${user.accountId}/16`,
    '32x32': `https://avatar-management.services.atlassian.com/${user.accountId}/32`,
  },
  displayName: user.displayName,
  active: user.active,
  timeZone: 'Etc/UTC',
});

export const statusJson = (site: string, status: FakeJiraStatus) => {
  const category = CATEGORIES[status.category];
  return {
    self: `${site}/rest/api/3/status/${status.id}`,
    description: '',
    iconUrl: `${site}/`,
    name: status.name,
    id: status.id,
    statusCategory: { self: `${site}/rest/api/3/statuscategory/${category.id}`, ...category },
  };
};

export const resolutionJson = (site: string, name: string) => {
  const resolution = RESOLUTIONS.find((known) => known.name === name);
  return resolution ? { self: `${site}/rest/api/3/resolution/${resolution.id}`, ...resolution } : null;
};

export type IssueJsonOptions = {
  site: string;
  issue: FakeJiraIssue;
  project: FakeJiraProject;
  users: readonly FakeJiraUser[];
  /** REST API v3 writes rich text as ADF; v2, which webhooks use, as text. */
  apiVersion?: 2 | 3;
};

/** The characters of an ADF document, paragraphs parted by blank lines, as REST API v2 writes them. */
const adfText = (node: unknown): string => {
  if (typeof node !== 'object' || node === null) return '';
  if ('text' in node && typeof node.text === 'string') return node.text;
  if ('type' in node && node.type === 'hardBreak') return '\n';
  const content = 'content' in node && Array.isArray(node.content) ? node.content : [];
  const separator = 'type' in node && node.type === 'doc' ? '\n\n' : '';
  return content.map(adfText).join(separator);
};

/** Every field the fake keeps, as `GET /rest/api/3/issue/{key}` and (in v2) the webhooks write them. */
export const issueFieldsJson = ({ site, issue, project, users, apiVersion = 3 }: IssueJsonOptions) => {
  const assignee = users.find((user) => user.accountId === issue.assigneeId);
  const fields: Record<string, unknown> = {
    summary: issue.summary,
    description: apiVersion === 3 || issue.description === null ? issue.description : adfText(issue.description),
    labels: issue.labels,
    issuetype: { self: `${site}/rest/api/3/issuetype/${issue.issueType}`, name: issue.issueType, subtask: false },
    project: { self: `${site}/rest/api/3/project/${project.id}`, id: project.id, key: project.key, name: project.name },
    status: statusJson(site, issue.status),
    resolution: issue.resolution === null ? null : resolutionJson(site, issue.resolution),
    assignee: assignee ? userJson(site, assignee) : null,
    duedate: issue.duedate,
    created: issue.created,
    updated: issue.updated,
  };
  return fields;
};

export const issueJson = (options: IssueJsonOptions & { fields?: readonly string[] }) => {
  const all = issueFieldsJson(options);
  const wanted = options.fields;
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: options.issue.id,
    self: `${options.site}/rest/api/3/issue/${options.issue.id}`,
    key: options.issue.key,
    fields:
      wanted === undefined ? all : Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes(name))),
  };
};

/** Jira's timestamps: milliseconds and a numeric offset, such as 2026-11-20T13:05:00.000+0000. */
export const jiraTimestamp = (at: Date): string => at.toISOString().replace('Z', '+0000');
