import { z } from 'zod';
import { ticketStatusOfLinearState } from '../../domain/trackers/linear-states.ts';
import type {
  TicketChange,
  TicketDraft,
  TicketRef,
  TicketState,
  TrackerClient,
  TrackerTarget,
} from '../../domain/trackers/tracker.ts';
import { rememberAnswer } from '../remember-answer.ts';
import { type LinearConnection, LinearRefusal, requestLinear } from './linear-graphql.ts';
import { ensureLabels, findStateId, findTeam, findUserId } from './linear-lookups.ts';

export type LinearClientOptions = {
  /** Linear's GraphQL endpoint (https://api.linear.app/graphql). */
  apiUrl: string;
  /** A personal API key of a member of the teams sitrep files tickets in. */
  apiKey: string;
  /** For Retry-After given as a date or as Linear's reset instant. */
  now: () => Date;
};

const ISSUE_CREATE = `mutation SitrepIssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { identifier url } }
}`;

const ISSUE_REF = `query SitrepIssueRef($id: String!) {
  issue(id: $id) { id identifier url team { key } }
}`;

const ISSUE_STATE = `query SitrepIssueState($id: String!) {
  issue(id: $id) { dueDate state { type } assignee { email } }
}`;

const ISSUE_UPDATE = `mutation SitrepIssueUpdate($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) { success }
}`;

const COMMENT_CREATE = `mutation SitrepCommentCreate($input: CommentCreateInput!) {
  commentCreate(input: $input) { success }
}`;

const USER_EMAIL = `query SitrepUserEmail($id: String!) {
  user(id: $id) { email }
}`;

const VIEWER = `query SitrepViewer {
  viewer { id }
}`;

const ZIssueRef = z.object({
  id: z.string(),
  identifier: z.string(),
  url: z.string(),
  team: z.object({ key: z.string() }),
});

const findIssue = async (connection: LinearConnection, id: string) => {
  const { issue } = await requestLinear(connection, {
    operation: 'issue',
    query: ISSUE_REF,
    variables: { id },
    data: z.object({ issue: ZIssueRef }),
  });
  return issue;
};

/** The issue a create that Linear refused may have made before (a retry after a lost answer), if there is one. */
const findCreated = async (connection: LinearConnection, actionId: string) => {
  try {
    return await findIssue(connection, actionId);
  } catch (error) {
    if (error instanceof LinearRefusal && error.notFound) return undefined;
    throw error;
  }
};

const createIssue = async (
  connection: LinearConnection,
  target: TrackerTarget,
  draft: TicketDraft,
): Promise<TicketRef> => {
  if (target.kind !== 'linear') {
    throw new LinearRefusal(`the Linear client was given a ${target.kind} target`, {
      transient: false,
      notFound: false,
    });
  }
  const team = await findTeam(connection, target.team);
  const labelIds = await ensureLabels({ connection, teamId: team.id, names: [...target.labels, ...draft.labels] });
  const { assigneeEmail, dueDate, status } = draft.state;
  const assigneeId = assigneeEmail === null ? null : await findUserId(connection, assigneeEmail);
  const stateId = status === 'open' ? null : await findStateId({ connection, teamKey: team.key, status });
  const input = {
    id: draft.actionId,
    teamId: team.id,
    title: draft.title,
    description: draft.description,
    labelIds,
    ...(assigneeId === null ? {} : { assigneeId }),
    ...(dueDate === null ? {} : { dueDate }),
    ...(stateId === null ? {} : { stateId }),
  };
  try {
    const { issueCreate } = await requestLinear(connection, {
      operation: 'issueCreate',
      query: ISSUE_CREATE,
      variables: { input },
      data: z.object({ issueCreate: z.object({ issue: z.object({ identifier: z.string(), url: z.string() }) }) }),
    });
    return { kind: 'linear', key: issueCreate.issue.identifier, url: issueCreate.issue.url };
  } catch (error) {
    // Linear refuses an id it already has: the issue a retried create made the first time.
    if (!(error instanceof LinearRefusal) || error.transient) throw error;
    const created = await findCreated(connection, draft.actionId);
    if (created === undefined) throw error;
    return { kind: 'linear', key: created.identifier, url: created.url };
  }
};

