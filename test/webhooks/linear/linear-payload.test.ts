import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLinear, type FakeLinear, type FakeLinearDelivery } from '../../../demo/fake-linear/fake-linear.ts';
import { createLinearClient } from '../../../src/trackers/linear/linear-client.ts';
import { parseLinearDelivery } from '../../../src/webhooks/linear/linear-payload.ts';
import {
  expectAnyJsonAnswered,
  expectAnyReplacementAnswered,
  issuesOf,
  payloadFixture,
  payloadOf,
  withValue,
} from '../payload-helpers.ts';

const NOW = new Date('2026-12-07T09:00:00.000Z');
const ANN = 'ann.lee@acme.test';
const BO = 'bo.chen@acme.test';
/** An Issue update shaped as Linear's webhook docs and schema (EntityWebhookPayload, IssueWebhookPayload) have it. */
const DOCUMENTED = payloadFixture('linear-issue-update.json');

const parse = (payload: unknown, deliveryId = 'a3f1c2d4-0000-4000-8000-000000000001') =>
  parseLinearDelivery({ payload, deliveryId });

const parseDelivery = (delivery: FakeLinearDelivery) =>
  payloadOf(parse(JSON.parse(delivery.body), delivery.headers['linear-delivery']));

/** A fake Linear with PAY-1 filed by Ann, assigned to her, due on the 14th. */
const withIssue = () => {
  const fake = createFakeLinear({
    apiKey: 'lin_api_test',
    webhookSecret: 'secret',
    now: () => NOW,
    users: [
      { name: 'Ann Lee', email: ANN },
      { name: 'Bo Chen', email: BO },
    ],
  });
  const { key } = fake.fileIssue({ by: ANN, team: 'PAY', title: 'Add retries to card payments' });
  fake.reassign(key, { by: ANN, to: ANN });
  fake.setDueDate(key, { by: ANN, dueDate: '2026-12-14' });
  return { fake, key };
};

const idOf = (fake: FakeLinear, email: string) => fake.data.users.find((user) => user.email === email)?.id;

const eventOf = (delivery: FakeLinearDelivery) => {
  const { outcome } = parseDelivery(delivery);
  if (outcome.kind !== 'event') throw new Error(`expected an event, got ignored: ${outcome.reason}`);
  return outcome.event;
};

describe('a Linear issue change, as sitrep reads it', () => {
  it.each([
    ['closed as done', (f: ReturnType<typeof withIssue>) => f.fake.closeAsDone(f.key, { by: BO }), 'done'],
    ['cancelled', (f: ReturnType<typeof withIssue>) => f.fake.cancel(f.key, { by: BO, reason: 'dup' }), 'cancelled'],
    ['started', (f: ReturnType<typeof withIssue>) => f.fake.startWork(f.key, { by: BO }), 'open'],
  ] as const)('reads an issue %s as only a status change, by whom', (_case, act, status) => {
    const issue = withIssue();
    const delivery = act(issue);
    expect(eventOf(delivery)).toEqual({
      tracker: 'linear',
      deliveryId: delivery.headers['linear-delivery'],
      ticketKey: 'PAY-1',
      actorName: 'Bo Chen',
      actorId: idOf(issue.fake, BO),
      status: { to: status, reason: null },
    });
  });

  it('reads a reopened issue as open again', () => {
    const issue = withIssue();
    issue.fake.closeAsDone(issue.key, { by: BO });
    expect(eventOf(issue.fake.reopen(issue.key, { by: BO })).status).toEqual({ to: 'open', reason: null });
  });

  it('reads a reassignment with the new assignee’s id, name and email', () => {
    const issue = withIssue();
    const event = eventOf(issue.fake.reassign(issue.key, { by: ANN, to: BO }));
    expect(event).toEqual({
      tracker: 'linear',
      deliveryId: expect.any(String),
      ticketKey: 'PAY-1',
      actorName: 'Ann Lee',
      actorId: idOf(issue.fake, ANN),
      assignee: { userId: idOf(issue.fake, BO), name: 'Bo Chen', email: BO },
    });
  });

  it('reads an unassigned issue as an assignee of null', () => {
    const issue = withIssue();
    expect(eventOf(issue.fake.reassign(issue.key, { by: ANN, to: null }))).toMatchObject({ assignee: null });
  });

  it.each([
    ['moved', '2026-12-21'],
    ['cleared', null],
  ])('reads a due date %s', (_case, dueDate) => {
    const issue = withIssue();
    const event = eventOf(issue.fake.setDueDate(issue.key, { by: ANN, dueDate }));
    expect(event).toEqual(expect.objectContaining({ dueDate }));
    expect(event).not.toHaveProperty('status');
    expect(event).not.toHaveProperty('assignee');
  });

  it('reads the documented example: the status and due date it changed, not the assignee it did not', () => {
    const delivery = payloadOf(parse(DOCUMENTED));
    expect(delivery).toEqual({
      sentAt: NOW,
      outcome: {
        kind: 'event',
        event: {
          tracker: 'linear',
          deliveryId: 'a3f1c2d4-0000-4000-8000-000000000001',
          ticketKey: 'PAY-12',
          actorName: 'Ann Lee',
          actorId: '4f2c6e1a-8b3d-4c5e-9f7a-1b2c3d4e5f60',
          status: { to: 'done', reason: null },
          dueDate: '2026-12-21',
        },
      },
    });
  });

  it('reads an assignee named without an email as an email to ask Linear for', () => {
    const changed = withValue(
      withValue(DOCUMENTED, ['updatedFrom'], { assigneeId: null }),
      ['data', 'assignee', 'email'],
      undefined,
    );
    expect(payloadOf(parse(changed)).outcome).toMatchObject({
      event: { assignee: { userId: '4f2c6e1a-8b3d-4c5e-9f7a-1b2c3d4e5f60', name: 'Ann Lee', email: null } },
    });
  });

  it('cuts an outsized actor or assignee name to 200 characters, so it cannot fill a Slack line', () => {
    const huge = 'N'.repeat(5000);
    const named = withValue(
      withValue(withValue(DOCUMENTED, ['actor', 'name'], huge), ['data', 'assignee', 'name'], huge),
      ['updatedFrom'],
      { assigneeId: null },
    );
    expect(payloadOf(parse(named)).outcome).toMatchObject({
      event: { actorName: 'N'.repeat(200), assignee: { name: 'N'.repeat(200) } },
    });
  });

  it('reads a delivery without an actor as by nobody', () => {
    expect(payloadOf(parse(withValue(DOCUMENTED, ['actor'], undefined))).outcome).toMatchObject({
      event: { actorName: null, actorId: null },
    });
  });
});

