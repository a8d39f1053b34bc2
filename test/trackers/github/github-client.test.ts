import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeGithub, FAKE_GITHUB_USERS, type FakeGithub } from '../../../demo/fake-github/fake-github.ts';
import {
  type TicketDraft,
  type TicketRef,
  TrackerError,
  type TrackerTarget,
} from '../../../src/domain/trackers/tracker.ts';
import { createGithubClient } from '../../../src/trackers/github/github-client.ts';

const API = 'https://api.github.com';
const ENTERPRISE_API = 'https://github.acme.test/api/v3';
const UNREACHABLE = 'http://127.0.0.1:9';
const TOKEN = 'ghp_sitrepTest0123456789abcdefABCDEF01';
const NOW = new Date('2026-12-07T09:00:00Z');

let github: FakeGithub;
const server = setupServer(
  http.all(`${API}/*`, ({ request }) => github.answer(request)),
  http.all(`${ENTERPRISE_API}/*`, ({ request }) => github.answer(request)),
  http.all(`${UNREACHABLE}/*`, () => HttpResponse.error()),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  github = createFakeGithub({ token: TOKEN, webhookSecret: 'hook-secret', now: () => NOW });
});

const client = createGithubClient({ apiUrl: API, token: TOKEN, now: () => NOW });

const TARGET: TrackerTarget = { kind: 'github', repository: 'acme/checkout-api', labels: ['incident-follow-up'] };

const draft = (state: Partial<TicketDraft['state']> = {}): TicketDraft => ({
  actionId: 'act_01',
  title: 'Alert on card retries above 5%',
  description: 'From [INC-42](https://slack.example/archives/C1): card payments failing.\n\nSTAR: **Alert**',
  labels: ['star-alert', 'incident-follow-up'],
  state: { status: 'open', assigneeEmail: 'ann.lee@acme.example', dueDate: '2026-12-18', ...state },
});

const REF: TicketRef = {
  kind: 'github',
  key: 'acme/checkout-api#1',
  url: 'https://github.com/acme/checkout-api/issues/1',
};

/** What the failing call threw, for a test to read. */
const failureOf = async (call: Promise<unknown>): Promise<TrackerError> => {
  const error: unknown = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof TrackerError)) throw new Error(`expected a TrackerError, got ${String(error)}`);
  return error;
};

