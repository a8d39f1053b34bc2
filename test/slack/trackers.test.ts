import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.ts';
import { signDeployBody } from '../../src/webhooks/generic/deploy-signature.ts';
import { databaseKinds } from '../support/database.ts';
import { buttonOf } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { startTrackerHarness, type TrackerTest } from '../support/trackers/tracker-harness.ts';

const { alice: ALICE, bob: BOB, carol: CAROL } = EXAMPLE_PEOPLE;
// Monday 23 November 2026, 10:00 in Paris (the team's zone).
const MONDAY_MORNING = new Date('2026-11-23T09:00:00Z');

describe.each(databaseKinds)('action items kept in step with Jira, Linear and GitHub Issues, on %s', (kind) => {
  let slack: TrackerTest;
  const clock = createTestClock(MONDAY_MORNING);
  afterEach(async () => {
    await slack.close();
  });
  const start = async () => {
    clock.set(MONDAY_MORNING);
    slack = await startTrackerHarness(kind, { maxRetryBackoffMs: 200, now: clock.now, userId: BOB });
  };
  const actionOf = (incidentId: string) => slack.prisma.actionItem.findFirstOrThrow({ where: { incidentId } });
  const ticketLines = (channelId: string) =>
    slack.linesIn(channelId).filter((line) => / in (Jira|Linear|GitHub)\b/.test(line));

  it('opens one Jira ticket for an action item, and takes reassignment, a new due date and done back once each', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    // Jira's rate limit on the first try: the outbox tries again, and one ticket is opened.
    slack.jira.failNext(429, 1, '1');
    await slack.type(`action Add an alert on checkout 5xx <@${BOB}|bob> kind:alarm`, { userId: ALICE, channelId });
    await slack.allDone();

    expect(slack.jira.issues).toHaveLength(1);
    const [issue] = slack.jira.issues;
    if (!issue) throw new Error('no ticket');
    // Bob works in Los Angeles: due Monday 30 November there.
    expect(issue).toMatchObject({
      key: 'PAY-1',
      summary: 'Add an alert on checkout 5xx',
      labels: expect.arrayContaining(['incident', 'star-alarm']),
      assigneeId: slack.jira.accountIdOf('bob@acme.example'),
      duedate: '2026-11-30',
    });
    const action = await actionOf(incident.id);
    expect(action).toMatchObject({
      trackerKind: 'jira',
      trackerKey: 'PAY-1',
      trackerUrl: 'https://acme.atlassian.net/browse/PAY-1',
    });
    expect(slack.linesIn(channelId)).toContain(
      ':ticket: *Add an alert on checkout 5xx* is <https://acme.atlassian.net/browse/PAY-1|PAY-1> in Jira now; closing, reassigning or moving it there does the same here.',
    );
    // What Jira sends about sitrep's own ticket changes nothing.
    for (const own of slack.jira.takeDeliveries()) {
      const answer = await slack.deliver('/webhooks/jira', own);
      expect(answer.status === 202 || JSON.stringify(answer.body) === '{"outcome":"in_step"}').toBe(true);
    }
    const writesBefore = slack.writesTo(slack.jira.requests).length;

    // Alice takes it over in Jira: she owns it in Slack, due the same calendar day in her zone (Paris).
    const reassigned = slack.jira.reassign({ key: 'PAY-1', by: 'alice@acme.example', to: 'alice@acme.example' });
    expect(await slack.deliverThrice('/webhooks/jira', reassigned)).toEqual([
      { outcome: 'applied' },
      { outcome: 'duplicate' },
      { outcome: 'duplicate' },
    ]);
    expect(await actionOf(incident.id)).toMatchObject({
      ownerId: ALICE,
      ownerTimeZone: 'Europe/Paris',
      dueAt: new Date('2026-11-30T22:59:59.999Z'),
    });

    // A new due date in Jira moves the due day and the reminders.
    const moved = slack.jira.changeDueDate({ key: 'PAY-1', by: 'alice@acme.example', dueDate: '2026-12-04' });
    expect((await slack.deliverThrice('/webhooks/jira', moved))[0]).toEqual({ outcome: 'applied' });
    const afterMove = await actionOf(incident.id);
    expect(afterMove.dueAt).toEqual(new Date('2026-12-04T22:59:59.999Z'));
    // The business day before, at 09:00 in Paris.
    expect(afterMove.nextReminderAt).toEqual(new Date('2026-12-03T08:00:00Z'));

    // Done in Jira closes it, and its reminders stop: three deliveries at the same moment act once.
    const done = slack.jira.closeAsDone({ key: 'PAY-1', by: 'alice@acme.example' });
    const atOnce = await Promise.all([1, 2, 3].map(() => slack.deliver('/webhooks/jira', done)));
    expect(atOnce.map((answer) => JSON.stringify(answer.body)).toSorted()).toEqual([
      '{"outcome":"applied"}',
      '{"outcome":"duplicate"}',
      '{"outcome":"duplicate"}',
    ]);
    expect(await actionOf(incident.id)).toMatchObject({ status: 'done', nextReminderAt: null, closedBy: null });
    await slack.allDone();

    expect(ticketLines(channelId)).toEqual([
      ':ticket: *Add an alert on checkout 5xx* is <https://acme.atlassian.net/browse/PAY-1|PAY-1> in Jira now; closing, reassigning or moving it there does the same here.',
      `*Add an alert on checkout 5xx* was assigned to <@${ALICE}> in Jira (PAY-1) by Alice Martin, due Mon 30 Nov 2026.`,
      '*Add an alert on checkout 5xx* is due Fri 4 Dec 2026 now: moved in Jira (PAY-1) by Alice Martin.',
      ':white_check_mark: *Add an alert on checkout 5xx* was closed as done in Jira (PAY-1) by Alice Martin.',
    ]);
    expect(slack.dmsTo(ALICE)).toContain(
      ':clipboard: You own an action item of incident 1: *Add an alert on checkout 5xx*, due Mon 30 Nov 2026.',
    );
    // Nothing went back to Jira: what came from it is not written to it again.
    expect(slack.writesTo(slack.jira.requests)).toHaveLength(writesBefore);
  }, 60_000);

  it('transitions the ticket when the action is done or won’t do in Slack, and what Jira then sends changes nothing', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type(`action Fix the retry storm <@${BOB}|bob> kind:fix`, { userId: ALICE, channelId });
    await slack.type(`action Page on checkout latency <@${BOB}|bob>`, { userId: ALICE, channelId });
    await slack.allDone();
    expect(slack.jira.issues.map((issue) => issue.key)).toEqual(['PAY-1', 'PAY-2']);
    slack.jira.takeDeliveries();

    const list = await slack.ask('actions', { channelId });
    const [fix, page] = await slack.prisma.actionItem.findMany({
      where: { incidentId: incident.id },
      orderBy: { createdAt: 'asc' },
    });
    if (!fix || !page) throw new Error('two action items expected');
    await slack.click(buttonOf(list.buttons, ACTIONS.actionDone, fix.id), { channelId });
    await slack.allDone();
    expect(slack.jira.issue('PAY-1')).toMatchObject({ status: { category: 'done' } });
    expect(slack.jira.issue('PAY-2')).toMatchObject({ status: { category: 'new' } });

    // Snooze and reassign in Slack move the ticket's due date and assignee.
    const snoozable = await slack.ask('actions', { channelId });
    await slack.click(buttonOf(snoozable.buttons, ACTIONS.actionSnooze, page.id), { channelId });
    const reassignable = await slack.ask('actions', { channelId });
    const form = await slack.openForm(buttonOf(reassignable.buttons, ACTIONS.actionReassign, page.id), { channelId });
    await slack.submit({
      callbackId: VIEWS.reassignAction,
      privateMetadata: form.private_metadata,
      values: { [BLOCKS.actionOwner]: { [ACTIONS.actionOwner]: { type: 'users_select', selected_user: CAROL } } },
    });
    await slack.allDone();
    // Due Monday 30 November in Los Angeles, snoozed to Tuesday 1 December, kept as that day in Carol's Paris.
    expect(slack.jira.issue('PAY-2')).toMatchObject({
      duedate: '2026-12-01',
      assigneeId: slack.jira.accountIdOf('carol@acme.example'),
    });

    const linesBefore = slack.linesIn(channelId).length;
    const echoes = slack.jira.takeDeliveries();
    expect(echoes.length).toBeGreaterThan(0);
    for (const echo of echoes) {
      const answer = await slack.deliver('/webhooks/jira', echo);
      expect(answer.status === 202 || (answer.body as { outcome: string }).outcome === 'in_step').toBe(true);
    }
    await slack.allDone();
    expect(slack.linesIn(channelId)).toHaveLength(linesBefore);
  }, 60_000);

  it('refuses a forged Jira delivery and changes nothing', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type(`action Add an alert on checkout 5xx <@${BOB}|bob>`, { userId: ALICE, channelId });
    await slack.allDone();
    const done = slack.jira.closeAsDone({ key: 'PAY-1', by: 'alice@acme.example' });
    const forged = {
      headers: { ...done.headers, 'x-hub-signature': signDeployBody('not-the-secret', done.body) },
      body: done.body,
    };
    expect((await slack.deliver('/webhooks/jira', forged)).status).toBe(401);
    const unsigned = { headers: { 'content-type': 'application/json' }, body: done.body };
    expect((await slack.deliver('/webhooks/jira', unsigned)).status).toBe(401);
    expect(await actionOf(incident.id)).toMatchObject({ status: 'open' });
    expect(await slack.prisma.trackerDelivery.count()).toBe(0);
  }, 60_000);

  it('opens a GitHub issue for an incident of a service without a tracker of its own, and takes “not planned” back once', async () => {
    await start();
    const { incident, channelId } = await slack.declare({
      userId: ALICE,
      text: 'declare sev3 docs-site: Help centre is down',
    });
    await slack.type(`action Cache the help centre <@${BOB}|bob> kind:fix`, { userId: ALICE, channelId });
    await slack.allDone();
    expect(slack.github.issues).toHaveLength(1);
    const [issue] = slack.github.issues;
    expect(issue).toMatchObject({
      repository: 'acme/incidents',
      number: 1,
      title: 'Cache the help centre',
      labels: expect.arrayContaining(['incident-follow-up', 'star-fix']),
      assignees: ['bob-r'],
      state: 'open',
    });
    expect(issue?.body).toContain('Due: 2026-11-30');
    expect(await actionOf(incident.id)).toMatchObject({ trackerKind: 'github', trackerKey: 'acme/incidents#1' });

    const cancelled = slack.github.cancel({ key: 'acme/incidents#1', by: 'alice-m' });
    expect(await slack.deliverThrice('/webhooks/github', cancelled)).toEqual([
      { outcome: 'applied' },
      { outcome: 'duplicate' },
      { outcome: 'duplicate' },
    ]);
    expect(await actionOf(incident.id)).toMatchObject({
      status: 'wont_do',
      wontDoReason: 'Cancelled in GitHub (acme/incidents#1), no reason given',
      nextReminderAt: null,
    });
    await slack.allDone();
    expect(ticketLines(channelId)).toContain(
      "*Cache the help centre* was cancelled in GitHub (acme/incidents#1) by alice-m, so it won't be done.",
    );
  }, 60_000);

  it('links an existing ticket given with tracker:<url> instead of opening one, and keeps it in step', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    // A ticket somebody opened in Jira before the incident (through the API, as a person's browser would).
    const created = await fetch('https://acme.atlassian.net/rest/api/3/issue', {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('sitrep-bot@acme.example:ATATT3xFfGF0-fake-jira-api-token-7c1e').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        fields: { project: { key: 'PAY' }, summary: 'Retry storms', issuetype: { name: 'Task' } },
      }),
    });
    expect(created.status).toBe(201);
    await slack.type(`action Stop retry storms <@${BOB}|bob> tracker:<https://acme.atlassian.net/browse/PAY-1>`, {
      userId: ALICE,
      channelId,
    });
    await slack.allDone();
    expect(slack.jira.issues).toHaveLength(1);
    expect(await actionOf(incident.id)).toMatchObject({ trackerKind: 'jira', trackerKey: 'PAY-1' });
    // sitrep's owner and due date go to the linked ticket.
    expect(slack.jira.issue('PAY-1')).toMatchObject({
      assigneeId: slack.jira.accountIdOf('bob@acme.example'),
      duedate: '2026-11-30',
    });
  }, 60_000);

  it('opens a Linear issue for search, says so when its assignee is nobody Slack knows, and takes a cancel back once', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE, text: 'declare sev2 search: Search is slow' });
    await slack.type(`action Shard the index <@${BOB}|bob> kind:fix`, { userId: ALICE, channelId });
    await slack.allDone();
    expect(slack.linear.ticket('SRCH-1')).toMatchObject({
      title: 'Shard the index',
      stateType: 'unstarted',
      assigneeEmail: 'bob@acme.example',
      dueDate: '2026-11-30',
      labels: ['star-fix'],
    });
    expect(await actionOf(incident.id)).toMatchObject({ trackerKind: 'linear', trackerKey: 'SRCH-1' });
    for (const own of slack.linear.takeDeliveries()) {
      const answer = await slack.deliver('/webhooks/linear', own);
      expect(answer.status === 202 || (answer.body as { outcome: string }).outcome === 'in_step').toBe(true);
    }

    // Zed has no Slack account: the owner stays, and the channel says why.
    const toZed = slack.linear.reassign('SRCH-1', { by: 'alice@acme.example', to: 'zed@acme.example' });
    expect((await slack.deliver('/webhooks/linear', toZed)).body).toEqual({ outcome: 'applied' });
    expect(await actionOf(incident.id)).toMatchObject({ ownerId: BOB });

    const cancelled = slack.linear.cancel('SRCH-1', { by: 'alice@acme.example', reason: 'Replaced by a new index' });
    expect(await slack.deliverThrice('/webhooks/linear', cancelled)).toEqual([
      { outcome: 'applied' },
      { outcome: 'duplicate' },
      { outcome: 'duplicate' },
    ]);
    expect(await actionOf(incident.id)).toMatchObject({
      status: 'wont_do',
      wontDoReason: 'Cancelled in Linear (SRCH-1), no reason given',
    });
    await slack.allDone();
    expect(ticketLines(channelId)).toEqual([
      ':ticket: *Shard the index* is <https://linear.app/acme/issue/SRCH-1/shard-the-index|SRCH-1> in Linear now; closing, reassigning or moving it there does the same here.',
      `:warning: *Shard the index* was assigned to Zed Outsider in Linear (SRCH-1) by Alice Martin, whom I cannot find in Slack by email; it stays with <@${BOB}>.`,
      "*Shard the index* was cancelled in Linear (SRCH-1) by Alice Martin, so it won't be done.",
    ]);
  }, 60_000);

  it('lets a late echo of its own change be, even after a newer change in Slack', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type(`action Add an alert on checkout 5xx <@${BOB}|bob>`, { userId: ALICE, channelId });
    await slack.allDone();
    slack.jira.takeDeliveries();
    const [action] = await slack.prisma.actionItem.findMany({ where: { incidentId: incident.id } });
    if (!action) throw new Error('no action item');
    const reassign = async (to: string) => {
      const list = await slack.ask('actions', { channelId });
      const form = await slack.openForm(buttonOf(list.buttons, ACTIONS.actionReassign, action.id), { channelId });
      await slack.submit({
        callbackId: VIEWS.reassignAction,
        privateMetadata: form.private_metadata,
        values: { [BLOCKS.actionOwner]: { [ACTIONS.actionOwner]: { type: 'users_select', selected_user: to } } },
      });
      await slack.allDone();
    };
    await reassign(CAROL);
    const toCarol = slack.jira.takeDeliveries();
    await reassign(ALICE);
    expect(slack.jira.issue('PAY-1')?.assigneeId).toBe(slack.jira.accountIdOf('alice@acme.example'));
    // Jira's delivery of sitrep's hand-over to Carol arrives only now: it is sitrep's own, and changes nothing.
    expect(toCarol.length).toBeGreaterThan(0);
    for (const late of toCarol) {
      const answer = await slack.deliver('/webhooks/jira', late);
      expect(answer.status === 202 || JSON.stringify(answer.body) === '{"outcome":"in_step"}').toBe(true);
    }
    expect(await actionOf(incident.id)).toMatchObject({ ownerId: ALICE });
  }, 60_000);

  it('refuses to link a ticket another action item has, and answers 503 while Slack cannot say who an assignee is', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type(`action Add an alert on checkout 5xx <@${BOB}|bob>`, { userId: ALICE, channelId });
    await slack.allDone();
    const refused = await slack.type(
      `action Another take <@${BOB}|bob> tracker:<https://acme.atlassian.net/browse/PAY-1>`,
      { userId: ALICE, channelId },
    );
    expect(refused).toBe(
      "PAY-1 is the ticket of *Add an alert on checkout 5xx* (incident 1) already; link another ticket, or leave `tracker:` out and I'll open one.",
    );
    expect(await slack.prisma.actionItem.count({ where: { incidentId: incident.id } })).toBe(1);

    slack.fake.failWith({ status: 503 }, { methods: ['users.lookupByEmail'], count: 10 });
    const reassigned = slack.jira.reassign({ key: 'PAY-1', by: 'alice@acme.example', to: 'alice@acme.example' });
    expect((await slack.deliver('/webhooks/jira', reassigned)).status).toBe(503);
    expect(await actionOf(incident.id)).toMatchObject({ ownerId: BOB });
    slack.fake.recover();
    // Jira delivers again, and the change is taken then.
    expect((await slack.deliver('/webhooks/jira', reassigned)).body).toEqual({ outcome: 'applied' });
    expect(await actionOf(incident.id)).toMatchObject({ ownerId: ALICE });
  }, 60_000);
});