describe('sitrep’s own changes, as Linear delivers them back', () => {
  const API_URL = 'https://api.linear.test/graphql';
  let fake: FakeLinear;
  const server = setupServer(http.post(API_URL, ({ request }) => fake.answer(request)));
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());

  it('name the API key’s owner as the actor, by the id ownUserId gives', async () => {
    fake = createFakeLinear({ apiKey: 'lin_api_own', webhookSecret: 's', users: [{ name: 'Ann Lee', email: ANN }] });
    const client = createLinearClient({ apiUrl: API_URL, apiKey: 'lin_api_own', now: () => NOW });
    const ref = await client.create(
      { kind: 'linear', team: 'PAY', labels: [] },
      {
        actionId: '0f1e2d3c-4b5a-4978-8877-665544332211',
        title: 'Add retries',
        description: 'From INC-42',
        labels: [],
        state: { status: 'open', assigneeEmail: null, dueDate: null },
      },
    );
    await client.update(ref, { dueDate: '2026-12-21' });
    const own = await client.ownUserId();
    expect(own).toBe(fake.data.viewerId);
    const outcomes = fake.takeDeliveries().map((delivery) => parseDelivery(delivery).outcome);
    expect(outcomes.at(-1)).toEqual({
      kind: 'event',
      event: expect.objectContaining({ actorName: 'sitrep', actorId: own, dueDate: '2026-12-21' }),
    });
  });
});

describe('a Linear delivery that changes nothing sitrep keeps', () => {
  it.each([
    [
      'a new issue',
      (f: ReturnType<typeof withIssue>) => f.fake.fileIssue({ by: ANN, team: 'PAY', title: 'Other' }).delivery,
      /issue create \(PAY-2\)/,
    ],
    [
      'a renamed issue',
      (f: ReturnType<typeof withIssue>) => f.fake.rename(f.key, { by: ANN, title: 'Retry card payments' }),
      /PAY-1: title changed/,
    ],
    [
      'a comment',
      (f: ReturnType<typeof withIssue>) => f.fake.comment(f.key, { by: ANN, body: 'On it' }),
      /not Comment events/,
    ],
  ] as const)('ignores %s, saying why', (_case, act, reason) => {
    expect(parseDelivery(act(withIssue())).outcome).toEqual({ kind: 'ignored', reason: expect.stringMatching(reason) });
  });

  it.each([
    ['a removed issue', withValue(DOCUMENTED, ['action'], 'remove')],
    ['an update without updatedFrom', withValue(DOCUMENTED, ['updatedFrom'], undefined)],
    ['a project update', withValue(DOCUMENTED, ['type'], 'Project')],
  ])('ignores %s', (_case, payload) => {
    expect(payloadOf(parse(payload)).outcome).toMatchObject({ kind: 'ignored' });
  });
});

describe('a Linear delivery sitrep cannot read', () => {
  it.each([
    ['no identifier', ['data', 'identifier'], undefined, 'data.identifier'],
    [
      'a due date that is not a day',
      ['data', 'dueDate'],
      '21/12/2026',
      'data.dueDate: expected a day such as 2026-12-07',
    ],
    ['no webhookTimestamp', ['webhookTimestamp'], undefined, 'webhookTimestamp'],
    ['no state', ['data', 'state'], undefined, 'data.state'],
  ] as const)('answers %s with the path', (_case, path, value, issue) => {
    expect(issuesOf(parse(withValue(DOCUMENTED, path, value))).join('\n')).toContain(issue);
  });

  it('answers any JSON, and the example with any value replaced, without throwing', () => {
    expectAnyJsonAnswered((payload) => parse(payload));
    expectAnyReplacementAnswered({ payload: DOCUMENTED, parse: (payload) => parse(payload) });
  });
});