describe('createGithubClient: create', () => {
  it('opens an issue with the labels, the assignee found by public email and a Due line', async () => {
    const ref = await client.create(TARGET, draft());
    expect(ref).toEqual(REF);
    expect(github.issueOf(ref.key)).toMatchObject({
      title: 'Alert on card retries above 5%',
      body: `${draft().description}\n\nDue: 2026-12-18`,
      labels: ['incident-follow-up', 'star-alert'],
      assignees: ['ann-lee'],
      state: 'open',
      author: 'sitrep-bot',
    });
  });

  it('numbers issues per repository and links the web page of each', async () => {
    await client.create(TARGET, draft());
    expect(await client.create(TARGET, draft())).toEqual({
      kind: 'github',
      key: 'acme/checkout-api#2',
      url: 'https://github.com/acme/checkout-api/issues/2',
    });
  });

  it.each([
    ['an email GitHub does not know', 'nobody@acme.example'],
    ['an email its user keeps private', 'cy.park@acme.example'],
  ])('leaves the issue unassigned for %s', async (_name, email) => {
    const ref = await client.create(TARGET, draft({ assigneeEmail: email }));
    expect(github.issueOf(ref.key).assignees).toEqual([]);
  });

  it('does not take a user the search found whose email only contains the one asked for', async () => {
    github = createFakeGithub({
      token: TOKEN,
      webhookSecret: 's',
      users: [
        ...FAKE_GITHUB_USERS.filter((user) => user.login !== 'ann-lee'),
        { login: 'ann-lee', id: 91000010, name: 'Ann Lee', email: 'ann.lee@acme.example', emailPublic: false },
        { login: 'jo-ann', id: 91000011, name: 'Jo Ann', email: 'joann.lee@acme.example', emailPublic: true },
      ],
    });
    const ref = await client.create(TARGET, draft({ assigneeEmail: 'ann.lee@acme.example' }));
    expect(github.issueOf(ref.key).assignees).toEqual([]);
  });

  it('does not search for an owner without an email, and writes no Due line without a due date', async () => {
    const ref = await client.create(TARGET, draft({ assigneeEmail: null, dueDate: null }));
    expect(github.issueOf(ref.key)).toMatchObject({ assignees: [], body: draft().description });
    expect(github.requests.map((request) => request.method)).toEqual(['POST']);
  });

  it.each([
    ['done', 'completed'],
    ['cancelled', 'not_planned'],
  ] as const)('closes an issue created %s as %s', async (status, stateReason) => {
    const ref = await client.create(TARGET, draft({ status }));
    expect(github.issueOf(ref.key)).toMatchObject({ state: 'closed', stateReason });
  });

  it('keys the issue in lower case, however sitrep.yml spells the repository', async () => {
    github = createFakeGithub({ token: TOKEN, webhookSecret: 's', repositories: ['Acme/Checkout-API'] });
    const ref = await client.create({ ...TARGET, repository: 'ACME/checkout-api' }, draft());
    expect(ref).toEqual({
      kind: 'github',
      key: 'acme/checkout-api#1',
      url: 'https://github.com/Acme/Checkout-API/issues/1',
    });
    expect(await client.read(ref)).toMatchObject({ status: 'open', assigneeEmail: 'ann.lee@acme.example' });
  });

  it('works against GitHub Enterprise Server, below /api/v3', async () => {
    const enterprise = createGithubClient({ apiUrl: `${ENTERPRISE_API}/`, token: TOKEN });
    github = createFakeGithub({ token: TOKEN, webhookSecret: 's', apiUrl: ENTERPRISE_API });
    const ref = await enterprise.create(TARGET, draft());
    expect(await enterprise.read(ref)).toEqual({
      status: 'open',
      assigneeEmail: 'ann.lee@acme.example',
      dueDate: '2026-12-18',
    });
  });
});

describe('createGithubClient: read', () => {
  beforeEach(async () => {
    await client.create(TARGET, draft());
  });

  it('reads status, the assignee’s public email and the Due line', async () => {
    expect(await client.read(REF)).toEqual({
      status: 'open',
      assigneeEmail: 'ann.lee@acme.example',
      dueDate: '2026-12-18',
    });
  });

  it.each([
    ['closed as completed', () => github.closeAsDone({ key: REF.key, by: 'bo-chen' }), 'done'],
    ['closed as not planned', () => github.cancel({ key: REF.key, by: 'bo-chen', reason: 'dup' }), 'cancelled'],
  ])('reads an issue a person %s', async (_name, act, status) => {
    act();
    expect((await client.read(REF)).status).toBe(status);
  });

  it('reads what a person changed: another assignee, a Due line edited or removed', async () => {
    github.reassign({ key: REF.key, to: 'bo-chen', by: 'bo-chen' });
    github.changeDueDate({ key: REF.key, dueDate: '2027-01-08', by: 'bo-chen' });
    expect(await client.read(REF)).toMatchObject({ assigneeEmail: 'bo.chen@acme.example', dueDate: '2027-01-08' });
    github.changeDueDate({ key: REF.key, dueDate: null, by: 'bo-chen' });
    expect((await client.read(REF)).dueDate).toBeNull();
  });

  it('reads the first of several assignees as the owner, whatever the older `assignee` field says', async () => {
    github.addAssignee({ key: REF.key, to: 'bo-chen', by: 'bo-chen' });
    expect(github.issueOf(REF.key).assignees).toEqual(['ann-lee', 'bo-chen']);
    expect((await client.read(REF)).assigneeEmail).toBe('ann.lee@acme.example');
    server.use(
      http.get(
        `${API}/repos/acme/checkout-api/issues/1`,
        async ({ request }) => {
          const issue = z
            .looseObject({ assignees: z.array(z.unknown()) })
            .parse(await (await github.answer(request)).json());
          return HttpResponse.json({ ...issue, assignee: issue.assignees[1] });
        },
        { once: true },
      ),
    );
    expect((await client.read(REF)).assigneeEmail).toBe('ann.lee@acme.example');
  });

  it('reads no email for an assignee who keeps theirs private', async () => {
    github.reassign({ key: REF.key, to: 'cy-park', by: 'cy-park' });
    expect((await client.read(REF)).assigneeEmail).toBeNull();
  });
});

