import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeJira, FAKE_JIRA_DEFAULTS, type FakeJira } from '../../../demo/fake-jira/fake-jira.ts';
import type { FakeJiraDelivery } from '../../../demo/fake-jira/fake-jira-webhooks.ts';
import type { TicketEvent, TrackerTarget } from '../../../src/domain/trackers/tracker.ts';
import { createJiraClient } from '../../../src/trackers/jira/jira-client.ts';
import { parseJiraWebhook } from '../../../src/webhooks/jira/jira-payload.ts';
import type { PayloadResult, TicketOutcome } from '../../../src/webhooks/payload-result.ts';
import {
  expectAnyJsonAnswered,
  expectAnyReplacementAnswered,
  issuesOf,
  payloadFixture,
  payloadOf,
  withValue,
} from '../payload-helpers.ts';

const DOCUMENTED = payloadFixture('jira-issue-updated.json');
const { site, email, token } = FAKE_JIRA_DEFAULTS;
const ANN = 'ann.lee@acme.example';
const BO = 'bo.chen@acme.example';

const parse = (payload: unknown) => parseJiraWebhook({ payload, deliveryId: '1000042' });

const eventOf = (result: PayloadResult<TicketOutcome>): TicketEvent => {
  const outcome = payloadOf(result);
  if (outcome.kind !== 'event') throw new Error(`expected an event, got ignored: ${outcome.reason}`);
  return outcome.event;
};

const ignoredBecause = (result: PayloadResult<TicketOutcome>): string => {
  const outcome = payloadOf(result);
  if (outcome.kind !== 'ignored') throw new Error(`expected it ignored, got ${JSON.stringify(outcome.event)}`);
  return outcome.reason;
};

/** A delivery read as sitrep reads it: its body, under its own delivery id. */
const parseDelivery = ({ headers, body }: FakeJiraDelivery) =>
  parseJiraWebhook({ payload: JSON.parse(body), deliveryId: headers['x-atlassian-webhook-identifier'] ?? '' });

