import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  type FakeLinearIssue,
  findIssue,
  mustFind,
  type SeedPerson,
  type SeedTeam,
  seedLinearData,
} from './fake-linear-data.ts';
import { type Change, type DeliveryContext, deliveryFor, type FakeLinearDelivery } from './fake-linear-deliveries.ts';
import { describeArgumentIssues, isRootField, ZRootArgs } from './fake-linear-inputs.ts';
import { createResolvers, type LinearErrorBody, LinearUserError, patchIssue } from './fake-linear-resolvers.ts';
import { project, resolveValue, validateOperation } from './fake-linear-schema.ts';
import { type GraphqlOperation, GraphqlSyntaxError, parseGraphqlDocument } from './graphql-document.ts';

// A fake of Linear's GraphQL API (POST https://api.linear.app/graphql) at its documented shape: a personal API key in
// `Authorization` (as-is, no `Bearer`), a document checked against the slice of Linear's schema it serves, refusals
// with Linear's error body (`errors[].extensions.type` and `code`), and a webhook delivery for every change, made
// through the API (`takeDeliveries`) or by a person in Linear (the methods that act as one). Tests answer with it
// through msw; `answer` takes and gives web Requests and Responses, so an HTTP server can serve it to a real process.

export type FakeLinearOptions = {
  /** The personal API key it takes. */
  apiKey: string;
  /** The signing secret of the webhook its deliveries are signed with. */
  webhookSecret: string;
  /** Its clock: `webhookTimestamp`, `createdAt`, `updatedAt`. */
  now?: () => Date;
  urlKey?: string;
  /** Whose API key it is: the actor of changes made through the API. */
  viewer?: SeedPerson;
  users?: readonly SeedPerson[];
  teams?: readonly SeedTeam[];
};

type FaultStatus = 429 | 500 | 502 | 503;

