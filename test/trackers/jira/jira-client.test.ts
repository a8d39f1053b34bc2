import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeJira, FAKE_JIRA_DEFAULTS, type FakeJira } from '../../../demo/fake-jira/fake-jira.ts';
import type { FakeJiraWorkflowOptions } from '../../../demo/fake-jira/fake-jira-model.ts';
import {
  type TicketDraft,
  type TicketState,
  type TrackerClient,
  TrackerError,
  type TrackerTarget,
} from '../../../src/domain/trackers/tracker.ts';
import { createJiraClient } from '../../../src/trackers/jira/jira-client.ts';

const { site, email, token } = FAKE_JIRA_DEFAULTS;
const ANN = 'ann.lee@acme.example';
const BO = 'bo.chen@acme.example';
const PRIYA = 'priya.nair@acme.example';

const TARGET: TrackerTarget = { kind: 'jira', project: 'PAY', issueType: 'Task', labels: ['incident-follow-up'] };

const draft = (state: Partial<TicketState> = {}): TicketDraft => ({
  actionId: 'act_01',
  title: 'Add a retry budget to card payments',
  description: 'From [INC-42 Checkout errors](https://acme.slack.com/archives/C042)\n\nSTAR: remediate',
  labels: ['star-remediate'],
  state: { status: 'open', assigneeEmail: ANN, dueDate: '2026-12-01', ...state },
});

let fake: FakeJira;
const server = setupServer(http.all(`${site}/*`, ({ request }) => fake.answer(request)));
const client: TrackerClient = createJiraClient({ url: site, email, token, now: () => new Date() });

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const useSite = (workflow?: FakeJiraWorkflowOptions) => {
  fake = createFakeJira({ ...(workflow ? { workflow } : {}) });
};
beforeEach(() => useSite());

const failureOf = async (work: Promise<unknown>): Promise<TrackerError> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof TrackerError) return error;
    throw error;
  }
  throw new Error('expected a TrackerError');
};

const posted = (path: string) => fake.requests.filter((request) => request.method !== 'GET' && request.path === path);

describe('createJiraClient: create', () => {
  it('creates a ticket with its summary, description, labels, due date and the assignee found by email', async () => {
    const ref = await client.create(TARGET, draft());

    expect(ref).toEqual({ kind: 'jira', key: 'PAY-1', url: `${site}/browse/PAY-1` });
    const issue = fake.issue('PAY-1');
    expect(issue).toMatchObject({
      summary: 'Add a retry budget to card payments',
      issueType: 'Task',
      labels: ['incident-follow-up', 'star-remediate'],
      duedate: '2026-12-01',
      assigneeId: fake.accountIdOf(ANN),
      status: { name: 'To Do' },
      resolution: null,
    });
    expect(issue.description).toEqual({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'From ' },
            {
              type: 'text',
              text: 'INC-42 Checkout errors',
              marks: [{ type: 'link', attrs: { href: 'https://acme.slack.com/archives/C042' } }],
            },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'STAR: remediate' }] },
      ],
    });
  });

  it('finds the assignee whatever the case of the email', async () => {
    const ref = await client.create(TARGET, draft({ assigneeEmail: 'Bo.Chen@ACME.example' }));
    expect(fake.issue(ref.key).assigneeId).toBe(fake.accountIdOf(BO));
  });

  it.each([
    ['nobody in Jira has', 'nobody@acme.example'],
    ['Jira hides', PRIYA],
    ['belongs to a deactivated account', 'old.hand@acme.example'],
    ['is a prefix of a real one', 'ann.lee@acme'],
  ])('leaves the ticket unassigned for an email %s', async (_name, assigneeEmail) => {
    const ref = await client.create(TARGET, draft({ assigneeEmail }));
    expect(fake.issue(ref.key).assigneeId).toBeNull();
  });

  it('creates an unassigned ticket without a due date, and looks nobody up', async () => {
    const ref = await client.create(TARGET, draft({ assigneeEmail: null, dueDate: null }));
    expect(fake.issue(ref.key)).toMatchObject({ assigneeId: null, duedate: null });
    expect(fake.requests.some((request) => request.path.startsWith('/rest/api/3/user'))).toBe(false);
  });

  it('makes a long, multi-line title one line Jira takes, and labels without spaces', async () => {
    const title = `Retry budget\nfor ${'card payments '.repeat(30)}`;
    const ref = await client.create(
      { ...TARGET, labels: ['follow up'] },
      { ...draft(), title, labels: ['follow up', 'star-remediate'] },
    );
    const issue = fake.issue(ref.key);
    expect(issue.summary).toHaveLength(255);
    expect(issue.summary.startsWith('Retry budget for card payments')).toBe(true);
    expect(issue.labels).toEqual(['follow-up', 'star-remediate']);
  });

  it.each([
    ['done', 'Done', 'Done'],
    ['cancelled', "Won't Do", "Won't Do"],
  ] as const)('creates a ticket already %s in status %s, resolved %s', async (status, statusName, resolution) => {
    const ref = await client.create(TARGET, draft({ status }));
    expect(fake.issue(ref.key)).toMatchObject({ status: { name: statusName }, resolution });
    expect(await client.read(ref)).toEqual({ status, assigneeEmail: ANN, dueDate: '2026-12-01' });
  });

  it('refuses a target of another tracker without asking Jira', async () => {
    const error = await failureOf(client.create({ kind: 'linear', team: 'PAY', labels: [] }, draft()));
    expect(error.transient).toBe(false);
    expect(fake.requests).toEqual([]);
  });

  it('says which field Jira refused, and is not retried', async () => {
    const error = await failureOf(client.create({ ...TARGET, project: 'NOPE' }, draft()));
    expect(error.transient).toBe(false);
    expect(error.message).toBe('Jira answered 400 to POST /rest/api/3/issue: project: valid project is required');
  });
});

