import { randomUUID } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeLinear, type FakeLinear } from '../../../demo/fake-linear/fake-linear.ts';
import {
  type TicketDraft,
  type TicketRef,
  TrackerError,
  type TrackerTarget,
} from '../../../src/domain/trackers/tracker.ts';
import { createLinearClient } from '../../../src/trackers/linear/linear-client.ts';

const API_URL = 'https://api.linear.test/graphql';
const ECHOING_URL = 'https://echo.linear.test/graphql';
const UNREACHABLE = 'http://127.0.0.1:9/graphql';
const API_KEY = 'lin_api_Zq3v0F9mXwT2kR8pL5nB7cY1hD4sJ6gA0eU2iO3';
const NOW = new Date('2026-12-07T09:00:00Z');
const ANN = 'ann.lee@acme.test';
const BO = 'bo.chen@acme.test';

let fake: FakeLinear;
const server = setupServer(
  http.post(API_URL, ({ request }) => fake.answer(request)),
  http.all(UNREACHABLE, () => HttpResponse.error()),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  server.resetHandlers();
  fake = createFakeLinear({
    apiKey: API_KEY,
    webhookSecret: 'linear-signing-secret',
    now: () => NOW,
    users: [
      { name: 'Ann Lee', email: ANN },
      { name: 'Bo Chen', email: BO },
      { name: 'Cy Gone', email: 'cy@acme.test', active: false },
    ],
    teams: [
      { key: 'PAY', name: 'Payments' },
      { key: 'OPS', name: 'Operations' },
    ],
  });
});

const client = createLinearClient({ apiUrl: API_URL, apiKey: API_KEY, now: () => NOW });
const TARGET: TrackerTarget = { kind: 'linear', team: 'PAY', labels: ['incident-follow-up'] };

const draftOf = (state: Partial<TicketDraft['state']> = {}): TicketDraft => ({
  actionId: randomUUID(),
  title: 'Add retries to card payments',
  description: 'From [INC-42](https://slack.test/archives/C42): **prevent**.',
  labels: ['prevent'],
  state: { status: 'open', assigneeEmail: ANN, dueDate: '2026-12-14', ...state },
});

const failureOf = async (work: Promise<unknown>): Promise<TrackerError> => {
  const failure = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(failure instanceof TrackerError)) throw new Error(`expected a TrackerError, got ${String(failure)}`);
  return failure;
};

const sentFields = () => fake.requests.flatMap((request) => request.fields);

describe('creating a Linear issue for an action item', () => {
  it('files it in the team with its title, description, labels, assignee by email and due date', async () => {
    const draft = draftOf({ assigneeEmail: 'Ann.Lee@ACME.test' });
    const ref = await client.create(TARGET, draft);

    expect(ref).toEqual({
      kind: 'linear',
      key: 'PAY-1',
      url: 'https://linear.app/acme/issue/PAY-1/add-retries-to-card-payments',
    });
    expect(fake.ticket('PAY-1')).toMatchObject({
      id: draft.actionId,
      title: 'Add retries to card payments',
      description: draft.description,
      state: 'Todo',
      assigneeEmail: ANN,
      dueDate: '2026-12-14',
      labels: ['incident-follow-up', 'prevent'],
    });
  });

  it('makes a missing label once, in the team, and finds it for the next issue', async () => {
    await client.create(TARGET, draftOf());
    await client.create(TARGET, draftOf());
    expect(sentFields().filter((field) => field === 'issueLabelCreate')).toHaveLength(2);
    const pay = fake.data.teams.find((team) => team.key === 'PAY');
    expect(fake.data.labels.map((label) => [label.name, label.teamId])).toEqual([
      ['incident-follow-up', pay?.id],
      ['prevent', pay?.id],
    ]);
    expect(fake.ticket('PAY-2').labels).toEqual(['incident-follow-up', 'prevent']);
  });

  it('takes a workspace label of that name in any case, never another team’s, and the team’s key in any case', async () => {
    const ops = fake.data.teams.find((team) => team.key === 'OPS');
    fake.data.labels.push(
      { id: randomUUID(), name: 'prevent', teamId: ops?.id ?? null, color: '#f00' },
      { id: randomUUID(), name: 'Incident-Follow-Up', teamId: null, color: '#0f0' },
    );
    const ref = await client.create({ ...TARGET, team: 'pay' }, { ...draftOf(), labels: ['prevent', 'Prevent'] });
    expect(ref.key).toBe('PAY-1');
    expect(fake.ticket('PAY-1').labels).toEqual(['Incident-Follow-Up', 'prevent']);
    expect(fake.data.labels).toHaveLength(3);
  });

  it.each([
    ['an email Linear does not know', 'nobody@acme.test'],
    ['a deactivated member', 'cy@acme.test'],
    ['no owner email', null],
  ])('leaves the issue unassigned for %s', async (_case, assigneeEmail) => {
    const ref = await client.create(TARGET, draftOf({ assigneeEmail }));
    expect(fake.ticket(ref.key).assigneeEmail).toBeNull();
  });

  it.each([
    ['done', 'Done'],
    ['cancelled', 'Canceled'],
  ] as const)('files an action item already %s in the team’s first such state', async (status, state) => {
    const ref = await client.create(TARGET, draftOf({ status, dueDate: null }));
    expect(fake.ticket(ref.key)).toMatchObject({ state, dueDate: null });
  });

  it('answers a create retried after a lost answer with the issue it made, not a second one', async () => {
    const draft = draftOf();
    const first = await client.create(TARGET, draft);
    const again = await client.create(TARGET, draft);
    expect(again).toEqual(first);
    expect(fake.data.issues).toHaveLength(1);
  });

  it('refuses a team key Linear does not know, to be fixed in sitrep.yml', async () => {
    const failure = await failureOf(client.create({ ...TARGET, team: 'NOPE' }, draftOf()));
    expect(failure).toMatchObject({ transient: false, message: expect.stringContaining('NOPE') });
    expect(fake.data.issues).toEqual([]);
  });
});