const ZRequestBody = z.looseObject({
  query: z.string(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });

const graphqlError = (message: string, code: string) => ({
  message,
  extensions: { type: 'graphql error', code, statusCode: 400, userError: true },
});

const AUTHENTICATION_ERROR: LinearErrorBody = {
  message: 'Authentication required, not authenticated',
  extensions: {
    type: 'authentication error',
    code: 'AUTHENTICATION_ERROR',
    statusCode: 401,
    userError: true,
    userPresentableMessage: 'You need to authenticate to access this operation.',
  },
};

const RATE_LIMITED: LinearErrorBody = {
  message: 'Rate limit exceeded',
  extensions: {
    type: 'ratelimited',
    code: 'RATELIMITED',
    statusCode: 429,
    userError: true,
    userPresentableMessage: 'Too many API requests, please try again later.',
  },
};

/** graphql-js refuses a document or its variables before running any of it: 400, nothing done. */
const checkRequest = (operation: GraphqlOperation, variables: Record<string, unknown>): string[] => {
  const errors = validateOperation(operation);
  if (errors.length > 0) return errors;
  for (const [name, { type, hasDefault }] of operation.variables) {
    if (type.endsWith('!') && !hasDefault && variables[name] == null) {
      errors.push(`Variable "$${name}" of required type "${type}" was not provided.`);
    }
  }
  for (const field of operation.selections) {
    const args = Object.fromEntries(
      Object.entries(field.args).map(([name, value]) => [name, resolveValue(value, variables)]),
    );
    // validateOperation let no other root field through.
    const parsed = isRootField(field.name) ? ZRootArgs[field.name].safeParse(args) : undefined;
    if (parsed?.success === false) errors.push(...describeArgumentIssues(field.name, parsed.error.issues));
  }
  return errors;
};

export const createFakeLinear = (options: FakeLinearOptions) => {
  const now = options.now ?? (() => new Date());
  const data = seedLinearData({
    urlKey: options.urlKey ?? 'acme',
    viewer: options.viewer ?? { name: 'sitrep', email: 'sitrep-bot@acme.test' },
    users: options.users ?? [],
    teams: options.teams ?? [{ key: 'PAY', name: 'Payments' }],
  });
  /** Every request, in order: the root fields asked, the variables, and the status answered. */
  const requests: { fields: string[]; variables: Record<string, unknown>; status: number }[] = [];
  const faults: { status: FaultStatus; retryAfter?: string }[] = [];
  const queued: FakeLinearDelivery[] = [];
  const context: DeliveryContext = { data, secret: options.webhookSecret, webhookId: randomUUID(), now };
  const viewer = () => mustFind(data.users, data.viewerId);
  const resolvers = createResolvers({
    data,
    now,
    changed: (change) => queued.push(deliveryFor(context, change, viewer())),
  });

  const answerFault = (fault: { status: FaultStatus; retryAfter?: string }): Response => {
    const retryAfter: Record<string, string> =
      fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
    if (fault.status !== 429) {
      return json(
        fault.status,
        { errors: [{ message: 'Internal server error', extensions: { type: 'internal error' } }] },
        retryAfter,
      );
    }
    return json(
      429,
      { errors: [RATE_LIMITED] },
      {
        'x-ratelimit-requests-limit': '1500',
        'x-ratelimit-requests-remaining': '0',
        'x-ratelimit-requests-reset': String(now().getTime() + 60_000),
        ...retryAfter,
      },
    );
  };

  const run = (operation: GraphqlOperation, variables: Record<string, unknown>): Response => {
    const errors = checkRequest(operation, variables);
    if (errors.length > 0) {
      return json(400, { errors: errors.map((message) => graphqlError(message, 'GRAPHQL_VALIDATION_FAILED')) });
    }
    const answer: Record<string, unknown> = {};
    for (const field of operation.selections) {
      if (!isRootField(field.name)) throw new Error(`validateOperation let ${field.name} through`);
      const args = Object.fromEntries(
        Object.entries(field.args).map(([key, value]) => [key, resolveValue(value, variables)]),
      );
      try {
        answer[field.key] = project(resolvers[field.name](args), field.selections);
      } catch (error) {
        if (!(error instanceof LinearUserError)) throw error;
        // Every root field sitrep asks is non-null, so one refused field makes the whole `data` null.
        return json(200, { data: null, errors: [{ ...error.body, path: [field.key] }] });
      }
    }
    return json(200, { data: answer });
  };

  const answerRequest = async (
    request: Request,
  ): Promise<{ response: Response; fields: string[]; variables: Record<string, unknown> }> => {
    const fault = faults.shift();
    if (fault) return { response: answerFault(fault), fields: [], variables: {} };
    if (request.headers.get('authorization') !== options.apiKey) {
      return { response: json(400, { errors: [AUTHENTICATION_ERROR] }), fields: [], variables: {} };
    }
    const body = ZRequestBody.safeParse(await request.json().catch(() => undefined));
    if (!body.success) {
      return {
        response: json(400, { errors: [graphqlError('Must provide query string.', 'BAD_REQUEST')] }),
        fields: [],
        variables: {},
      };
    }
    const variables = body.data.variables ?? {};
    let operation: GraphqlOperation;
    try {
      operation = parseGraphqlDocument(body.data.query);
    } catch (error) {
      if (!(error instanceof GraphqlSyntaxError)) throw error;
      return {
        response: json(400, { errors: [graphqlError(error.message, 'GRAPHQL_PARSE_FAILED')] }),
        fields: [],
        variables,
      };
    }
    return { response: run(operation, variables), fields: operation.selections.map((field) => field.name), variables };
  };

  const person = (email: string) => {
    const found = data.users.find((user) => user.email.toLowerCase() === email.toLowerCase());
    if (found === undefined) throw new Error(`the fake Linear has no user ${email}`);
    return found;
  };

  const issueOf = (key: string): FakeLinearIssue => {
    const issue = findIssue(data, key);
    if (issue === undefined) throw new Error(`the fake Linear has no issue ${key}`);
    return issue;
  };

  const firstStateOf = (issue: FakeLinearIssue, type: string) => {
    const state = data.states
      .filter((candidate) => candidate.teamId === issue.teamId && candidate.type === type)
      .toSorted((a, b) => a.position - b.position)[0];
    if (state === undefined) throw new Error(`the fake Linear has no ${type} state`);
    return state.id;
  };

  /** A change a person makes in Linear's app, and the delivery Linear sends for it. */
  const asPerson = (key: string, by: string, patch: Parameters<typeof patchIssue>[2]): FakeLinearDelivery => {
    const change: Change | undefined = patchIssue({ data, now }, issueOf(key), patch);
    if (change === undefined) throw new Error(`that changes nothing on ${key}`);
    return deliveryFor(context, change, person(by));
  };

  return {
    data,
    requests,
    /** The next `times` requests are answered `status` (429 as Linear's rate limit) and change nothing. */
    failNext: (status: FaultStatus, times = 1, retryAfter?: string) => {
      for (let i = 0; i < times; i += 1) faults.push({ status, ...(retryAfter === undefined ? {} : { retryAfter }) });
    },
    /** Answers a POST to the GraphQL endpoint as Linear does. */
    answer: async (request: Request): Promise<Response> => {
      const { response, fields, variables } = await answerRequest(request);
      requests.push({ fields, variables, status: response.status });
      return response;
    },
    /** The deliveries of the changes made through the API since the last call, oldest first. */
    takeDeliveries: (): FakeLinearDelivery[] => queued.splice(0),
    /** What a person sees of an issue: its state, assignee, due date, labels and comments. */
    ticket: (key: string) => {
      const issue = issueOf(key);
      const state = mustFind(data.states, issue.stateId);
      return {
        id: issue.id,
        identifier: issue.identifier,
        title: issue.title,
        description: issue.description,
        state: state.name,
        stateType: state.type,
        assigneeEmail: issue.assigneeId === null ? null : mustFind(data.users, issue.assigneeId).email,
        dueDate: issue.dueDate,
        labels: issue.labelIds.map((id) => mustFind(data.labels, id).name),
        comments: data.comments.filter((comment) => comment.issueId === issue.id).map((comment) => comment.body),
      };
    },
    /** A person files an issue in Linear's app (not one of sitrep's), in the first not-started state. */
    fileIssue: ({ by, team, title }: { by: string; team: string; title: string }) => {
      const owner = data.teams.find((candidate) => candidate.key === team);
      if (owner === undefined) throw new Error(`the fake Linear has no team ${team}`);
      const number = data.issues.filter((issue) => issue.teamId === owner.id).length + 1;
      const issue: FakeLinearIssue = {
        id: randomUUID(),
        teamId: owner.id,
        number,
        identifier: `${owner.key}-${number}`,
        title,
        description: null,
        stateId: '',
        assigneeId: null,
        dueDate: null,
        labelIds: [],
        priority: 0,
        creatorId: person(by).id,
        createdAt: now(),
        updatedAt: now(),
      };
      issue.stateId = firstStateOf(issue, 'unstarted');
      data.issues.push(issue);
      return {
        key: issue.identifier,
        delivery: deliveryFor(context, { type: 'Issue', action: 'create', issue }, person(by)),
      };
    },
    closeAsDone: (key: string, { by }: { by: string }) =>
      asPerson(key, by, { stateId: firstStateOf(issueOf(key), 'completed') }),
    /** Linear keeps no reason with a cancelled issue: a person gives one in a comment, which sends its own delivery. */
    cancel: (key: string, { by, reason }: { by: string; reason?: string }) => {
      const delivery = asPerson(key, by, { stateId: firstStateOf(issueOf(key), 'canceled') });
      if (reason !== undefined) {
        data.comments.push({
          id: randomUUID(),
          issueId: issueOf(key).id,
          userId: person(by).id,
          body: reason,
          createdAt: now(),
        });
      }
      return delivery;
    },
    reopen: (key: string, { by }: { by: string }) =>
      asPerson(key, by, { stateId: firstStateOf(issueOf(key), 'unstarted') }),
    startWork: (key: string, { by }: { by: string }) =>
      asPerson(key, by, { stateId: firstStateOf(issueOf(key), 'started') }),
    reassign: (key: string, { by, to }: { by: string; to: string | null }) =>
      asPerson(key, by, { assigneeId: to === null ? null : person(to).id }),
    setDueDate: (key: string, { by, dueDate }: { by: string; dueDate: string | null }) =>
      asPerson(key, by, { dueDate }),
    rename: (key: string, { by, title }: { by: string; title: string }) => asPerson(key, by, { title }),
    comment: (key: string, { by, body }: { by: string; body: string }): FakeLinearDelivery => {
      const comment = { id: randomUUID(), issueId: issueOf(key).id, userId: person(by).id, body, createdAt: now() };
      data.comments.push(comment);
      return deliveryFor(context, { type: 'Comment', action: 'create', comment }, person(by));
    },
  };
};

export type FakeLinear = ReturnType<typeof createFakeLinear>;
export type { FakeLinearDelivery } from './fake-linear-deliveries.ts';