describe('createJiraClient: read', () => {
  it('reads status, assignee email and due date, and what people changed in Jira', async () => {
    const ref = await client.create(TARGET, draft());
    expect(await client.read(ref)).toEqual({ status: 'open', assigneeEmail: ANN, dueDate: '2026-12-01' });

    fake.reassign({ key: ref.key, by: BO, to: BO });
    fake.changeDueDate({ key: ref.key, by: BO, dueDate: null });
    fake.closeAsDone({ key: ref.key, by: BO });
    expect(await client.read(ref)).toEqual({ status: 'done', assigneeEmail: BO, dueDate: null });

    fake.cancel({ key: ref.key, by: BO, resolution: 'Duplicate' });
    expect((await client.read(ref)).status).toBe('cancelled');

    fake.reopen({ key: ref.key, by: BO });
    expect((await client.read(ref)).status).toBe('open');
  });

  it('reads an assignee whose email Jira hides as unknown', async () => {
    const ref = await client.create(TARGET, draft({ assigneeEmail: null }));
    fake.reassign({ key: ref.key, by: ANN, to: PRIYA });
    expect((await client.read(ref)).assigneeEmail).toBeNull();
  });

  it('answers an unknown ticket with a 404 that is not retried', async () => {
    const error = await failureOf(client.read({ kind: 'jira', key: 'PAY-404', url: `${site}/browse/PAY-404` }));
    expect(error.transient).toBe(false);
    expect(error.message).toBe(
      'Jira answered 404 to GET /rest/api/3/issue/PAY-404: Issue does not exist or you do not have permission to see it.',
    );
  });
});