const readIssue = async (connection: LinearConnection, ref: TicketRef): Promise<TicketState> => {
  const { issue } = await requestLinear(connection, {
    operation: 'issue',
    query: ISSUE_STATE,
    variables: { id: ref.key },
    data: z.object({
      issue: z.object({
        dueDate: z.string().nullable(),
        state: z.object({ type: z.string() }),
        assignee: z.object({ email: z.string() }).nullable(),
      }),
    }),
  });
  return {
    status: ticketStatusOfLinearState(issue.state.type),
    assigneeEmail: issue.assignee?.email ?? null,
    dueDate: issue.dueDate,
  };
};

const updateIssue = async (connection: LinearConnection, ref: TicketRef, change: TicketChange): Promise<void> => {
  const issue = await findIssue(connection, ref.key);
  const input: Record<string, string | null> = {};
  if (change.status !== undefined) {
    input.stateId = await findStateId({ connection, teamKey: issue.team.key, status: change.status });
  }
  if (change.assigneeEmail === null) input.assigneeId = null;
  else if (change.assigneeEmail !== undefined) {
    // An owner Linear does not know leaves the issue's assignee as it is, rather than taking it from someone.
    const assigneeId = await findUserId(connection, change.assigneeEmail);
    if (assigneeId !== null) input.assigneeId = assigneeId;
  }
  if (change.dueDate !== undefined) input.dueDate = change.dueDate;
  if (Object.keys(input).length > 0) {
    await requestLinear(connection, {
      operation: 'issueUpdate',
      query: ISSUE_UPDATE,
      variables: { id: issue.id, input },
      data: z.object({ issueUpdate: z.object({ success: z.boolean() }) }),
    });
  }
  // Linear keeps no reason with a cancelled issue: the reason goes in a comment, which the team sees on the issue.
  if (change.status === 'cancelled' && change.reason !== undefined && change.reason.trim() !== '') {
    await requestLinear(connection, {
      operation: 'commentCreate',
      query: COMMENT_CREATE,
      variables: { input: { issueId: issue.id, body: `Won't do: ${change.reason}` } },
      data: z.object({ commentCreate: z.object({ success: z.boolean() }) }),
    });
  }
};

const readEmail = async (connection: LinearConnection, userId: string): Promise<string | null> => {
  try {
    const { user } = await requestLinear(connection, {
      operation: 'user',
      query: USER_EMAIL,
      variables: { id: userId },
      data: z.object({ user: z.object({ email: z.string() }) }),
    });
    return user.email;
  } catch (error) {
    if (error instanceof LinearRefusal && error.notFound) return null;
    throw error;
  }
};

/** The id of the user whose API key sitrep has: the actor of every change sitrep makes. */
const readViewerId = async (connection: LinearConnection): Promise<string> => {
  const { viewer } = await requestLinear(connection, {
    operation: 'viewer',
    query: VIEWER,
    variables: {},
    data: z.object({ viewer: z.object({ id: z.string().min(1) }) }),
  });
  return viewer.id;
};

/**
 * Linear through its GraphQL API (https://linear.app/developers/graphql). A ticket's key is the issue's identifier
 * (PAY-12), which `issue(id:)` takes as it takes the issue's id. `create` gives the issue the action item's id, so a
 * create retried after a lost answer finds the issue it made rather than adding a second one; `update` with an owner
 * Linear does not know leaves the assignee alone. Every method throws a `TrackerError` (a `LinearRefusal`) when
 * Linear says no or cannot be reached; `emailOf` answers null for a user Linear does not know. `ownUserId` is the
 * `viewer`'s id, asked once.
 */
export const createLinearClient = ({ apiUrl, apiKey, now }: LinearClientOptions): TrackerClient => {
  const connection: LinearConnection = { apiUrl, apiKey, now };
  return {
    create: (target, draft) => createIssue(connection, target, draft),
    read: (ref) => readIssue(connection, ref),
    update: (ref, change) => updateIssue(connection, ref, change),
    emailOf: (userId) => readEmail(connection, userId),
    ownUserId: rememberAnswer(() => readViewerId(connection)),
  };
};
