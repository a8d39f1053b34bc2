import { z } from 'zod';
import { LINEAR_STATE_TYPE_OF } from '../../domain/trackers/linear-states.ts';
import type { TicketStatus } from '../../domain/trackers/tracker.ts';
import { type LinearConnection, LinearRefusal, requestLinear } from './linear-graphql.ts';

// The names sitrep.yml and Slack give (a team key, label names, an email, a status) as the ids Linear's mutations take.

const ZNodes = <T extends z.ZodType>(node: T) => z.object({ nodes: z.array(node) });

const TEAM_QUERY = `query SitrepTeam($key: String!) {
  teams(filter: { key: { eqIgnoreCase: $key } }) { nodes { id key } }
}`;

export type LinearTeam = { id: string; key: string };

/** The team whose key sitrep.yml names (PAY, in any case); a key Linear does not know needs sitrep.yml fixed. */
export const findTeam = async (connection: LinearConnection, key: string): Promise<LinearTeam> => {
  const { teams } = await requestLinear(connection, {
    operation: 'teams',
    query: TEAM_QUERY,
    variables: { key },
    data: z.object({ teams: ZNodes(z.object({ id: z.string(), key: z.string() })) }),
  });
  const team = teams.nodes[0];
  if (team === undefined) {
    throw new LinearRefusal(`Linear has no team with the key ${key} (sitrep.yml, trackers)`, {
      transient: false,
      notFound: true,
    });
  }
  return team;
};

const LABELS_QUERY = `query SitrepLabels($filter: IssueLabelFilter!) {
  issueLabels(first: 250, filter: $filter) { nodes { id name team { id } } }
}`;

const LABEL_CREATE = `mutation SitrepLabelCreate($input: IssueLabelCreateInput!) {
  issueLabelCreate(input: $input) { success issueLabel { id name } }
}`;

const ZLabel = z.object({ id: z.string(), name: z.string(), team: z.object({ id: z.string() }).nullish() });

/** The first spelling of each name, names compared without case as Linear compares label names. */
const distinctNames = (names: readonly string[]): string[] => {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/**
 * The ids of the labels named (in any case), each the team's own or else the workspace's; a name neither has is
 * created in the team, so the first ticket with a new label makes it and the next ones find it.
 */
export const ensureLabels = async ({
  connection,
  teamId,
  names,
}: {
  connection: LinearConnection;
  teamId: string;
  names: readonly string[];
}): Promise<string[]> => {
  const wanted = distinctNames(names);
  if (wanted.length === 0) return [];
  const { issueLabels } = await requestLinear(connection, {
    operation: 'issueLabels',
    query: LABELS_QUERY,
    variables: { filter: { or: wanted.map((name) => ({ name: { eqIgnoreCase: name } })) } },
    data: z.object({ issueLabels: ZNodes(ZLabel) }),
  });
  const usable = issueLabels.nodes.filter((label) => label.team == null || label.team.id === teamId);
  const ids: string[] = [];
  for (const name of wanted) {
    const named = usable.filter((label) => label.name.toLowerCase() === name.toLowerCase());
    const found = named.find((label) => label.team?.id === teamId) ?? named[0];
    if (found) {
      ids.push(found.id);
      continue;
    }
    const { issueLabelCreate } = await requestLinear(connection, {
      operation: 'issueLabelCreate',
      query: LABEL_CREATE,
      variables: { input: { name, teamId } },
      data: z.object({ issueLabelCreate: z.object({ issueLabel: z.object({ id: z.string() }) }) }),
    });
    ids.push(issueLabelCreate.issueLabel.id);
  }
  return ids;
};

const USER_BY_EMAIL = `query SitrepUserByEmail($email: String!) {
  users(filter: { email: { eqIgnoreCase: $email } }) { nodes { id } }
}`;

/** The id of the active Linear user with that email (any case), or null when Linear has none. */
export const findUserId = async (connection: LinearConnection, email: string): Promise<string | null> => {
  const { users } = await requestLinear(connection, {
    operation: 'users',
    query: USER_BY_EMAIL,
    variables: { email },
    data: z.object({ users: ZNodes(z.object({ id: z.string() })) }),
  });
  return users.nodes[0]?.id ?? null;
};

const STATES_QUERY = `query SitrepWorkflowStates($team: String!, $type: String!) {
  workflowStates(filter: { team: { key: { eq: $team } }, type: { eq: $type } }) { nodes { id position } }
}`;

/** The team's first workflow state (by position on its board) of the type the status means. */
export const findStateId = async ({
  connection,
  teamKey,
  status,
}: {
  connection: LinearConnection;
  teamKey: string;
  status: TicketStatus;
}): Promise<string> => {
  const type = LINEAR_STATE_TYPE_OF[status];
  const { workflowStates } = await requestLinear(connection, {
    operation: 'workflowStates',
    query: STATES_QUERY,
    variables: { team: teamKey, type },
    data: z.object({ workflowStates: ZNodes(z.object({ id: z.string(), position: z.number() })) }),
  });
  const first = workflowStates.nodes.toSorted((a, b) => a.position - b.position)[0];
  if (first === undefined) {
    throw new LinearRefusal(`Linear's team ${teamKey} has no workflow state of the type ${type}`, {
      transient: false,
      notFound: true,
    });
  }
  return first.id;
};