describe('createJiraClient: update', () => {
  it('changes only the fields given', async () => {
    const ref = await client.create(TARGET, draft());
    await client.update(ref, { dueDate: '2026-12-15' });
    expect(posted('/rest/api/3/issue/PAY-1').map((request) => request.body)).toEqual([
      { fields: { duedate: '2026-12-15' } },
    ]);
    expect(fake.issue(ref.key)).toMatchObject({ duedate: '2026-12-15', assigneeId: fake.accountIdOf(ANN) });
  });

  it('reassigns by email, unassigns on null, and leaves the assignee alone for an email Jira cannot match', async () => {
    const ref = await client.create(TARGET, draft());
    await client.update(ref, { assigneeEmail: BO });
    expect(fake.issue(ref.key).assigneeId).toBe(fake.accountIdOf(BO));
    await client.update(ref, { assigneeEmail: PRIYA });
    expect(fake.issue(ref.key).assigneeId).toBe(fake.accountIdOf(BO));
    await client.update(ref, { assigneeEmail: null });
    expect(fake.issue(ref.key).assigneeId).toBeNull();
  });

  it('clears a due date', async () => {
    const ref = await client.create(TARGET, draft());
    await client.update(ref, { dueDate: null });
    expect(fake.issue(ref.key).duedate).toBeNull();
  });

  it('closes as done, reopens, and cancels with the reason as a comment', async () => {
    const ref = await client.create(TARGET, draft());
    await client.update(ref, { status: 'done' });
    expect(fake.issue(ref.key)).toMatchObject({ status: { name: 'Done' }, resolution: 'Done' });
    await client.update(ref, { status: 'open' });
    expect(fake.issue(ref.key)).toMatchObject({ status: { name: 'To Do' }, resolution: null });
    await client.update(ref, { status: 'cancelled', reason: 'The gateway is being replaced' });
    const issue = fake.issue(ref.key);
    expect(issue).toMatchObject({ status: { name: "Won't Do" }, resolution: "Won't Do" });
    expect(issue.comments.map((comment) => comment.body)).toEqual([
      {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: "Won't do: The gateway is being replaced" }] }],
      },
    ]);
    expect(await client.read(ref)).toMatchObject({ status: 'cancelled' });
  });

  it('does nothing more when the ticket is already as asked (a retried update)', async () => {
    const ref = await client.create(TARGET, draft());
    await client.update(ref, { status: 'cancelled', reason: 'Not needed' });
    await client.update(ref, { status: 'cancelled', reason: 'Not needed' });
    expect(posted('/rest/api/3/issue/PAY-1/transitions')).toHaveLength(1);
    expect(fake.issue(ref.key).comments).toHaveLength(1);
  });

  it('cancels with a Won’t Do resolution on a workflow whose only closed status is Done', async () => {
    useSite({ cancelStatus: false });
    const ref = await client.create(TARGET, draft());
    await client.update(ref, { status: 'cancelled' });
    expect(fake.issue(ref.key)).toMatchObject({ status: { name: 'Done' }, resolution: "Won't Do" });
    expect(fake.issue(ref.key).comments).toEqual([]);
    expect((await client.read(ref)).status).toBe('cancelled');
  });

  it('cancels into a Won’t Do status on a workflow that resolves everything as Done', async () => {
    useSite({ resolutionScreens: false });
    const ref = await client.create(TARGET, draft());
    await client.update(ref, { status: 'cancelled' });
    expect(fake.issue(ref.key)).toMatchObject({ status: { name: "Won't Do" }, resolution: 'Done' });
    expect((await client.read(ref)).status).toBe('cancelled');
    await client.update(ref, { status: 'done' });
    expect(fake.issue(ref.key)).toMatchObject({ status: { name: 'Done' }, resolution: 'Done' });
  });

  it('closes as Done with a comment when the workflow has no way to say won’t do', async () => {
    useSite({ cancelStatus: false, resolutionScreens: false });
    const ref = await client.create(TARGET, draft());
    await client.update(ref, { status: 'cancelled', reason: 'Superseded by PAY-9' });
    const issue = fake.issue(ref.key);
    expect(issue).toMatchObject({ status: { name: 'Done' }, resolution: 'Done' });
    expect(JSON.stringify(issue.comments[0]?.body)).toContain("Closed as won't do in sitrep: Superseded by PAY-9");
  });
});

