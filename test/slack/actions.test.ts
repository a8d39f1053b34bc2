import { afterEach, describe, expect, it } from 'vitest';
import { flattenBlocks } from '../../demo/fake-slack/block-text.ts';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { inputValue } from '../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import {
  buttonOf,
  type SlackTest,
  type StartSlackHarnessOptions,
  startSlackHarness,
} from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB, carol: CAROL } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

// sitrep's clock: Monday 23 November 2026, 10:00 in Paris (the team's zone in sitrep.example.yml).
const MONDAY_MORNING = new Date('2026-11-23T09:00:00Z');

describe.each(databaseKinds)('STAR action items in Slack on %s', (kind) => {
  // Bob types and clicks in #general unless a step says otherwise.
  let slack: SlackTest;
  const clock = createTestClock(MONDAY_MORNING);
  afterEach(async () => {
    await slack.close();
  });

  const start = async (options: StartSlackHarnessOptions = {}) => {
    clock.set(MONDAY_MORNING);
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200, now: clock.now, userId: BOB, ...options });
  };

  const actionsOf = (incidentId: string) =>
    slack.prisma.actionItem.findMany({ where: { incidentId }, orderBy: { createdAt: 'asc' } });

  it('adds an action in the incident channel: owned, due five business days out in the owner’s zone, told to all', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });

    const answer = await slack.type(
      `action Add an alert on checkout 5xx rate <@${BOB}|bob> kind:alarm tracker:<https://tracker.example/PAY-1>`,
      { userId: ALICE, channelId },
    );
    expect(answer).toBe(
      `:clipboard: Added to incident ${incident.number}: *Add an alert on checkout 5xx rate*. <@${BOB}> owns it; I've let them know. Due Mon 30 Nov 2026, reminders included.`,
    );
    const [action] = await actionsOf(incident.id);
    // Bob works in Los Angeles: five business days after Monday 23 is Monday 30, to its last minute there.
    expect(action).toMatchObject({
      title: 'Add an alert on checkout 5xx rate',
      kind: 'alarm',
      status: 'open',
      ownerId: BOB,
      ownerTimeZone: 'America/Los_Angeles',
      dueAt: new Date('2026-12-01T07:59:59.999Z'),
      trackerUrl: 'https://tracker.example/PAY-1',
      createdBy: ALICE,
      // The day before, at 09:00 in Los Angeles.
      nextReminderAt: new Date('2026-11-27T17:00:00Z'),
    });
    await slack.settled();
    expect(slack.linesIn(channelId)).toContain(
      `<@${ALICE}> added an action item (Alarm): *Add an alert on checkout 5xx rate*, owner <@${BOB}>, due Mon 30 Nov 2026.`,
    );
    expect(slack.dmsTo(BOB)).toEqual([
      ':clipboard: You own an action item of incident 1: *Add an alert on checkout 5xx rate*, due Mon 30 Nov 2026.',
    ]);
    expect(slack.homeTab(BOB)).toContain('Add an alert on checkout 5xx rate');
    expect(slack.pinsIn(channelId).map((pin) => pin.ts)).toEqual([incident.summaryTs]);
    expect(slack.summaryIn(channelId)).toContain('Add an alert on checkout 5xx rate');
    const entries = await slack.prisma.timelineEntry.findMany({
      where: { incidentId: incident.id, source: 'command' },
    });
    expect(entries.map((entry) => entry.text)).toContain(
      `<@${ALICE}> added an action item (Alarm): *Add an alert on checkout 5xx rate*, owner <@${BOB}>, due Mon 30 Nov 2026.`,
    );

    // Without an owner the lead (alice, who declared) owns it; `in:3bd` counts from today in her zone.
    expect(await slack.type('action Write the runbook in:3bd kind:doc', { userId: BOB, channelId })).toContain(
      `<@${ALICE}> owns it; I've let them know. Due Thu 26 Nov 2026`,
    );
  });

  it.each([
    ['due:2026-02-30', /2026-02-30 is not a date/],
    ['due:2026-11-20', /before today|in the past|already/i],
    ['due:2026-11-28', /Saturday/],
    ['kind:alarms', /Did you mean `alarm`/],
    ['<@U0NOBODY99|nobody>', /can't find <@U0NOBODY99>/],
    ['@bob', /plain text/],
  ])('refuses "%s" with a clear answer and stores nothing', async (option, message) => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    expect(await slack.type(`action Add an alert ${option}`, { userId: ALICE, channelId })).toMatch(message);
    expect(await actionsOf(incident.id)).toEqual([]);
  });

  it('lists actions with Done, Snooze, Reassign and Won’t do, each changing the action, the list and the App Home', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type(`action Add an alert on 5xx <@${BOB}|bob>`, { userId: ALICE, channelId });
    await slack.type(`action Fix the retry storm <@${BOB}|bob> kind:fix`, { userId: ALICE, channelId });
    await slack.type(`action Document the failover <@${BOB}|bob> kind:doc`, { userId: ALICE, channelId });
    await slack.settled();

    const list = await slack.ask('actions', { channelId });
    expect(list.shown).toContain(`Action items of incident ${incident.number}`);
    expect(list.shown).toContain('*Add an alert on 5xx*');
    expect(list.shown).toContain("[Done] [Snooze 1 business day] [Reassign] [Won't do]");
    const [alert, fix, doc, ...more] = await actionsOf(incident.id);
    if (!alert || !fix || !doc) throw new Error('expected three action items');
    expect(more).toEqual([]);

    // Done: the list comes back with the change, and the reminders stop.
    const afterDone = await slack.click(buttonOf(list.buttons, ACTIONS.actionDone, alert.id), { channelId });
    expect(afterDone).toContain(':white_check_mark: *Add an alert on 5xx* is done.');
    expect(afterDone).toMatch(/Add an alert on 5xx\*\n.*done/);
    expect(await slack.prisma.actionItem.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      status: 'done',
      closedBy: BOB,
      nextReminderAt: null,
    });

    // Snooze: due one business day later (Mon 30 Nov → Tue 1 Dec, in Los Angeles).
    const snoozable = await slack.ask('actions', { channelId });
    const afterSnooze = await slack.click(buttonOf(snoozable.buttons, ACTIONS.actionSnooze, fix.id), { channelId });
    expect(afterSnooze).toContain(':zzz: *Fix the retry storm* is now due Tue 1 Dec 2026.');
    expect((await slack.prisma.actionItem.findUniqueOrThrow({ where: { id: fix.id } })).dueAt).toEqual(
      new Date('2026-12-02T07:59:59.999Z'),
    );

    // Reassign: a form with a person picker; carol (Paris) gets it for the same calendar day and a DM.
    const reassignable = await slack.ask('actions', { channelId });
    const form = await slack.openForm(buttonOf(reassignable.buttons, ACTIONS.actionReassign, doc.id), { channelId });
    expect(form.callback_id).toBe(VIEWS.reassignAction);
    const submitted = await slack.submit({
      callbackId: VIEWS.reassignAction,
      privateMetadata: form.private_metadata,
      values: { [BLOCKS.actionOwner]: { [ACTIONS.actionOwner]: { type: 'users_select', selected_user: CAROL } } },
    });
    expect(submitted.status).toBe(200);
    await until(
      async () => (await slack.prisma.actionItem.findUniqueOrThrow({ where: { id: doc.id } })).ownerId === CAROL,
      'carol to own it',
    );
    expect(await slack.prisma.actionItem.findUniqueOrThrow({ where: { id: doc.id } })).toMatchObject({
      ownerTimeZone: 'Europe/Paris',
      dueAt: new Date('2026-11-30T22:59:59.999Z'),
    });
    await slack.settled();
    expect(slack.dmsTo(CAROL)).toEqual([
      ':clipboard: You own an action item of incident 1: *Document the failover*, due Mon 30 Nov 2026.',
    ]);
    expect(slack.homeTab(CAROL)).toContain('Document the failover');
    expect(slack.homeTab(BOB)).not.toContain('Document the failover');

    // Won't do: a form for the reason, which the postmortem keeps.
    const refusable = await slack.ask('actions', { channelId });
    const wontDo = await slack.openForm(buttonOf(refusable.buttons, ACTIONS.actionWontDo, fix.id), { channelId });
    const reason = (value: string) => ({
      callbackId: VIEWS.wontDoAction,
      privateMetadata: wontDo.private_metadata,
      values: { [BLOCKS.actionWontDoReason]: { [ACTIONS.actionWontDoReason]: inputValue.text(value) } },
    });
    const empty = await slack.submit(reason('  '));
    expect(await empty.json()).toMatchObject({ response_action: 'errors' });
    await slack.submit(reason('The retry client is being replaced'));
    await until(
      async () => (await slack.prisma.actionItem.findUniqueOrThrow({ where: { id: fix.id } })).status === 'wont_do',
      "won't do",
    );
    await slack.settled();
    expect(slack.linesIn(channelId)).toContain(
      `<@${BOB}> decided *Fix the retry storm* won't be done: The retry client is being replaced`,
    );

    // Outside the channel, `actions` is the viewer's own open ones.
    expect(await slack.type('actions', { userId: CAROL })).toContain('Your open action items');
    const carols = await slack.ask('actions mine', { userId: CAROL });
    expect(carols.shown).toContain('*Document the failover*');
    // A click on a closed action says so instead of changing it.
    const again = await slack.click(buttonOf(carols.buttons, ACTIONS.actionDone, doc.id), { channelId });
    expect(again).toContain('is done');
    expect(
      await slack.click({ action_id: ACTIONS.actionDone, value: JSON.stringify({ actionId: doc.id }) }, { channelId }),
    ).toMatch(/already/);
  });

  it('keeps the postmortem’s action table current and completes it only with an accepted action', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type('impact outage 09:30', { channelId, userId: ALICE });
    // No draft yet, and no action.
    expect(await slack.type('postmortem complete', { channelId })).toMatch(/no action item has been accepted yet/);
    const question = await slack.ask('resolve Rolled back', { channelId, userId: ALICE });
    await slack.click(buttonOf(question.buttons, ACTIONS.confirmResolve), { channelId, userId: ALICE });
    await until(
      async () => (await slack.prisma.postmortem.count({ where: { incidentId: incident.id } })) === 1,
      'draft v1',
    );
    await slack.settled();

    await slack.type(`action Add an alert on 5xx <@${BOB}|bob> kind:alarm`, { userId: ALICE, channelId });
    await slack.settled();
    const stored = async () =>
      (await slack.prisma.postmortem.findFirstOrThrow({ where: { incidentId: incident.id } })).markdown;
    await until(async () => (await stored()).includes('Add an alert on 5xx'), 'the action in the stored draft');
    expect(await stored()).toMatch(/\| Alarm \| Add an alert on 5xx \| bob \| Mon 30 Nov 2026 \| open \|/);

    const list = await slack.ask('actions', { channelId });
    await slack.click(buttonOf(list.buttons, ACTIONS.actionDone), { channelId });
    await until(
      async () => /\| Add an alert on 5xx \| bob \| Mon 30 Nov 2026 \| done \|/.test(await stored()),
      'done in the draft',
    );

    expect(await slack.type('postmortem complete', { channelId, userId: ALICE })).toBe(
      `:white_check_mark: The postmortem of incident ${incident.number} (v1) is complete. sitrep follows up its action items until they are done.`,
    );
    expect(await slack.prisma.postmortem.findFirstOrThrow({ where: { incidentId: incident.id } })).toMatchObject({
      completedBy: ALICE,
    });
    expect(await slack.type('postmortem complete', { channelId, userId: ALICE })).toMatch(/already marked complete/);
  });

  it('reminds the owner the day before, on the due morning and while overdue, tells the lead once, never at the weekend', async () => {
    await start({ reminderEveryMs: 25 });
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type(`action Add an alert on 5xx <@${BOB}|bob>`, { userId: ALICE, channelId });
    await slack.settled();
    const reminders = () =>
      slack.dmsTo(BOB).filter((text) => text.startsWith(':alarm_clock:') || text.startsWith(':warning:'));
    const keys = async () =>
      (
        await slack.prisma.outboxMessage.findMany({
          where: { dedupeKey: { startsWith: 'reminder:' } },
          orderBy: { sequence: 'asc' },
        })
      ).map((message) => message.dedupeKey.replace(/^reminder:[0-9a-f-]+:/, ''));
    const at = async (instant: string, expected: number) => {
      clock.set(instant);
      await until(async () => (await keys()).length === expected, `${expected} reminders by ${instant}`);
      await slack.settled();
    };

    await at('2026-11-27T16:59:00Z', 0); // Friday 08:59 in Los Angeles: not yet.
    await at('2026-11-27T17:00:30Z', 1); // Friday 09:00: due on Monday.
    await at('2026-11-28T17:00:30Z', 1); // Saturday: nothing.
    await at('2026-11-29T17:00:30Z', 1); // Sunday: nothing.
    await at('2026-11-30T17:00:30Z', 2); // Monday 09:00: due today.
    await at('2026-12-01T17:00:30Z', 3); // Tuesday: overdue by one business day.
    await at('2026-12-02T17:00:30Z', 5); // Wednesday: overdue by two, and the lead is told.
    expect(await keys()).toEqual([
      'day_before:2026-11-27',
      'due:2026-11-30',
      'overdue:2026-12-01',
      'overdue:2026-12-02',
      'escalation:2026-12-02',
    ]);
    expect(reminders()).toEqual([
      ':alarm_clock: Tomorrow is the due day of *Add an alert on 5xx* (incident 1): Mon 30 Nov 2026.',
      ':alarm_clock: *Add an alert on 5xx* (incident 1) is due today, Mon 30 Nov 2026.',
      ':warning: *Add an alert on 5xx* (incident 1) is overdue by 1 business day (it was due Mon 30 Nov 2026).',
      ':warning: *Add an alert on 5xx* (incident 1) is overdue by 2 business days (it was due Mon 30 Nov 2026).',
    ]);
    expect(slack.dmsTo(ALICE).filter((text) => text.includes('overdue'))).toEqual([
      `:warning: An action item of incident ${incident.number}, which you lead, is 2 business days overdue: *Add an alert on 5xx* (due Mon 30 Nov 2026). <@${BOB}> owns it; maybe it needs help, another owner or a new date.`,
    ]);

    // Done from the reminder's own button: no reminder after that.
    const dm = slack.directMessagesTo(BOB).at(-1);
    if (!dm) throw new Error('no DM to bob');
    expect(await slack.click(buttonOf(dm.buttons, ACTIONS.actionDone), { channelId: dm.channel })).toContain('is done');
    clock.set('2026-12-03T17:00:30Z');
    const action = await slack.prisma.actionItem.findFirstOrThrow({ where: { incidentId: incident.id } });
    expect(action.nextReminderAt).toBeNull();
    expect(await keys()).toHaveLength(5);
  });

  it('posts the weekly digest of open actions per service on Monday at 09:00 in the team’s zone, once', async () => {
    await start({ reminderEveryMs: 25 });
    const { channelId } = await slack.declare({ userId: ALICE });
    await slack.type(`action Add an alert on 5xx <@${BOB}|bob>`, { userId: ALICE, channelId });
    await slack.settled();
    // Started on a Monday after 09:00, sitrep already posted today's; the test is about the next one.
    const digests = () =>
      slack.linesIn(ANNOUNCEMENTS).filter((text) => text.startsWith('Action items, week of Mon 30'));
    clock.set('2026-11-30T08:00:30Z');
    await until(() => digests().length === 1, 'the digest');
    expect(digests()).toEqual(['Action items, week of Mon 30 Nov 2026: 1 open, 0 overdue.']);
    const digest = slack.fake
      .messagesIn(ANNOUNCEMENTS)
      .find((message) => message.text?.startsWith('Action items, week of Mon 30'));
    expect(flattenBlocks(digest?.blocks ?? []).join('\n')).toContain('*checkout-api*: 1 open, 0 overdue');
    clock.set('2026-11-30T09:30:00Z');
    await until(
      async () =>
        (await slack.prisma.outboxMessage.count({ where: { dedupeKey: { startsWith: 'digest:2026-11-30' } } })) === 1,
      'one digest',
    );
    await slack.settled();
    expect(digests()).toHaveLength(1);
  });
});