describe('createGithubClient: update', () => {
  beforeEach(async () => {
    await client.create(TARGET, draft());
    github.requests.length = 0;
  });

  it('closes as completed, then reopens', async () => {
    await client.update(REF, { status: 'done' });
    expect(github.issueOf(REF.key)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    await client.update(REF, { status: 'open' });
    expect(github.issueOf(REF.key)).toMatchObject({ state: 'open', stateReason: 'reopened' });
  });

  it('closes as not planned and says the reason in a comment', async () => {
    await client.update(REF, { status: 'cancelled', reason: 'Covered by the new checkout dashboard' });
    const issue = github.issueOf(REF.key);
    expect(issue).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
    expect(issue.comments).toEqual([
      expect.objectContaining({ author: 'sitrep-bot', body: "Won't do: Covered by the new checkout dashboard" }),
    ]);
  });

  it('turns a done issue into a cancelled one', async () => {
    await client.update(REF, { status: 'done' });
    await client.update(REF, { status: 'cancelled' });
    expect(await client.read(REF)).toMatchObject({ status: 'cancelled' });
    expect(github.issueOf(REF.key).comments).toEqual([]);
  });

  it('reassigns by email, and unassigns when told to', async () => {
    await client.update(REF, { assigneeEmail: 'BO.CHEN@acme.example' });
    expect(github.issueOf(REF.key).assignees).toEqual(['bo-chen']);
    await client.update(REF, { assigneeEmail: null });
    expect(github.issueOf(REF.key).assignees).toEqual([]);
  });

  it.each([
    ['an email its user keeps private', 'cy.park@acme.example'],
    ['an email GitHub does not know', 'nobody@acme.example'],
  ])('leaves the assignees alone for an owner with %s, never unassigning them', async (_name, email) => {
    await client.update(REF, { assigneeEmail: email });
    expect(github.requests.filter((request) => request.method === 'PATCH')).toEqual([]);
    await client.update(REF, { assigneeEmail: email, status: 'done' });
    const [patch] = github.requests.filter((request) => request.method === 'PATCH');
    expect(patch?.body).toEqual({ state: 'closed', state_reason: 'completed' });
    expect(github.issueOf(REF.key)).toMatchObject({ assignees: ['ann-lee'], state: 'closed' });
  });

  it('rewrites only the Due line, and removes it for no due date', async () => {
    await client.update(REF, { dueDate: '2027-01-08' });
    expect(github.issueOf(REF.key).body).toBe(`${draft().description}\n\nDue: 2027-01-08`);
    await client.update(REF, { dueDate: null });
    expect(github.issueOf(REF.key).body).toBe(draft().description);
  });

  it('changes every field in one PATCH, and sends nothing for no change', async () => {
    await client.update(REF, { status: 'done', assigneeEmail: 'bo.chen@acme.example', dueDate: '2027-01-08' });
    expect(github.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
    expect(await client.read(REF)).toEqual({
      status: 'done',
      assigneeEmail: 'bo.chen@acme.example',
      dueDate: '2027-01-08',
    });
    github.requests.length = 0;
    await client.update(REF, {});
    expect(github.requests).toEqual([]);
  });
});

describe('createGithubClient: emailOf', () => {
  it.each([
    ['ann-lee', 'ann.lee@acme.example'],
    ['cy-park', null],
    ['deleted-user', null],
  ])('answers %s with %s', async (login, email) => {
    expect(await client.emailOf(login)).toBe(email);
  });
});

describe('createGithubClient: ownUserId', () => {
  const userAsked = () => github.requests.filter((request) => request.path === '/user');

  it('answers the token’s login in lower case, asking GitHub once', async () => {
    github = createFakeGithub({
      token: TOKEN,
      webhookSecret: 's',
      tokenOwner: 'Sitrep-Bot',
      users: [{ login: 'Sitrep-Bot', id: 91000020, name: 'sitrep', email: 'bot@acme.example', emailPublic: false }],
    });
    const own = createGithubClient({ apiUrl: API, token: TOKEN, now: () => NOW });
    expect(await Promise.all([own.ownUserId(), own.ownUserId()])).toEqual(['sitrep-bot', 'sitrep-bot']);
    expect(await own.ownUserId()).toBe('sitrep-bot');
    expect(userAsked()).toHaveLength(1);
  });

  it('asks again after a failure, rather than remembering it', async () => {
    const own = createGithubClient({ apiUrl: API, token: TOKEN, now: () => NOW });
    github.failNext(503);
    expect(await failureOf(own.ownUserId())).toMatchObject({ transient: true });
    expect(await own.ownUserId()).toBe('sitrep-bot');
    expect(await own.ownUserId()).toBe('sitrep-bot');
    expect(userAsked().map((request) => request.status)).toEqual([503, 200]);
  });

  it('is refused for a token GitHub does not take', async () => {
    const wrong = createGithubClient({ apiUrl: API, token: `${TOKEN}x` });
    expect(await failureOf(wrong.ownUserId())).toMatchObject({ transient: false });
  });
});

describe('createGithubClient: failures', () => {
  beforeEach(async () => {
    await client.create(TARGET, draft());
  });

  it.each([
    ['a secondary rate limit (429) with Retry-After', 429, '30', 30_000],
    ['a spent rate limit (403, x-ratelimit-remaining: 0) until its reset', 403, undefined, 60_000],
    ['a 503', 503, undefined, undefined],
    ['a 500 with Retry-After', 500, '5', 5_000],
  ] as const)('makes %s a transient TrackerError', async (_name, status, retryAfter, retryAfterMs) => {
    github.failNext(status, 1, retryAfter);
    const error = await failureOf(client.read(REF));
    expect(error).toMatchObject({ transient: true, retryAfterMs });
    expect(error.message).toContain(`GitHub answered ${status} to GET /repos/acme/checkout-api/issues/1`);
  });

  it('makes an unreachable GitHub a transient TrackerError', async () => {
    const offline = createGithubClient({ apiUrl: UNREACHABLE, token: TOKEN });
    expect(await failureOf(offline.read(REF))).toMatchObject({ transient: true });
  });

  it('refuses a wrong token for good, without saying the token', async () => {
    const wrong = createGithubClient({ apiUrl: API, token: `${TOKEN}x` });
    const error = await failureOf(wrong.update(REF, { status: 'done' }));
    expect(error).toMatchObject({ transient: false, message: expect.stringContaining('401') });
    expect(error.message).toContain('Bad credentials');
    expect(error.message).not.toContain(TOKEN);
  });

  it.each([
    ['an issue that does not exist', { ...REF, key: 'acme/checkout-api#99' }],
    ['a repository that does not exist', { ...REF, key: 'acme/nowhere#1' }],
  ])('refuses %s for good (404)', async (_name, ref) => {
    const error = await failureOf(client.read(ref));
    expect(error).toMatchObject({ transient: false, message: expect.stringContaining('404') });
  });

  it('refuses a key that is not owner/repo#number without asking GitHub', async () => {
    github.requests.length = 0;
    expect(await failureOf(client.read({ ...REF, key: 'PAY-7' }))).toMatchObject({ transient: false });
    expect(github.requests).toEqual([]);
  });

  it('refuses to create a ticket of another tracker', async () => {
    const jira: TrackerTarget = { kind: 'jira', project: 'PAY', issueType: 'Task', labels: [] };
    expect(await failureOf(client.create(jira, draft()))).toMatchObject({ transient: false });
  });
});
