import { describe, expect, it } from 'vitest';
import { createFakeLinear, type FakeLinearDelivery } from '../../../demo/fake-linear/fake-linear.ts';
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
    const delivery = act(withIssue());
    expect(eventOf(delivery)).toEqual({
      tracker: 'linear',
      deliveryId: delivery.headers['linear-delivery'],
      ticketKey: 'PAY-1',
      actorName: 'Bo Chen',
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
    const bo = issue.fake.data.users.find((user) => user.email === BO);
    const event = eventOf(issue.fake.reassign(issue.key, { by: ANN, to: BO }));
    expect(event).toEqual({
      tracker: 'linear',
      deliveryId: expect.any(String),
      ticketKey: 'PAY-1',
      actorName: 'Ann Lee',
      assignee: { userId: bo?.id, name: 'Bo Chen', email: BO },
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
