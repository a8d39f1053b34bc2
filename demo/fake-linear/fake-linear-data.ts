import { randomUUID } from 'node:crypto';

// What the fake Linear holds (a workspace's users, teams and their workflow states, labels, issues, comments) and how
// its GraphQL types show each: the resolvers build whole values, the document picks its fields from them.

export type FakeLinearUser = { id: string; name: string; displayName: string; email: string; active: boolean };
export type FakeLinearTeam = { id: string; key: string; name: string };
export type FakeLinearWorkflowState = {
  id: string;
  teamId: string;
  name: string;
  type: 'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';
  position: number;
  color: string;
};
export type FakeLinearLabel = { id: string; name: string; teamId: string | null; color: string };
export type FakeLinearIssue = {
  id: string;
  teamId: string;
  number: number;
  identifier: string;
  title: string;
  description: string | null;
  stateId: string;
  assigneeId: string | null;
  dueDate: string | null;
  labelIds: string[];
  priority: number;
  creatorId: string;
  createdAt: Date;
  updatedAt: Date;
};
export type FakeLinearComment = { id: string; issueId: string; userId: string; body: string; createdAt: Date };

export type FakeLinearData = {
  organizationId: string;
  /** The workspace's URL key: https://linear.app/<urlKey>/issue/PAY-1/... */
  urlKey: string;
  /** Whose personal API key the fake takes: the actor of every change made through the API. */
  viewerId: string;
  users: FakeLinearUser[];
  teams: FakeLinearTeam[];
  states: FakeLinearWorkflowState[];
  labels: FakeLinearLabel[];
  issues: FakeLinearIssue[];
  comments: FakeLinearComment[];
};

export type SeedPerson = { name: string; email: string; active?: boolean };
export type SeedTeam = { key: string; name: string };

/**
 * A new team's workflow as Linear makes it, listed out of position order (Duplicate before Canceled) so a client
 * has to sort by `position` to find the first state of a type.
 */
const DEFAULT_WORKFLOW: Omit<FakeLinearWorkflowState, 'id' | 'teamId'>[] = [
  { name: 'Backlog', type: 'backlog', position: 0, color: '#bec2c8' },
  { name: 'Todo', type: 'unstarted', position: 1, color: '#e2e2e2' },
  { name: 'In Progress', type: 'started', position: 2, color: '#f2c94c' },
  { name: 'In Review', type: 'started', position: 3, color: '#0f783c' },
  { name: 'Done', type: 'completed', position: 4, color: '#5e6ad2' },
  { name: 'Duplicate', type: 'canceled', position: 6, color: '#95a2b3' },
  { name: 'Canceled', type: 'canceled', position: 5, color: '#95a2b3' },
];

const displayNameOf = (email: string): string => email.split('@')[0] ?? email;

export const seedLinearData = ({
  urlKey,
  viewer,
  users,
  teams,
}: {
  urlKey: string;
  viewer: SeedPerson;
  users: readonly SeedPerson[];
  teams: readonly SeedTeam[];
}): FakeLinearData => {
  const people = [viewer, ...users].map((person) => ({
    id: randomUUID(),
    name: person.name,
    displayName: displayNameOf(person.email),
    email: person.email,
    active: person.active ?? true,
  }));
  const seededTeams = teams.map((team) => ({ id: randomUUID(), ...team }));
  return {
    organizationId: randomUUID(),
    urlKey,
    viewerId: people[0]?.id ?? randomUUID(),
    users: people,
    teams: seededTeams,
    states: seededTeams.flatMap((team) =>
      DEFAULT_WORKFLOW.map((state) => ({ id: randomUUID(), teamId: team.id, ...state })),
    ),
    labels: [],
    issues: [],
    comments: [],
  };
};

const slugOf = (title: string): string =>
  title
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, '-')
    .replaceAll(/^-|-$/g, '')
    .slice(0, 60);

export const issueUrl = (data: FakeLinearData, issue: FakeLinearIssue): string =>
  `https://linear.app/${data.urlKey}/issue/${issue.identifier}/${slugOf(issue.title)}`;

export const userUrl = (data: FakeLinearData, user: FakeLinearUser): string =>
  `https://linear.app/${data.urlKey}/profiles/${user.displayName}`;

/** Linear's `issue(id:)` takes the issue's id or its identifier (PAY-12). */
export const findIssue = (data: FakeLinearData, idOrIdentifier: string): FakeLinearIssue | undefined =>
  data.issues.find(
    (issue) => issue.id === idOrIdentifier || issue.identifier.toLowerCase() === idOrIdentifier.toLowerCase(),
  );

export const findById = <T extends { id: string }>(items: readonly T[], id: string | null): T | undefined =>
  id === null ? undefined : items.find((item) => item.id === id);

/** Found, or an error thrown: the fake's own data is consistent, so a miss is a bug in the fake. */
export const mustFind = <T extends { id: string }>(items: readonly T[], id: string): T => {
  const found = findById(items, id);
  if (found === undefined) throw new Error(`the fake Linear lost ${id}`);
  return found;
};

const PAGE_INFO = { hasNextPage: false, endCursor: null };

export const connectionOf = <T>(nodes: T[]) => ({ nodes, pageInfo: PAGE_INFO });

export const teamView = (team: FakeLinearTeam) => ({ id: team.id, key: team.key, name: team.name });

export const userView = (data: FakeLinearData, user: FakeLinearUser) => ({
  id: user.id,
  name: user.name,
  displayName: user.displayName,
  email: user.email,
  active: user.active,
  url: userUrl(data, user),
});

export const stateView = (data: FakeLinearData, state: FakeLinearWorkflowState) => ({
  id: state.id,
  name: state.name,
  type: state.type,
  position: state.position,
  color: state.color,
  team: teamView(mustFind(data.teams, state.teamId)),
});

export const labelView = (data: FakeLinearData, label: FakeLinearLabel) => {
  const team = findById(data.teams, label.teamId);
  return { id: label.id, name: label.name, color: label.color, isGroup: false, team: team ? teamView(team) : null };
};

export const issueView = (data: FakeLinearData, issue: FakeLinearIssue) => {
  const assignee = findById(data.users, issue.assigneeId);
  return {
    id: issue.id,
    identifier: issue.identifier,
    number: issue.number,
    title: issue.title,
    description: issue.description,
    url: issueUrl(data, issue),
    dueDate: issue.dueDate,
    priority: issue.priority,
    createdAt: issue.createdAt.toISOString(),
    updatedAt: issue.updatedAt.toISOString(),
    state: stateView(data, mustFind(data.states, issue.stateId)),
    assignee: assignee ? userView(data, assignee) : null,
    team: teamView(mustFind(data.teams, issue.teamId)),
    labels: connectionOf(issue.labelIds.map((id) => labelView(data, mustFind(data.labels, id)))),
  };
};
