import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  connectionOf,
  type FakeLinearData,
  type FakeLinearIssue,
  type FakeLinearLabel,
  type FakeLinearUser,
  findById,
  findIssue,
  issueView,
  labelView,
  mustFind,
  stateView,
  teamView,
  userView,
} from './fake-linear-data.ts';
import type { Change } from './fake-linear-deliveries.ts';
import {
  matchesString,
  type RootArgs,
  type RootField,
  type TIdComparator,
  type TIssueLabelFilter,
  type TTeamFilter,
  ZRootArgs,
} from './fake-linear-inputs.ts';

// The root fields the fake Linear answers, with the refusals Linear answers them with (HTTP 200, `errors`): an id it
// does not have is "Entity not found", an input it will not take an "Argument Validation Error" of type
// `invalid input`. Linear does not document the words for a create with an id it already has; the fake refuses it
// as an invalid input, which is what a client has to be ready for.

export type LinearErrorBody = { message: string; extensions: Record<string, unknown> };

export class LinearUserError extends Error {
  readonly body: LinearErrorBody;
  constructor(body: LinearErrorBody) {
    super(body.message);
    this.body = body;
  }
}

const notFound = (entity: string) =>
  new LinearUserError({
    message: `Entity not found: ${entity}`,
    extensions: {
      type: 'invalid input',
      code: 'INPUT_ERROR',
      statusCode: 400,
      userError: true,
      userPresentableMessage: `Could not find referenced ${entity}.`,
    },
  });

const invalid = (text: string) =>
  new LinearUserError({
    message: 'Argument Validation Error',
    extensions: {
      type: 'invalid input',
      code: 'INVALID_INPUT',
      statusCode: 400,
      userError: true,
      userPresentableMessage: text,
    },
  });

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export type ResolverContext = {
  data: FakeLinearData;
  now: () => Date;
  /** A change made through the API, by the API key's owner: Linear sends its webhook delivery too. */
  changed: (change: Change) => void;
};

const PATCHABLE = ['title', 'description', 'stateId', 'assigneeId', 'dueDate', 'labelIds', 'priority'] as const;

type IssuePatch = Partial<Pick<FakeLinearIssue, (typeof PATCHABLE)[number]>>;

/** The timestamps Linear sets as an issue enters a state of a type, listed in `updatedFrom` with their old value. */
const STATE_TIMESTAMPS: Record<string, string> = {
  started: 'startedAt',
  completed: 'completedAt',
  canceled: 'canceledAt',
};

/**
 * Applies a patch as Linear does: fields that really change are written and named in `updatedFrom` with their old
 * value (and `updatedAt`); a patch that changes nothing changes nothing and sends no webhook.
 */
export const patchIssue = (
  context: Pick<ResolverContext, 'data' | 'now'>,
  issue: FakeLinearIssue,
  patch: IssuePatch,
): Change | undefined => {
  const updatedFrom: Record<string, unknown> = {};
  for (const field of PATCHABLE) {
    const value = patch[field];
    if (value === undefined || JSON.stringify(issue[field]) === JSON.stringify(value)) continue;
    updatedFrom[field] = issue[field];
  }
  if (Object.keys(updatedFrom).length === 0) return undefined;
  if (patch.stateId !== undefined && 'stateId' in updatedFrom) {
    const entered = STATE_TIMESTAMPS[mustFind(context.data.states, patch.stateId).type];
    if (entered !== undefined) updatedFrom[entered] = null;
  }
  updatedFrom.updatedAt = issue.updatedAt.toISOString();
  Object.assign(issue, Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)));
  issue.updatedAt = context.now();
  return { type: 'Issue', action: 'update', issue, updatedFrom };
};

const matchesId = (comparator: TIdComparator | null | undefined, id: string): boolean =>
  comparator == null || matchesString(comparator, id);

const matchesTeam = (data: FakeLinearData, filter: TTeamFilter | null | undefined, teamId: string | null): boolean => {
  if (filter == null) return true;
  const team = findById(data.teams, teamId);
  if (filter.null != null) return filter.null === (team === undefined);
  if (team === undefined) return false;
  return matchesId(filter.id, team.id) && matchesString(filter.key, team.key) && matchesString(filter.name, team.name);
};

type LabelFilter = Omit<TIssueLabelFilter, 'and' | 'or'> & Partial<Pick<TIssueLabelFilter, 'and' | 'or'>>;

