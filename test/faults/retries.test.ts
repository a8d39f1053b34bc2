import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { eventCallbackBody, type SlackRequestBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { buttonOf, retryHeaders, type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
const { general: GENERAL, announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

// sitrep's clock: Monday 23 November 2026, 10:00 in Paris, running at the real pace from where a test sets it.
const MONDAY_MORNING = new Date('2026-11-23T09:00:00Z');

describe.each(databaseKinds)('Slack delivering the same thing several times, on %s', (kind) => {
  // Alice types in #general unless a step says otherwise.
  let slack: SlackTest;
  const clock = createTestClock(MONDAY_MORNING);

  beforeAll(async () => {
    // One server for the whole file: starting one takes seconds here. Each test has an incident of its own.
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200, now: clock.now, reminderEveryMs: 25 });
  });
  afterAll(async () => {
    await slack.close();
  });

  /**
   * Delivers a request as an unlucky Slack does: the original and its first retry at once (the original was still
   * being handled when Slack gave up waiting), then the second retry, then the same delivery again without retry
   * headers.
   */
  const deliverFourTimes = async (request: SlackRequestBody, { handled }: { handled: () => Promise<boolean> }) => {
    await Promise.all([slack.deliver(request), slack.deliver({ ...request, headers: retryHeaders(1) })]);
    await until(handled, 'the first delivery to be handled');
    await slack.deliver({ ...request, headers: retryHeaders(2) });
    await slack.deliver(request);
  };

  const deliverEvent = (event: { type: string } & Record<string, unknown>, eventId: string) =>
    deliverFourTimes(eventCallbackBody({ event, eventId }), { handled: slack.eventHandled(eventId) });

  const settled = () => slack.settled(20_000);

  /** Sends the same slash command twice at once; returns both answers, in the order they came. */
  const typeTwice = async (text: string, who: { channelId: string; userId?: string }) => {
    const command = slack.slashCommand(text, who);
    await Promise.all([slack.deliver(command.request), slack.deliver(command.request)]);
    await until(() => command.replies().length === 2, `both answers to "/incident ${text}"`);
    return command.replies().map((reply) => reply.text);
  };

  /** Declares with a request that arrives twice; returns the incident once its channel is ready, and both answers. */
  const declare = async (title: string) => {
    const answers = await typeTwice(`declare sev2 checkout-api: ${title}`, { channelId: GENERAL });
    await settled();
    const incident = await slack.prisma.incident.findFirstOrThrow({ where: { title } });
    if (!incident.channelId) throw new Error('no channel');
    return { incident, channelId: incident.channelId, answers };
  };

  const duplicatesIn = (items: string[]) => items.filter((item, i) => items.indexOf(item) !== i);

  /** Nothing Slack was told about the incident, nor anything sitrep means to tell it, appears twice. */
  const expectNoDuplicates = async ({ incidentId, channelId }: { incidentId: string; channelId: string }) => {
    const actionIds = (await slack.prisma.actionItem.findMany({ where: { incidentId } })).map((a) => a.id);
    const messages = await slack.prisma.outboxMessage.findMany({
      where: { orderingKey: { in: [`incident:${incidentId}`, ...actionIds.map((id) => `action:${id}`)] } },
    });
    // A refresh shows the incident as it is when it runs: several are expected, one per change.
    const once = messages
      .filter((m) => !['incident.refresh', 'postmortem.sync_actions'].includes(m.kind))
      .map((m) => JSON.stringify(m.payload));
    expect(duplicatesIn(once)).toEqual([]);
    const entries = (await slack.prisma.timelineEntry.findMany({ where: { incidentId } })).map((e) => e.text);
    expect(duplicatesIn(entries)).toEqual([]);
    expect(duplicatesIn(slack.linesIn(channelId))).toEqual([]);
    expect(slack.pinsIn(channelId)).toHaveLength(1);
    expect(duplicatesIn(slack.linesIn(ANNOUNCEMENTS).filter((line) => line.includes(`<#${channelId}>`)))).toEqual([]);
    expect(await slack.prisma.outboxMessage.count({ where: { status: 'dead' } })).toBe(0);
  };

  it('declares once from the modal when its submission arrives four times', async () => {
    const submission = slack.declareSubmission({
      title: 'Search is slow',
      severity: '2',
      services: ['search'],
      viewId: 'V0DECLARE9',
    });
    await Promise.all([
      slack.deliver(submission),
      slack.deliver({ ...submission, headers: retryHeaders(1) }),
      slack.deliver({ ...submission, headers: retryHeaders(2) }),
      slack.deliver(submission),
    ]);
    await until(async () => (await slack.prisma.incident.count({ where: { title: 'Search is slow' } })) === 1, 'it');
    await settled();
    expect(await slack.prisma.incident.count({ where: { title: 'Search is slow' } })).toBe(1);
    const incident = await slack.prisma.incident.findFirstOrThrow({ where: { title: 'Search is slow' } });
    const channelId = incident.channelId ?? '';
    expect(
      slack.fake
        .callsTo('conversations.create')
        .filter((c) => c.ok && String(c.params.name).includes('search-is-slow')),
    ).toHaveLength(1);
    // The bot is not in #general, so the declarer hears of it in a direct message: once.
    await until(() => slack.dmsTo(ALICE).length > 0, 'the confirmation');
    expect(slack.dmsTo(ALICE).filter((text) => text.includes('Search is slow'))).toHaveLength(1);
    expect(
      slack.linesIn(ANNOUNCEMENTS).filter((line) => line.includes(`Incident ${incident.number} declared`)),
    ).toHaveLength(1);
    await expectNoDuplicates({ incidentId: incident.id, channelId });
  });

  it('runs a slash command once when the same request (same trigger_id) arrives twice at once', async () => {
    const { incident, channelId, answers } = await declare('Checkout is down');
    expect(answers.toSorted()).toEqual([
      `:rotating_light: Declared incident ${incident.number} (SEV2): Checkout is down. I'm opening its channel and inviting you; you are the lead until someone else takes over.`,
      `Incident ${incident.number} was already declared from this request.`,
    ]);
    expect(await slack.prisma.incident.count({ where: { title: 'Checkout is down' } })).toBe(1);
    const inChannel = { channelId };

    expect(await typeTwice('note Rolled back the canary', inChannel)).toEqual([
      `Noted on the timeline of incident ${incident.number}.`,
      `Noted on the timeline of incident ${incident.number}.`,
    ]);
    const impact = slack.slashCommand('impact outage', inChannel);
    const impactAnswers = () => impact.replies().map((reply) => reply.text);
    await Promise.all([slack.deliver(impact.request), slack.deliver(impact.request)]);
    await until(() => impactAnswers().length === 2, 'both answers to "/incident impact outage"');
    expect(impactAnswers().toSorted()).toEqual([
      expect.stringMatching(/^Recorded an outage of checkout-api from /),
      'That impact change was already recorded from this request.',
    ]);
    // A third copy, after both were answered, is not taken for a second outage clashing with the first.
    await slack.deliver(impact.request);
    await until(() => impactAnswers().length === 3, 'the answer to a late copy');
    expect(impactAnswers()[2]).toBe('That impact change was already recorded from this request.');
    const added = await typeTwice(`action Add an alert <@${BOB}|bob>`, inChannel);
    // The copy that lost the race is told it was already added.
    expect(added.toSorted()).toEqual([
      expect.stringMatching(/^:clipboard: Added to incident/),
      'That action item was already added from this request: *Add an alert*.',
    ]);
    // The copy that lost the race answers as a repeated request would; nothing is written twice.
    expect((await typeTwice('status identified', inChannel)).toSorted()).toEqual([
      `Incident ${incident.number} is already identified.`,
      `Incident ${incident.number} is now identified.`,
    ]);
    await settled();

    const entries = await slack.prisma.timelineEntry.findMany({
      where: { incidentId: incident.id },
      orderBy: { recordedAt: 'asc' },
    });
    expect(entries.map((e) => `${e.source}: ${e.text}`)).toEqual([
      `lifecycle: <@${ALICE}> declared a SEV2 incident: Checkout is down`,
      'command: Rolled back the canary',
      `impact: <@${ALICE}> recorded an outage of checkout-api.`,
      expect.stringMatching(/^command: <@U05ALICE01> added an action item: \*Add an alert\*, owner <@U05BOB0002>/),
      `lifecycle: <@${ALICE}> changed the status from *Investigating* to *Identified*.`,
    ]);
    expect(await slack.prisma.impactWindow.count({ where: { incidentId: incident.id } })).toBe(1);
    expect(await slack.prisma.actionItem.count({ where: { incidentId: incident.id } })).toBe(1);
    expect(slack.linesIn(channelId).slice(1)).toEqual([
      `:memo: <@${ALICE}> noted: Rolled back the canary`,
      expect.stringMatching(/^:red_circle: <@U05ALICE01> recorded an outage of checkout-api from /),
      expect.stringMatching(/^<@U05ALICE01> added an action item: \*Add an alert\*, owner <@U05BOB0002>/),
      `<@${ALICE}> changed the status from *Investigating* to *Identified*.`,
    ]);
    await expectNoDuplicates({ incidentId: incident.id, channelId });
  });

  it('changes the severity and the lead once when the same request arrives twice at once', async () => {
    const { incident, channelId } = await declare('Carts are emptied');
    const inChannel = { channelId };

    // The copy that lost the race answers as a repeated request would.
    expect((await typeTwice('sev 1', inChannel)).toSorted()).toEqual([
      `Incident ${incident.number} is already SEV1.`,
      `Incident ${incident.number} is now SEV1.`,
    ]);
    expect((await typeTwice(`lead <@${BOB}|bob>`, inChannel)).toSorted()).toEqual([
      `<@${BOB}> is already the incident lead.`,
      `<@${BOB}> is now the incident lead of incident ${incident.number}.`,
    ]);
    await settled();

    const entries = await slack.prisma.timelineEntry.findMany({
      where: { incidentId: incident.id },
      orderBy: { recordedAt: 'asc' },
    });
    expect(entries.map((e) => e.text)).toEqual([
      `<@${ALICE}> declared a SEV2 incident: Carts are emptied`,
      `<@${ALICE}> changed the severity from *SEV2* to *SEV1*.`,
      `<@${ALICE}> made <@${BOB}> the incident lead (taking over from <@${ALICE}>).`,
    ]);
    expect(await slack.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      severity: 1,
    });
    await expectNoDuplicates({ incidentId: incident.id, channelId });
  });

  it('captures, follows and lets go of a 📌 once however often Slack delivers each event, and shows App Home once', async () => {
    const { incident, channelId } = await declare('Payments are timing out');
    const entries = () =>
      slack.prisma.timelineEntry.findMany({ where: { incidentId: incident.id, source: 'reaction' } });
    const first = slack.fake.addMessage({ channel: channelId, user: BOB, text: 'DB failover started' });
    await deliverEvent(slack.pinEvent(first, ALICE), 'EvPINFIRST');
    expect((await entries()).map((e) => e.text)).toEqual(['DB failover started']);

    await deliverEvent(slack.editEvent(first, { text: 'DB failover started (db-2)' }), 'EvEDITFIRST');
    expect((await entries()).map((e) => e.text)).toEqual(['DB failover started (db-2)']);

    await deliverEvent(slack.deleteEvent(first), 'EvDELFIRST');
    expect((await entries()).map((e) => e.deletedAt !== null)).toEqual([true]);

    const second = slack.fake.addMessage({ channel: channelId, user: BOB, text: 'Replica lag is back to 0' });
    await deliverEvent(slack.pinEvent(second, ALICE), 'EvPINSECOND');
    expect(await entries()).toHaveLength(2);
    await deliverEvent(slack.unpinEvent(second, ALICE), 'EvUNPINSECOND');
    expect((await entries()).map((e) => e.text)).toEqual(['DB failover started (db-2)']);
    // Each event was read from Slack by at most the two deliveries that overlapped, never by the later ones.
    expect(slack.fake.callsTo('reactions.get').length).toBeLessThanOrEqual(6);

    const publishes = () => slack.fake.callsTo('views.publish').filter((c) => c.params.user_id === BOB);
    const before = publishes().length;
    const homeOpened = eventCallbackBody({
      eventId: 'EvHOMEBOB',
      event: { type: 'app_home_opened', user: BOB, channel: 'D0BOB', tab: 'home' },
    });
    await slack.deliver(homeOpened);
    await until(slack.eventHandled('EvHOMEBOB'), 'home');
    await slack.deliver({ ...homeOpened, headers: retryHeaders(1) });
    await slack.deliver({ ...homeOpened, headers: retryHeaders(2) });
    await slack.deliver(homeOpened);
    await until(() => publishes().length > before, 'the Home tab');
    expect(slack.homeTab(BOB)).toContain('Payments are timing out');
    await settled();
    expect(publishes().length - before).toBe(1);
    await expectNoDuplicates({ incidentId: incident.id, channelId });
  });

  it('marks an action done once when Slack resends the click, and sends each reminder once until then', async () => {
    const { incident, channelId } = await declare('Orders are lost');
    const added = await typeTwice(`action Alert on lost orders <@${BOB}|bob>`, { channelId });
    expect(added.filter((text) => text.startsWith(':clipboard:'))).toEqual([
      expect.stringMatching(/Due Mon 30 Nov 2026, reminders included\.$/),
    ]);
    // Another action, left open: its reminders show that the sweeps ran.
    await typeTwice(`action Replay the lost orders <@${BOB}|bob>`, { channelId });
    await settled();
    const actionOf = (title: string) =>
      slack.prisma.actionItem.findFirstOrThrow({ where: { incidentId: incident.id, title } });
    const action = await actionOf('Alert on lost orders');
    const other = await actionOf('Replay the lost orders');
    expect(await slack.prisma.actionItem.count({ where: { incidentId: incident.id } })).toBe(2);
    const keysOf = async (actionId: string) =>
      (
        await slack.prisma.outboxMessage.findMany({
          where: { dedupeKey: { startsWith: `reminder:${actionId}:` } },
          orderBy: { sequence: 'asc' },
        })
      ).map((m) => m.dedupeKey.replace(`reminder:${actionId}:`, ''));
    /** Moves sitrep's clock; the sweep runs every 25 ms, so many sweeps see each instant. */
    const at = async (instant: string, expected: string[]) => {
      clock.set(instant);
      await until(async () => (await keysOf(other.id)).length === expected.length, `the reminders by ${instant}`);
      await settled();
      expect(await keysOf(other.id)).toEqual(expected);
    };
    await at('2026-11-27T17:00:30Z', ['day_before:2026-11-27']);
    await at('2026-11-30T17:00:30Z', ['day_before:2026-11-27', 'due:2026-11-30']);
    expect(await keysOf(action.id)).toEqual(['day_before:2026-11-27', 'due:2026-11-30']);
    const dmsAbout = (title: string) => slack.directMessagesTo(BOB).filter((dm) => dm.text.includes(title));
    const reminders = () =>
      dmsAbout('Alert on lost orders')
        .map((dm) => dm.text)
        .filter((text) => text.startsWith(':alarm_clock:'));
    expect(reminders()).toEqual([
      `:alarm_clock: Tomorrow is the due day of *Alert on lost orders* (incident ${incident.number}): Mon 30 Nov 2026.`,
      `:alarm_clock: *Alert on lost orders* (incident ${incident.number}) is due today, Mon 30 Nov 2026.`,
    ]);

    // Done, from the due-day reminder's own button, clicked once and delivered four times.
    const dm = dmsAbout('Alert on lost orders').at(-1);
    if (!dm) throw new Error('no reminder');
    const click = slack.buttonClick(buttonOf(dm.buttons, ACTIONS.actionDone), { userId: BOB, channelId: dm.channel });
    const clickAnswers = () => click.replies().map((reply) => reply.text);
    await deliverFourTimes(click.request, { handled: async () => clickAnswers().length > 0 });
    await until(() => clickAnswers().length === 4, 'an answer to each delivery');
    expect(clickAnswers().filter((text) => text.includes('is done. Thank you!'))).toHaveLength(1);
    expect(await slack.prisma.actionItem.findUniqueOrThrow({ where: { id: action.id } })).toMatchObject({
      status: 'done',
      closedBy: BOB,
      nextReminderAt: null,
    });
    await settled();
    expect(
      slack.linesIn(channelId).filter((line) => line.includes('*Alert on lost orders*') && /done/.test(line)),
    ).toEqual([`:white_check_mark: <@${BOB}> marked *Alert on lost orders* done.`]);

    // Overdue the next day: the open action is reminded, the done one is not.
    await at('2026-12-01T17:00:30Z', ['day_before:2026-11-27', 'due:2026-11-30', 'overdue:2026-12-01']);
    expect(await keysOf(action.id)).toEqual(['day_before:2026-11-27', 'due:2026-11-30']);
    expect(reminders()).toHaveLength(2);
    await expectNoDuplicates({ incidentId: incident.id, channelId });
  });
});
