import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { flattenBlocks } from '../../demo/fake-slack/block-text.ts';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { blockActionsBody, viewSubmissionBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { typeCommand } from '../support/slack/type-command.ts';
import { type StartTestServerOptions, startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB, carol: CAROL } = EXAMPLE_PEOPLE;
const { general: GENERAL, announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

const ZButtons = z.looseObject({
  blocks: z.array(
    z.looseObject({
      elements: z.array(z.looseObject({ action_id: z.string().optional(), value: z.string().optional() })).optional(),
    }),
  ),
});

type Button = { action_id: string; value: string };

// sitrep's clock: Monday 23 November 2026, 10:00 in Paris (the team's zone in sitrep.example.yml).
const MONDAY_MORNING = new Date('2026-11-23T09:00:00Z');

describe.each(databaseKinds)('STAR action items in Slack on %s', (kind) => {
  let server: TestServer;
  // sitrep's clock runs at the real pace (its outbox paces and retries by it) from where the test sets it.
  let offsetMs = 0;
  const setClock = (instant: Date) => {
    offsetMs = instant.getTime() - Date.now();
  };
  const clock = () => new Date(Date.now() + offsetMs);
  afterEach(async () => {
    await server.close();
  });

  const fake = () => server.slack.fake;
  const prisma = () => server.database.prisma;

  const start = async (options: StartTestServerOptions = {}) => {
    setClock(MONDAY_MORNING);
    server = await startTestServer(kind, { maxRetryBackoffMs: 200, now: clock, ...options });
  };

  const type = (text: string, { userId = BOB, channelId = GENERAL }: { userId?: string; channelId?: string } = {}) =>
    typeCommand(server, text, { userId, channelId });

  const settled = () =>
    until(
      async () => (await prisma().outboxMessage.count({ where: { status: 'pending' } })) === 0,
      'the outbox to drain',
    );

  const declare = async () => {
    await type('declare sev2 checkout-api: Checkout is down', { userId: ALICE });
    await settled();
    const incident = await prisma().incident.findFirstOrThrow({ orderBy: { number: 'desc' } });
    if (!incident.channelId) throw new Error('no channel');
    return { incident, channelId: incident.channelId };
  };

  /** Direct messages sitrep sent to a person, oldest first. */
  const dmsTo = (userId: string): string[] =>
    fake()
      .callsTo('chat.postMessage')
      .filter((call) => call.ok && fake().state.channels.get(String(call.params.channel))?.user === userId)
      .map((call) => String(call.params.text));

  const linesIn = (channelId: string): string[] =>
    fake()
      .messagesIn(channelId)
      .map((message) => message.text ?? '');

  /** The buttons of the last ephemeral answer that had any. */
  const lastButtons = (): Button[] => {
    const body = fake()
      .responses.toReversed()
      .find(
        (response) =>
          ZButtons.safeParse(response.body).success && JSON.stringify(response.body).includes('action_done'),
      )?.body;
    return ZButtons.parse(body)
      .blocks.flatMap((block) => block.elements ?? [])
      .flatMap((element) =>
        element.action_id && element.value ? [{ action_id: element.action_id, value: element.value }] : [],
      );
  };

  /** Clicks a button of an ephemeral list in `channelId`; returns what replaced the list. */
  const click = async (button: Button, { userId = BOB, channelId }: { userId?: string; channelId: string }) => {
    const responseUrl = fake().newResponseUrl({ channel: channelId, user: userId });
    const res = await server.sendToSlackEndpoint(
      blockActionsBody({
        userId,
        actions: [button],
        channelId,
        message: { ts: '1795470000.000100' },
        responseUrl,
        triggerId: fake().newTriggerId(userId),
      }),
    );
    expect(res.status).toBe(200);
    await until(() => fake().responses.some((r) => r.url === responseUrl), `the answer to ${button.action_id}`);
    const answer = z
      .looseObject({ text: z.string(), blocks: z.array(z.unknown()).optional() })
      .parse(fake().responses.find((r) => r.url === responseUrl)?.body);
    return [answer.text, ...flattenBlocks(answer.blocks ?? [])].join('\n');
  };

  /** Clicks a button that opens a form; returns the form's private metadata once Slack shows it. */
  const openForm = async (button: Button, { userId = BOB, channelId }: { userId?: string; channelId: string }) => {
    const before = fake().callsTo('views.open').length;
    const res = await server.sendToSlackEndpoint(
      blockActionsBody({
        userId,
        actions: [button],
        channelId,
        message: { ts: '1795470000.000100' },
        responseUrl: fake().newResponseUrl({ channel: channelId, user: userId }),
        triggerId: fake().newTriggerId(userId),
      }),
    );
    expect(res.status).toBe(200);
    await until(() => fake().callsTo('views.open').length > before, `the form of ${button.action_id}`);
    const opened = fake().callsTo('views.open').at(-1);
    const raw = opened?.params.view;
    return z
      .object({ callback_id: z.string(), private_metadata: z.string() })
      .parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
  };

  const actionsOf = (incidentId: string) =>
    prisma().actionItem.findMany({ where: { incidentId }, orderBy: { createdAt: 'asc' } });

  it('adds an action in the incident channel: owned, due five business days out in the owner’s zone, told to all', async () => {
    await start();
    const { incident, channelId } = await declare();

    const answer = await type(
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
    await settled();
    expect(linesIn(channelId)).toContain(
      `<@${ALICE}> added an action item (Alarm): *Add an alert on checkout 5xx rate*, owner <@${BOB}>, due Mon 30 Nov 2026.`,
    );
    expect(dmsTo(BOB)).toEqual([
      ':clipboard: You own an action item of incident 1: *Add an alert on checkout 5xx rate*, due Mon 30 Nov 2026.',
    ]);
    expect(JSON.stringify(fake().state.homeViews.get(BOB)?.json)).toContain('Add an alert on checkout 5xx rate');
    const summary = fake()
      .messagesIn(channelId)
      .find((message) => message.ts === incident.summaryTs);
    expect(JSON.stringify(summary?.blocks)).toContain('Add an alert on checkout 5xx rate');
    const entries = await prisma().timelineEntry.findMany({ where: { incidentId: incident.id, source: 'command' } });
    expect(entries.map((entry) => entry.text)).toContain(
      `<@${ALICE}> added an action item (Alarm): *Add an alert on checkout 5xx rate*, owner <@${BOB}>, due Mon 30 Nov 2026.`,
    );

    // Without an owner the lead (alice, who declared) owns it; `in:3bd` counts from today in her zone.
    expect(await type('action Write the runbook in:3bd kind:doc', { userId: BOB, channelId })).toContain(
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
    const { incident, channelId } = await declare();
    expect(await type(`action Add an alert ${option}`, { userId: ALICE, channelId })).toMatch(message);
    expect(await actionsOf(incident.id)).toEqual([]);
  });

  it('lists actions with Done, Snooze, Reassign and Won’t do, each changing the action, the list and the App Home', async () => {
    await start();
    const { incident, channelId } = await declare();
    await type(`action Add an alert on 5xx <@${BOB}|bob>`, { userId: ALICE, channelId });
    await type(`action Fix the retry storm <@${BOB}|bob> kind:fix`, { userId: ALICE, channelId });
    await type(`action Document the failover <@${BOB}|bob> kind:doc`, { userId: ALICE, channelId });
    await settled();

    const list = await type('actions', { channelId });
    expect(list).toContain(`Action items of incident ${incident.number}`);
    expect(list).toContain('*Add an alert on 5xx*');
    expect(list).toContain("[Done] [Snooze 1 business day] [Reassign] [Won't do]");
    const [alert, fix, doc] = await actionsOf(incident.id);
    const buttonOf = (actionId: string, id: string | undefined) => {
      const button = lastButtons().find((b) => b.action_id.startsWith(actionId) && b.value.includes(id ?? 'none'));
      if (!button) throw new Error(`no ${actionId} button`);
      return button;
    };

    // Done: the list comes back with the change, and the reminders stop.
    const afterDone = await click(buttonOf(ACTIONS.actionDone, alert?.id), { channelId });
    expect(afterDone).toContain(':white_check_mark: *Add an alert on 5xx* is done.');
    expect(afterDone).toMatch(/Add an alert on 5xx\*\n.*done/);
    expect(await prisma().actionItem.findUniqueOrThrow({ where: { id: alert?.id } })).toMatchObject({
      status: 'done',
      closedBy: BOB,
      nextReminderAt: null,
    });

    // Snooze: due one business day later (Mon 30 Nov → Tue 1 Dec, in Los Angeles).
    await type('actions', { channelId });
    const afterSnooze = await click(buttonOf(ACTIONS.actionSnooze, fix?.id), { channelId });
    expect(afterSnooze).toContain(':zzz: *Fix the retry storm* is now due Tue 1 Dec 2026.');
    expect((await prisma().actionItem.findUniqueOrThrow({ where: { id: fix?.id } })).dueAt).toEqual(
      new Date('2026-12-02T07:59:59.999Z'),
    );

    // Reassign: a form with a person picker; carol (Paris) gets it for the same calendar day and a DM.
    await type('actions', { channelId });
    const metadata = await openForm(buttonOf(ACTIONS.actionReassign, doc?.id), { channelId });
    expect(metadata.callback_id).toBe(VIEWS.reassignAction);
    const submitted = await server.sendToSlackEndpoint(
      viewSubmissionBody({
        userId: BOB,
        callbackId: VIEWS.reassignAction,
        privateMetadata: metadata.private_metadata,
        values: { [BLOCKS.actionOwner]: { [ACTIONS.actionOwner]: { type: 'users_select', selected_user: CAROL } } },
      }),
    );
    expect(submitted.status).toBe(200);
    await until(
      async () => (await prisma().actionItem.findUniqueOrThrow({ where: { id: doc?.id } })).ownerId === CAROL,
      'carol to own it',
    );
    expect(await prisma().actionItem.findUniqueOrThrow({ where: { id: doc?.id } })).toMatchObject({
      ownerTimeZone: 'Europe/Paris',
      dueAt: new Date('2026-11-30T22:59:59.999Z'),
    });
    await settled();
    expect(dmsTo(CAROL)).toEqual([
      ':clipboard: You own an action item of incident 1: *Document the failover*, due Mon 30 Nov 2026.',
    ]);
    expect(JSON.stringify(fake().state.homeViews.get(CAROL)?.json)).toContain('Document the failover');
    expect(JSON.stringify(fake().state.homeViews.get(BOB)?.json)).not.toContain('Document the failover');

    // Won't do: a form for the reason, which the postmortem keeps.
    await type('actions', { channelId });
    const wontDo = await openForm(buttonOf(ACTIONS.actionWontDo, fix?.id), { channelId });
    const empty = await server.sendToSlackEndpoint(
      viewSubmissionBody({
        userId: BOB,
        callbackId: VIEWS.wontDoAction,
        privateMetadata: wontDo.private_metadata,
        values: {
          [BLOCKS.actionWontDoReason]: { [ACTIONS.actionWontDoReason]: { type: 'plain_text_input', value: '  ' } },
        },
      }),
    );
    expect(await empty.json()).toMatchObject({ response_action: 'errors' });
    await server.sendToSlackEndpoint(
      viewSubmissionBody({
        userId: BOB,
        callbackId: VIEWS.wontDoAction,
        privateMetadata: wontDo.private_metadata,
        values: {
          [BLOCKS.actionWontDoReason]: {
            [ACTIONS.actionWontDoReason]: { type: 'plain_text_input', value: 'The retry client is being replaced' },
          },
        },
      }),
    );
    await until(
      async () => (await prisma().actionItem.findUniqueOrThrow({ where: { id: fix?.id } })).status === 'wont_do',
      "won't do",
    );
    await settled();
    expect(linesIn(channelId)).toContain(
      `<@${BOB}> decided *Fix the retry storm* won't be done: The retry client is being replaced`,
    );

    // Outside the channel, `actions` is the viewer's own open ones.
    expect(await type('actions', { userId: CAROL })).toContain('Your open action items');
    expect(await type('actions mine', { userId: CAROL })).toContain('*Document the failover*');
    // A click on a closed action says so instead of changing it.
    const again = await click(buttonOf(ACTIONS.actionDone, doc?.id), { channelId });
    expect(again).toContain('is done');
    expect(
      await click({ action_id: ACTIONS.actionDone, value: JSON.stringify({ actionId: doc?.id }) }, { channelId }),
    ).toMatch(/already/);
  });

  it('keeps the postmortem’s action table current and completes it only with an accepted action', async () => {
    await start();
    const { incident, channelId } = await declare();
    await type('impact outage 09:30', { channelId, userId: ALICE });
    // No draft yet, and no action.
    expect(await type('postmortem complete', { channelId })).toMatch(/no action item has been accepted yet/);
    await type('resolve Rolled back', { channelId, userId: ALICE });
    const confirm = z
      .looseObject({
        blocks: z.array(
          z.looseObject({ elements: z.array(z.looseObject({ action_id: z.string(), value: z.string() })).optional() }),
        ),
      })
      .parse(
        fake()
          .responses.toReversed()
          .find((r) => JSON.stringify(r.body).includes(ACTIONS.confirmResolve))?.body,
      )
      .blocks.flatMap((block) => block.elements ?? [])
      .find((button) => button.action_id === ACTIONS.confirmResolve);
    await click({ action_id: ACTIONS.confirmResolve, value: confirm?.value ?? '' }, { channelId, userId: ALICE });
    await until(
      async () => (await prisma().postmortem.count({ where: { incidentId: incident.id } })) === 1,
      'draft v1',
    );
    await settled();

    await type(`action Add an alert on 5xx <@${BOB}|bob> kind:alarm`, { userId: ALICE, channelId });
    await settled();
    const stored = async () =>
      (await prisma().postmortem.findFirstOrThrow({ where: { incidentId: incident.id } })).markdown;
    await until(async () => (await stored()).includes('Add an alert on 5xx'), 'the action in the stored draft');
    expect(await stored()).toMatch(/\| Alarm \| Add an alert on 5xx \| bob \| Mon 30 Nov 2026 \| open \|/);

    await type('actions', { channelId });
    const done = lastButtons().find((button) => button.action_id.startsWith(ACTIONS.actionDone));
    if (!done) throw new Error('no Done button');
    await click(done, { channelId });
    await until(
      async () => /\| Add an alert on 5xx \| bob \| Mon 30 Nov 2026 \| done \|/.test(await stored()),
      'done in the draft',
    );

    expect(await type('postmortem complete', { channelId, userId: ALICE })).toBe(
      `:white_check_mark: The postmortem of incident ${incident.number} (v1) is complete. sitrep follows up its action items until they are done.`,
    );
    expect(await prisma().postmortem.findFirstOrThrow({ where: { incidentId: incident.id } })).toMatchObject({
      completedBy: ALICE,
    });
    expect(await type('postmortem complete', { channelId, userId: ALICE })).toMatch(/already marked complete/);
  });

  it('reminds the owner the day before, on the due morning and while overdue, tells the lead once, never at the weekend', async () => {
    await start({ reminderEveryMs: 25 });
    const { incident, channelId } = await declare();
    await type(`action Add an alert on 5xx <@${BOB}|bob>`, { userId: ALICE, channelId });
    await settled();
    const reminders = () =>
      dmsTo(BOB).filter((text) => text.startsWith(':alarm_clock:') || text.startsWith(':warning:'));
    const keys = async () =>
      (
        await prisma().outboxMessage.findMany({
          where: { dedupeKey: { startsWith: 'reminder:' } },
          orderBy: { sequence: 'asc' },
        })
      ).map((message) => message.dedupeKey.replace(/^reminder:[0-9a-f-]+:/, ''));
    const at = async (instant: string, expected: number) => {
      setClock(new Date(instant));
      await until(async () => (await keys()).length === expected, `${expected} reminders by ${instant}`);
      await settled();
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
    expect(dmsTo(ALICE).filter((text) => text.includes('overdue'))).toEqual([
      `:warning: An action item of incident ${incident.number}, which you lead, is 2 business days overdue: *Add an alert on 5xx* (due Mon 30 Nov 2026). <@${BOB}> owns it; maybe it needs help, another owner or a new date.`,
    ]);

    // Done from the reminder's own button: no reminder after that.
    const dm = fake()
      .callsTo('chat.postMessage')
      .filter((call) => fake().state.channels.get(String(call.params.channel))?.user === BOB)
      .at(-1);
    const raw = dm?.params.blocks;
    const blocks = ZButtons.parse({ blocks: typeof raw === 'string' ? JSON.parse(raw) : raw });
    const done = blocks.blocks
      .flatMap((block) => block.elements ?? [])
      .find((e) => e.action_id?.startsWith(ACTIONS.actionDone));
    expect(
      await click(
        { action_id: ACTIONS.actionDone, value: done?.value ?? '' },
        { channelId: String(dm?.params.channel) },
      ),
    ).toContain('is done');
    setClock(new Date('2026-12-03T17:00:30Z'));
    const action = await prisma().actionItem.findFirstOrThrow({ where: { incidentId: incident.id } });
    expect(action.nextReminderAt).toBeNull();
    expect(await keys()).toHaveLength(5);
  });

  it('posts the weekly digest of open actions per service on Monday at 09:00 in the team’s zone, once', async () => {
    await start({ reminderEveryMs: 25 });
    const { channelId } = await declare();
    await type(`action Add an alert on 5xx <@${BOB}|bob>`, { userId: ALICE, channelId });
    await settled();
    // Started on a Monday after 09:00, sitrep already posted today's; the test is about the next one.
    const digests = () => linesIn(ANNOUNCEMENTS).filter((text) => text.startsWith('Action items, week of Mon 30'));
    setClock(new Date('2026-11-30T08:00:30Z'));
    await until(() => digests().length === 1, 'the digest');
    expect(digests()).toEqual(['Action items, week of Mon 30 Nov 2026: 1 open, 0 overdue.']);
    const digest = fake()
      .messagesIn(ANNOUNCEMENTS)
      .find((message) => message.text?.startsWith('Action items, week of Mon 30'));
    expect(flattenBlocks(digest?.blocks ?? []).join('\n')).toContain('*checkout-api*: 1 open, 0 overdue');
    setClock(new Date('2026-11-30T09:30:00Z'));
    await until(
      async () =>
        (await prisma().outboxMessage.count({ where: { dedupeKey: { startsWith: 'digest:2026-11-30' } } })) === 1,
      'one digest',
    );
    await settled();
    expect(digests()).toHaveLength(1);
  });
});