const matchesLabel = (data: FakeLinearData, filter: LabelFilter | null | undefined, label: FakeLinearLabel): boolean =>
  filter == null ||
  (matchesId(filter.id, label.id) &&
    matchesString(filter.name, label.name) &&
    matchesTeam(data, filter.team, label.teamId) &&
    (filter.and ?? []).every((part) => matchesLabel(data, part, label)) &&
    (filter.or == null || filter.or.some((part) => matchesLabel(data, part, label))));

/** What the API accepts of an issue's fields, checked against the issue's team. */
const checkIssueFields = (data: FakeLinearData, teamId: string, input: RootArgs['issueUpdate']['input']): void => {
  if (input.assigneeId != null) {
    const user = findById(data.users, input.assigneeId);
    if (user === undefined) throw notFound('User');
    if (!user.active) throw invalid('The assignee is not an active member of the workspace.');
  }
  if (input.stateId != null) {
    const state = findById(data.states, input.stateId);
    if (state === undefined) throw notFound('WorkflowState');
    if (state.teamId !== teamId) throw invalid("The workflow state does not belong to the issue's team.");
  }
  for (const id of input.labelIds ?? []) {
    const label = findById(data.labels, id);
    if (label === undefined) throw notFound('IssueLabel');
    if (label.teamId !== null && label.teamId !== teamId) throw invalid("A label does not belong to the issue's team.");
  }
  if (input.dueDate != null && !DAY.test(input.dueDate)) throw invalid('dueDate must be a date such as 2026-12-07.');
  if (input.title === null || input.title?.trim() === '') throw invalid('title must not be empty.');
};

const createIssue = (context: ResolverContext, { input }: RootArgs['issueCreate']) => {
  const { data } = context;
  if (input.id != null && !UUID_V4.test(input.id)) throw invalid('id must be a UUID.');
  if (input.id != null && findById(data.issues, input.id) !== undefined) {
    throw invalid('An issue with this id already exists.');
  }
  const team = findById(data.teams, input.teamId);
  if (team === undefined) throw notFound('Team');
  if (input.title == null) throw invalid('title must not be empty.');
  checkIssueFields(data, team.id, input);
  const number = data.issues.filter((issue) => issue.teamId === team.id).length + 1;
  const firstUnstarted = data.states
    .filter((state) => state.teamId === team.id && state.type === 'unstarted')
    .toSorted((a, b) => a.position - b.position)[0];
  if (firstUnstarted === undefined) throw new Error('the fake Linear gives every team a Todo state');
  const now = context.now();
  const issue: FakeLinearIssue = {
    id: input.id ?? randomUUID(),
    teamId: team.id,
    number,
    identifier: `${team.key}-${number}`,
    title: input.title,
    description: input.description ?? null,
    stateId: input.stateId ?? firstUnstarted.id,
    assigneeId: input.assigneeId ?? null,
    dueDate: input.dueDate ?? null,
    labelIds: input.labelIds ?? [],
    priority: input.priority ?? 0,
    creatorId: data.viewerId,
    createdAt: now,
    updatedAt: now,
  };
  data.issues.push(issue);
  context.changed({ type: 'Issue', action: 'create', issue });
  return { success: true, lastSyncId: data.issues.length, issue: issueView(data, issue) };
};

const updateIssue = (context: ResolverContext, { id, input }: RootArgs['issueUpdate']) => {
  const { data } = context;
  const issue = findIssue(data, id);
  if (issue === undefined) throw notFound('Issue');
  checkIssueFields(data, issue.teamId, input);
  const change = patchIssue(context, issue, {
    ...(input.title == null ? {} : { title: input.title }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.stateId == null ? {} : { stateId: input.stateId }),
    ...(input.assigneeId === undefined ? {} : { assigneeId: input.assigneeId }),
    ...(input.dueDate === undefined ? {} : { dueDate: input.dueDate }),
    ...(input.labelIds == null ? {} : { labelIds: input.labelIds }),
    ...(input.priority == null ? {} : { priority: input.priority }),
  });
  if (change) context.changed(change);
  return { success: true, lastSyncId: data.issues.length, issue: issueView(data, issue) };
};