describe('parseJiraWebhook on a documented jira:issue_updated', () => {
  it('reads a close as Won’t Do as a cancel with its resolution as the reason', () => {
    expect(eventOf(parse(DOCUMENTED))).toEqual({
      tracker: 'jira',
      deliveryId: '1000042',
      ticketKey: 'PAY-7',
      actorName: 'Ann Lee',
      actorId: '5b10ac8d82e05b22cc7d4ef5',
      status: { to: 'cancelled', reason: "Won't Do" },
    });
  });

  it('reads a change without a user (no one Jira names) as by nobody, and cuts an outsized name', () => {
    expect(eventOf(parse(withValue(DOCUMENTED, ['user'], undefined)))).toMatchObject({
      actorName: null,
      actorId: null,
    });
    const longName = withValue(DOCUMENTED, ['user', 'displayName'], 'A'.repeat(5000));
    expect(eventOf(parse(longName)).actorName).toBe('A'.repeat(200));
  });

  it('reads a close resolved as Done as done, without a reason', () => {
    const resolvedDone = withValue(DOCUMENTED, ['issue', 'fields', 'resolution', 'name'], 'Done');
    expect(eventOf(parse(resolvedDone)).status).toEqual({ to: 'done', reason: null });
  });

  it('reads a move back to a to-do or in-progress status as open', () => {
    const inProgress = withValue(
      withValue(DOCUMENTED, ['issue', 'fields', 'status', 'statusCategory', 'key'], 'indeterminate'),
      ['issue', 'fields', 'resolution'],
      null,
    );
    expect(eventOf(parse(inProgress)).status).toEqual({ to: 'open', reason: null });
  });

  it('reads a status change alone, and a resolution change alone, as a status change', () => {
    const items = (DOCUMENTED as { changelog: { items: unknown[] } }).changelog.items;
    for (const item of items) {
      const one = withValue(DOCUMENTED, ['changelog', 'items'], [item]);
      expect(eventOf(parse(one)).status).toEqual({ to: 'cancelled', reason: "Won't Do" });
    }
  });

  it('takes the assignee and the due date only when the changelog names them', () => {
    const reassigned = withValue(DOCUMENTED, ['changelog', 'items'], [{ field: 'assignee', fieldId: 'assignee' }]);
    expect(eventOf(parse(reassigned))).toEqual({
      tracker: 'jira',
      deliveryId: '1000042',
      ticketKey: 'PAY-7',
      actorName: 'Ann Lee',
      actorId: '5b10ac8d82e05b22cc7d4ef5',
      assignee: { email: null, userId: '712020:3c1b8f0e-6a2d-4c5e-9f7a-1b2c3d4e5f60', name: 'Bo Chen' },
    });
    const redated = withValue(DOCUMENTED, ['changelog', 'items'], [{ field: 'duedate', fieldId: 'duedate' }]);
    expect(eventOf(parse(redated))).toMatchObject({ dueDate: '2026-12-01' });
    expect(eventOf(parse(redated))).not.toHaveProperty('status');
  });

  it.each([
    ['another event', withValue(DOCUMENTED, ['webhookEvent'], 'jira:issue_deleted'), 'jira:issue_deleted'],
    ['a comment event', withValue(DOCUMENTED, ['webhookEvent'], 'comment_created'), 'comment_created'],
    [
      'a change of fields sitrep does not keep',
      withValue(DOCUMENTED, ['changelog', 'items'], [{ field: 'summary' }, { field: 'labels', fieldId: 'labels' }]),
      'summary, labels',
    ],
    ['an update without a changelog', withValue(DOCUMENTED, ['changelog'], undefined), 'nothing'],
  ])('ignores %s, saying why', (_name, payload, said) => {
    expect(ignoredBecause(parse(payload))).toContain(said);
  });

  it.each([
    ['no webhookEvent', withValue(DOCUMENTED, ['webhookEvent'], undefined), 'webhookEvent: '],
    ['no issue key', withValue(DOCUMENTED, ['issue', 'key'], undefined), 'issue.key: '],
    ['a key that is not one', withValue(DOCUMENTED, ['issue', 'key'], 'pay 7'), 'issue.key: expected an issue key'],
    ['no status', withValue(DOCUMENTED, ['issue', 'fields', 'status'], undefined), 'issue.fields.status: '],
    ['a due date that is not a day', withValue(DOCUMENTED, ['issue', 'fields', 'duedate'], '1 Dec'), 'duedate'],
  ])('refuses a body with %s', (_name, payload, said) => {
    expect(issuesOf(parse(payload)).join('\n')).toContain(said);
  });

  it('answers any JSON, and the documented payload with any value replaced, without throwing', () => {
    expectAnyJsonAnswered(parse);
    expectAnyReplacementAnswered({ payload: DOCUMENTED, parse });
  });
});