describe('createJiraClient: emailOf', () => {
  it('answers a user’s email, or null when Jira hides it', async () => {
    expect(await client.emailOf(fake.accountIdOf(ANN))).toBe(ANN);
    expect(await client.emailOf(fake.accountIdOf(PRIYA))).toBeNull();
  });

  it('answers null for an account Jira no longer has (404), and still fails on an outage', async () => {
    expect(await client.emailOf('5f00deleted0000000000000')).toBeNull();
    expect(fake.requests.at(-1)?.status).toBe(404);
    fake.failNext(503);
    expect(await failureOf(client.emailOf(fake.accountIdOf(ANN)))).toMatchObject({ transient: true });
  });
});

describe('createJiraClient: ownUserId', () => {
  const myselfAsked = () => fake.requests.filter((request) => request.path === '/rest/api/3/myself');

  it('answers the accountId of the account sitrep acts as, asking Jira once', async () => {
    const own = createJiraClient({ url: site, email, token, now: () => new Date() });
    expect(await Promise.all([own.ownUserId(), own.ownUserId()])).toEqual([
      fake.accountIdOf(email),
      fake.accountIdOf(email),
    ]);
    expect(await own.ownUserId()).toBe(fake.accountIdOf(email));
    expect(myselfAsked()).toHaveLength(1);
  });

  it('asks again after a failure, rather than remembering it', async () => {
    const own = createJiraClient({ url: site, email, token, now: () => new Date() });
    fake.failNext(503);
    expect(await failureOf(own.ownUserId())).toMatchObject({ transient: true });
    expect(await own.ownUserId()).toBe(fake.accountIdOf(email));
    expect(await own.ownUserId()).toBe(fake.accountIdOf(email));
    expect(myselfAsked().map((request) => request.status)).toEqual([503, 200]);
  });
});

describe('createJiraClient: refusals and outages', () => {
  const ref = { kind: 'jira', key: 'PAY-1', url: `${site}/browse/PAY-1` } as const;
  const credentials = Buffer.from(`${email}:${token}`).toString('base64');

  it('makes a 429 transient, waiting as long as Retry-After says', async () => {
    fake.failNext(429, 1, '7');
    const error = await failureOf(client.create(TARGET, draft()));
    expect(error).toMatchObject({ transient: true, retryAfterMs: 7000 });
    expect(error.message).toContain('429');
  });

  it.each([500, 502, 503, 504] as const)('makes a %i transient', async (status) => {
    fake.failNext(status);
    const error = await failureOf(client.read(ref));
    expect(error).toMatchObject({ transient: true, retryAfterMs: undefined });
  });

  it('makes an unreachable Jira transient', async () => {
    server.use(http.all(`${site}/*`, () => HttpResponse.error(), { once: true }));
    const error = await failureOf(client.read(ref));
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/^Jira could not be reached/);
  });

  it('refuses a wrong token with a 401 that is not retried and does not show the token', async () => {
    const wrong = createJiraClient({ url: site, email, token: 'ATATT3x-not-the-token', now: () => new Date() });
    const errors = [
      await failureOf(wrong.read(ref)),
      await failureOf(wrong.create(TARGET, draft())),
      await failureOf(wrong.update(ref, { status: 'done' })),
      await failureOf(wrong.emailOf('5f000')),
      await failureOf(wrong.ownUserId()),
    ];
    for (const error of errors) {
      expect(error.transient).toBe(false);
      expect(error.message).toContain('401');
      expect(error.message).not.toContain('ATATT3x-not-the-token');
      expect(error.message).not.toContain(Buffer.from(`${email}:ATATT3x-not-the-token`).toString('base64'));
    }
    expect(errors[0]?.message).toBe(
      'Jira answered 401 to GET /rest/api/3/issue/PAY-1: Client must be authenticated to access this resource.',
    );
  });

  it('shows neither the token nor the credentials in any error', async () => {
    fake.failNext(503, 1, '2');
    const messages = [
      (await failureOf(client.read(ref))).message,
      (await failureOf(client.read({ ...ref, key: 'PAY-999' }))).message,
      (await failureOf(client.create({ ...TARGET, project: 'NOPE' }, draft()))).message,
    ];
    for (const message of messages) {
      expect(message).not.toContain(token);
      expect(message).not.toContain(credentials);
    }
  });
});