const createLabel = (context: ResolverContext, { input }: RootArgs['issueLabelCreate']) => {
  const { data } = context;
  const teamId = input.teamId ?? null;
  if (teamId !== null && findById(data.teams, teamId) === undefined) throw notFound('Team');
  const clash = data.labels.some(
    (label) =>
      label.name.toLowerCase() === input.name.toLowerCase() && (label.teamId === teamId || label.teamId === null),
  );
  if (clash) throw invalid(`A label named "${input.name}" already exists.`);
  const label: FakeLinearLabel = {
    id: input.id ?? randomUUID(),
    name: input.name,
    teamId,
    color: input.color ?? '#bec2c8',
  };
  data.labels.push(label);
  context.changed({ type: 'IssueLabel', action: 'create', label });
  return { success: true, lastSyncId: data.labels.length, issueLabel: labelView(data, label) };
};

const createComment = (context: ResolverContext, { input }: RootArgs['commentCreate']) => {
  const { data } = context;
  const issue = findIssue(data, input.issueId);
  if (issue === undefined) throw notFound('Issue');
  if (input.body.trim() === '') throw invalid('body must not be empty.');
  const comment = {
    id: input.id ?? randomUUID(),
    issueId: issue.id,
    userId: data.viewerId,
    body: input.body,
    createdAt: context.now(),
  };
  data.comments.push(comment);
  context.changed({ type: 'Comment', action: 'create', comment });
  const viewer = mustFind(data.users, data.viewerId);
  return {
    success: true,
    lastSyncId: data.comments.length,
    comment: { id: comment.id, body: comment.body, issue: issueView(data, issue), user: userView(data, viewer) },
  };
};

const activeUsers = (data: FakeLinearData, includeDisabled: boolean | null | undefined): FakeLinearUser[] =>
  data.users.filter((user) => user.active || includeDisabled === true);

/** A resolver that reads its arguments as the field's input types have them. */
const taking =
  <T>(schema: z.ZodType<T>, resolve: (args: T) => unknown) =>
  (args: unknown): unknown =>
    resolve(schema.parse(args));

/** One resolver per root field, each given the arguments with the request's variables in. */
export const createResolvers = (context: ResolverContext): Record<RootField, (args: unknown) => unknown> => {
  const { data } = context;
  return {
    issue: taking(ZRootArgs.issue, ({ id }) => {
      const issue = findIssue(data, id);
      if (issue === undefined) throw notFound('Issue');
      return issueView(data, issue);
    }),
    teams: taking(ZRootArgs.teams, ({ filter }) =>
      connectionOf(data.teams.filter((team) => matchesTeam(data, filter, team.id)).map(teamView)),
    ),
    users: taking(ZRootArgs.users, ({ filter, includeDisabled }) =>
      connectionOf(
        activeUsers(data, includeDisabled)
          .filter(
            (user) =>
              matchesId(filter?.id, user.id) &&
              matchesString(filter?.email, user.email) &&
              matchesString(filter?.name, user.name) &&
              matchesString(filter?.displayName, user.displayName),
          )
          .map((user) => userView(data, user)),
      ),
    ),
    user: taking(ZRootArgs.user, ({ id }) => {
      const user = findById(data.users, id);
      if (user === undefined) throw notFound('User');
      return userView(data, user);
    }),
    viewer: taking(ZRootArgs.viewer, () => userView(data, mustFind(data.users, data.viewerId))),
    issueLabels: taking(ZRootArgs.issueLabels, ({ filter }) =>
      connectionOf(
        data.labels.filter((label) => matchesLabel(data, filter, label)).map((label) => labelView(data, label)),
      ),
    ),
    workflowStates: taking(ZRootArgs.workflowStates, ({ filter }) =>
      connectionOf(
        data.states
          .filter(
            (state) =>
              matchesId(filter?.id, state.id) &&
              matchesString(filter?.name, state.name) &&
              matchesString(filter?.type, state.type) &&
              matchesTeam(data, filter?.team, state.teamId),
          )
          .map((state) => stateView(data, state)),
      ),
    ),
    issueCreate: taking(ZRootArgs.issueCreate, (args) => createIssue(context, args)),
    issueUpdate: taking(ZRootArgs.issueUpdate, (args) => updateIssue(context, args)),
    issueLabelCreate: taking(ZRootArgs.issueLabelCreate, (args) => createLabel(context, args)),
    commentCreate: taking(ZRootArgs.commentCreate, (args) => createComment(context, args)),
  };
};