describe('parseJiraWebhook on the fake Jira’s deliveries', () => {
  let fake: FakeJira;
  const server = setupServer(http.all(`${site}/*`, ({ request }) => fake.answer(request)));
  const client = createJiraClient({ url: site, email, token, now: () => new Date() });
  const TARGET: TrackerTarget = { kind: 'jira', project: 'PAY', issueType: 'Task', labels: [] };
  let key: string;

  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());
  beforeEach(async () => {
    fake = createFakeJira();
    const ref = await client.create(TARGET, {
      actionId: 'act_01',
      title: 'Add a retry budget',
      description: 'From INC-42',
      labels: [],
      state: { status: 'open', assigneeEmail: ANN, dueDate: '2026-12-01' },
    });
    key = ref.key;
    expect(fake.takeDeliveries().map(parseDelivery).map(ignoredBecause)).toEqual([
      'sitrep does not act on "jira:issue_created" events',
    ]);
  });

  it.each([
    ['closes it', () => fake.closeAsDone({ key, by: BO }), () => ({ status: { to: 'done', reason: null } })],
    ['cancels it', () => fake.cancel({ key, by: BO }), () => ({ status: { to: 'cancelled', reason: "Won't Do" } })],
    [
      'cancels it as a duplicate',
      () => fake.cancel({ key, by: BO, resolution: 'Duplicate' }),
      () => ({ status: { to: 'cancelled', reason: 'Duplicate' } }),
    ],
    [
      'reassigns it',
      () => fake.reassign({ key, by: BO, to: BO }),
      () => ({ assignee: { email: BO, userId: fake.accountIdOf(BO), name: 'Bo Chen' } }),
    ],
    [
      'assigns it to someone who hides their email',
      () => fake.reassign({ key, by: BO, to: 'priya.nair@acme.example' }),
      () => ({ assignee: { email: null, userId: fake.accountIdOf('priya.nair@acme.example'), name: 'Priya Nair' } }),
    ],
    ['unassigns it', () => fake.reassign({ key, by: BO, to: null }), () => ({ assignee: null })],
    [
      'moves its due date',
      () => fake.changeDueDate({ key, by: BO, dueDate: '2026-12-24' }),
      () => ({ dueDate: '2026-12-24' }),
    ],
    ['clears its due date', () => fake.changeDueDate({ key, by: BO, dueDate: null }), () => ({ dueDate: null })],
  ])('reads what changed when a person %s', (_name, act, expected) => {
    const delivery = act();
    expect(eventOf(parseDelivery(delivery))).toEqual({
      tracker: 'jira',
      deliveryId: delivery.headers['x-atlassian-webhook-identifier'],
      ticketKey: key,
      actorName: 'Bo Chen',
      actorId: fake.accountIdOf(BO),
      ...expected(),
    });
  });

  it('reads a reopen after a close as open', () => {
    fake.closeAsDone({ key, by: BO });
    expect(eventOf(parseDelivery(fake.reopen({ key, by: BO }))).status).toEqual({ to: 'open', reason: null });
  });

  it('reads a cancel into a Won’t Do status that the workflow resolves as Done as cancelled', async () => {
    fake = createFakeJira({ workflow: { resolutionScreens: false } });
    const ref = await client.create(TARGET, {
      actionId: 'act_02',
      title: 'Page the payments team',
      description: '',
      labels: [],
      state: { status: 'open', assigneeEmail: null, dueDate: null },
    });
    expect(eventOf(parseDelivery(fake.cancel({ key: ref.key, by: BO }))).status).toEqual({
      to: 'cancelled',
      reason: "Won't Do",
    });
  });

  it('ignores a rename and a comment', () => {
    expect(ignoredBecause(parseDelivery(fake.rename({ key, by: BO, summary: 'Retry budget' })))).toContain('summary');
    expect(ignoredBecause(parseDelivery(fake.comment({ key, by: BO, text: 'On it' })))).toContain('nothing');
  });

  it('reads sitrep’s own changes through the API as changes by its account, each delivered once', async () => {
    await client.update({ kind: 'jira', key, url: '' }, { dueDate: '2026-12-10', assigneeEmail: BO });
    await client.update({ kind: 'jira', key, url: '' }, { status: 'cancelled', reason: 'Not needed' });
    const events = fake.takeDeliveries().map(parseDelivery);
    const own = await client.ownUserId();
    expect(own).toBe(fake.accountIdOf(email));
    expect(events.map((result) => payloadOf(result))).toEqual([
      {
        kind: 'event',
        event: expect.objectContaining({
          actorName: 'sitrep',
          actorId: own,
          assignee: { email: BO, userId: fake.accountIdOf(BO), name: 'Bo Chen' },
          dueDate: '2026-12-10',
        }),
      },
      {
        kind: 'event',
        event: expect.objectContaining({ actorId: own, status: { to: 'cancelled', reason: "Won't Do" } }),
      },
      { kind: 'ignored', reason: expect.stringContaining('nothing') },
    ]);
    expect(fake.takeDeliveries()).toEqual([]);
  });
});