describe('reading and updating a Linear issue', () => {
  let ref: TicketRef;
  beforeEach(async () => {
    ref = await client.create(TARGET, draftOf());
  });

  it('reads its status, assignee and due date as a person left them', async () => {
    expect(await client.read(ref)).toEqual({ status: 'open', assigneeEmail: ANN, dueDate: '2026-12-14' });
    fake.startWork(ref.key, { by: ANN });
    expect(await client.read(ref)).toMatchObject({ status: 'open' });
    fake.closeAsDone(ref.key, { by: ANN });
    fake.reassign(ref.key, { by: ANN, to: null });
    fake.setDueDate(ref.key, { by: ANN, dueDate: null });
    expect(await client.read(ref)).toEqual({ status: 'done', assigneeEmail: null, dueDate: null });
    fake.cancel(ref.key, { by: BO, reason: 'Superseded by PAY-9' });
    expect(await client.read(ref)).toMatchObject({ status: 'cancelled' });
  });

  it.each([
    [{ status: 'done' }, { state: 'Done' }],
    [{ status: 'cancelled' }, { state: 'Canceled', comments: [] }],
    [{ assigneeEmail: BO }, { assigneeEmail: BO, state: 'Todo' }],
    [{ assigneeEmail: null }, { assigneeEmail: null }],
    [{ dueDate: '2026-12-21' }, { dueDate: '2026-12-21', assigneeEmail: ANN }],
    [{ dueDate: null }, { dueDate: null }],
  ] as const)('changes only what %j names', async (change, expected) => {
    await client.update(ref, change);
    expect(fake.ticket(ref.key)).toMatchObject(expected);
    const updates = fake.requests.filter((request) => request.fields.includes('issueUpdate'));
    expect(updates.map((request) => Object.keys(Object(request.variables.input)))).toEqual([
      Object.keys(change).map((field) => ({ status: 'stateId', assigneeEmail: 'assigneeId' })[field] ?? field),
    ]);
  });

  it('cancels with the reason in a comment, Linear keeping none with the state', async () => {
    await client.update(ref, { status: 'cancelled', reason: 'Covered by the new gateway' });
    expect(fake.ticket(ref.key)).toMatchObject({
      state: 'Canceled',
      comments: ["Won't do: Covered by the new gateway"],
    });
  });

  it('reopens a done issue into the team’s first not-started state', async () => {
    fake.closeAsDone(ref.key, { by: ANN });
    await client.update(ref, { status: 'open' });
    expect(fake.ticket(ref.key).state).toBe('Todo');
  });

  it('leaves the assignee alone for an owner Linear does not know', async () => {
    await client.update(ref, { assigneeEmail: 'nobody@acme.test' });
    expect(fake.ticket(ref.key).assigneeEmail).toBe(ANN);
    expect(sentFields()).not.toContain('issueUpdate');
  });

  it('tells a user’s email by their id, and null for an id Linear does not know', async () => {
    const bo = fake.data.users.find((user) => user.email === BO);
    expect(await client.emailOf(bo?.id ?? '')).toBe(BO);
    expect(await client.emailOf(randomUUID())).toBeNull();
  });
});

