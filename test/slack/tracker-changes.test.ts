import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { buttonOf } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { startTrackerHarness, type TrackerTest } from '../support/trackers/tracker-harness.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
// Monday 23 November 2026, 10:00 in Paris (the team's zone).
const MONDAY_MORNING = new Date('2026-11-23T09:00:00Z');

type Delivery = { headers: Record<string, string>; body: string };

/** How a person changes a ticket in each tracker, and where that tracker's webhook posts. */
type TrackerSpec = {
  name: string;
  declare: string;
  path: string;
  keyOf: (n: number) => string;
  actor: string;
  reassignToAlice: (slack: TrackerTest, key: string) => Delivery;
  moveDue: (slack: TrackerTest, key: string, dueDate: string) => Delivery;
  closeAsDone: (slack: TrackerTest, key: string) => Delivery;
  cancel: (slack: TrackerTest, key: string) => Delivery;
  cancelReason: string;
  isDone: (slack: TrackerTest, key: string) => boolean;
};

const SPECS: TrackerSpec[] = [
  {
    name: 'Jira',
    declare: 'declare sev2 checkout-api: Checkout is down',
    path: '/webhooks/jira',
    keyOf: (n) => `PAY-${n}`,
    actor: 'Carol Diaz',
    reassignToAlice: ({ jira }, key) => jira.reassign({ key, by: 'carol@acme.example', to: 'alice@acme.example' }),
    moveDue: ({ jira }, key, dueDate) => jira.changeDueDate({ key, by: 'carol@acme.example', dueDate }),
    closeAsDone: ({ jira }, key) => jira.closeAsDone({ key, by: 'carol@acme.example' }),
    cancel: ({ jira }, key) => jira.cancel({ key, by: 'carol@acme.example' }),
    cancelReason: "Cancelled in Jira (PAY-2): Won't Do",
    isDone: ({ jira }, key) => jira.issue(key)?.status.category === 'done',
  },
  {
    name: 'Linear',
    declare: 'declare sev2 search: Search is slow',
    path: '/webhooks/linear',
    keyOf: (n) => `SRCH-${n}`,
    actor: 'Carol Diaz',
    reassignToAlice: ({ linear }, key) => linear.reassign(key, { by: 'carol@acme.example', to: 'alice@acme.example' }),
    moveDue: ({ linear }, key, dueDate) => linear.setDueDate(key, { by: 'carol@acme.example', dueDate }),
    closeAsDone: ({ linear }, key) => linear.closeAsDone(key, { by: 'carol@acme.example' }),
    cancel: ({ linear }, key) => linear.cancel(key, { by: 'carol@acme.example' }),
    cancelReason: 'Cancelled in Linear (SRCH-2), no reason given',
    isDone: ({ linear }, key) => linear.ticket(key).stateType === 'completed',
  },
  {
    name: 'GitHub',
    declare: 'declare sev3 docs-site: Help centre is down',
    path: '/webhooks/github',
    keyOf: (n) => `acme/incidents#${n}`,
    actor: 'carol-d',
    reassignToAlice: ({ github }, key) => github.reassign({ key, to: 'alice-m', by: 'carol-d' }),
    moveDue: ({ github }, key, dueDate) => github.changeDueDate({ key, dueDate, by: 'carol-d' }),
    closeAsDone: ({ github }, key) => github.closeAsDone({ key, by: 'carol-d' }),
    cancel: ({ github }, key) => github.cancel({ key, by: 'carol-d' }),
    cancelReason: 'Cancelled in GitHub (acme/incidents#2), no reason given',
    isDone: ({ github }, key) =>
      github.issues.some(
        (issue) =>
          `${issue.repository}#${issue.number}` === key &&
          issue.state === 'closed' &&
          issue.stateReason === 'completed',
      ),
  },
];

describe.each(databaseKinds)('a ticket’s changes in each tracker, delivered three times, on %s', (kind) => {
  let slack: TrackerTest;
  const clock = createTestClock(MONDAY_MORNING);
  afterEach(async () => {
    await slack.close();
  });

  it.each(SPECS)(
    '$name: reassigned, re-dated, done and cancelled there change the action once each; done in Slack closes it there',
    async (spec) => {
      clock.set(MONDAY_MORNING);
      slack = await startTrackerHarness(kind, { maxRetryBackoffMs: 200, now: clock.now, userId: BOB });
      const { incident, channelId } = await slack.declare({ userId: ALICE, text: spec.declare });
      for (const title of ['Add an alert', 'Retry once', 'Write the runbook']) {
        await slack.type(`action ${title} <@${BOB}|bob>`, { userId: ALICE, channelId });
        await slack.allDone();
      }
      const actions = await slack.prisma.actionItem.findMany({
        where: { incidentId: incident.id },
        orderBy: { createdAt: 'asc' },
      });
      expect(actions.map((action) => action.trackerKey)).toEqual([spec.keyOf(1), spec.keyOf(2), spec.keyOf(3)]);
      const [alert, retry, runbook] = actions;
      if (!alert || !retry || !runbook) throw new Error('three action items expected');
      const once = [{ outcome: 'applied' }, { outcome: 'duplicate' }, { outcome: 'duplicate' }];
      const find = (id: string) => slack.prisma.actionItem.findUniqueOrThrow({ where: { id } });

      expect(await slack.deliverThrice(spec.path, spec.reassignToAlice(slack, spec.keyOf(1)))).toEqual(once);
      expect(await find(alert.id)).toMatchObject({ ownerId: ALICE, ownerTimeZone: 'Europe/Paris' });
      expect(await slack.deliverThrice(spec.path, spec.moveDue(slack, spec.keyOf(1), '2026-12-04'))).toEqual(once);
      expect((await find(alert.id)).dueAt).toEqual(new Date('2026-12-04T22:59:59.999Z'));
      expect(await slack.deliverThrice(spec.path, spec.closeAsDone(slack, spec.keyOf(1)))).toEqual(once);
      expect(await find(alert.id)).toMatchObject({ status: 'done', nextReminderAt: null });
      expect(await slack.deliverThrice(spec.path, spec.cancel(slack, spec.keyOf(2)))).toEqual(once);
      expect(await find(retry.id)).toMatchObject({ status: 'wont_do', wontDoReason: spec.cancelReason });
      await slack.allDone();
      const changedThere = slack.linesIn(channelId).filter((line) => line.includes(` in ${spec.name} (`));
      expect(changedThere).toHaveLength(4);
      expect(changedThere.every((line) => line.includes(`by ${spec.actor}`))).toBe(true);

      const list = await slack.ask('actions', { channelId });
      await slack.click(buttonOf(list.buttons, ACTIONS.actionDone, runbook.id), { channelId });
      await slack.allDone();
      expect(spec.isDone(slack, spec.keyOf(3))).toBe(true);
    },
    60_000,
  );
});