describe('the Linear user sitrep acts as', () => {
  const viewerAsked = () => fake.requests.filter((request) => request.fields.includes('viewer'));

  it('is the API key’s owner, asked once', async () => {
    const own = createLinearClient({ apiUrl: API_URL, apiKey: API_KEY, now: () => NOW });
    expect(await Promise.all([own.ownUserId(), own.ownUserId()])).toEqual([fake.data.viewerId, fake.data.viewerId]);
    expect(await own.ownUserId()).toBe(fake.data.viewerId);
    expect(viewerAsked()).toHaveLength(1);
  });

  it('is asked again after a failure, rather than the failure remembered', async () => {
    const own = createLinearClient({ apiUrl: API_URL, apiKey: API_KEY, now: () => NOW });
    fake.failNext(503);
    expect(await failureOf(own.ownUserId())).toMatchObject({ transient: true });
    expect(await own.ownUserId()).toBe(fake.data.viewerId);
    expect(await own.ownUserId()).toBe(fake.data.viewerId);
    expect(viewerAsked()).toHaveLength(1);
    expect(fake.requests.map((request) => request.status)).toEqual([503, 200]);
  });

  it('is refused for a key Linear does not take', async () => {
    const stranger = createLinearClient({ apiUrl: API_URL, apiKey: 'lin_api_not-the-key', now: () => NOW });
    expect(await failureOf(stranger.ownUserId())).toMatchObject({ transient: false });
  });
});

describe('Linear refusing or out of reach', () => {
  const ref: TicketRef = { kind: 'linear', key: 'PAY-404', url: 'https://linear.app/acme/issue/PAY-404' };

  it.each([
    ['a 429 with Retry-After in seconds', 429, '30', 30_000],
    ['a 429 without Retry-After, by its reset instant', 429, undefined, 60_000],
    ['a 503', 503, undefined, undefined],
    ['a 500 with Retry-After as a date', 500, 'Mon, 07 Dec 2026 09:02:00 GMT', 120_000],
  ])('tries %s again', async (_case, status, retryAfter, retryAfterMs) => {
    await client.create(TARGET, draftOf());
    fake.failNext(status as 429 | 500 | 503, 1, retryAfter);
    const failure = await failureOf(client.read({ ...ref, key: 'PAY-1' }));
    expect(failure).toMatchObject({ transient: true, retryAfterMs });
  });

  it('tries a Linear it cannot reach again', async () => {
    const unreachable = createLinearClient({ apiUrl: UNREACHABLE, apiKey: API_KEY, now: () => NOW });
    const failure = await failureOf(unreachable.read(ref));
    expect(failure).toMatchObject({ transient: true, message: expect.stringMatching(/^Linear could not be reached/) });
  });

  it('tries a RATELIMITED error again whatever the HTTP status', async () => {
    server.use(
      http.post(API_URL, () =>
        HttpResponse.json(
          { errors: [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }] },
          { status: 400, headers: { 'x-ratelimit-requests-reset': String(NOW.getTime() + 5_000) } },
        ),
      ),
    );
    expect(await failureOf(client.read(ref))).toMatchObject({ transient: true, retryAfterMs: 5_000 });
  });

  it('holds a key Linear refuses for a person, without the key', async () => {
    const wrongKey = 'lin_api_not-the-key-0000000000000000000000';
    const stranger = createLinearClient({ apiUrl: API_URL, apiKey: wrongKey, now: () => NOW });
    const failure = await failureOf(stranger.read(ref));
    expect(failure).toMatchObject({
      transient: false,
      message: 'Linear refused issue (HTTP 400): You need to authenticate to access this operation.',
    });
    expect(failure.message).not.toContain(wrongKey);
  });

  it('holds an issue Linear does not have for a person', async () => {
    const failure = await failureOf(client.read(ref));
    expect(failure).toMatchObject({
      transient: false,
      message: expect.stringContaining('Could not find referenced Issue'),
    });
  });

  it('never repeats the key, even when an answer echoes it back', async () => {
    server.use(
      http.post(ECHOING_URL, ({ request }) =>
        HttpResponse.json(
          {
            errors: [{ message: `bad key ${request.headers.get('authorization')}`, extensions: { type: 'forbidden' } }],
          },
          { status: 403 },
        ),
      ),
    );
    const echoed = createLinearClient({ apiUrl: ECHOING_URL, apiKey: API_KEY, now: () => NOW });
    const failure = await failureOf(echoed.read(ref));
    expect(failure).toMatchObject({ transient: false, message: 'Linear refused issue (HTTP 403): bad key [api key]' });
  });
});
