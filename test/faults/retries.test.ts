import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import type { FakeMessage } from '../../demo/fake-slack/fake-slack-types.ts';
import {
  blockActionsBody,
  eventCallbackBody,
  inputValue,
  type SlackRequestBody,
  slashCommandBody,
  viewSubmissionBody,
} from '../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
const { general: GENERAL, announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

// sitrep's clock: Monday 23 November 2026, 10:00 in Paris, running at the real pace from where a test sets it.
const MONDAY_MORNING = new Date('2026-11-23T09:00:00Z');

/** Slack's retries of a delivery it did not hear back about in time: the same body, with the retry headers. */
const retryHeaders = (retryNum: number) => ({
  'x-slack-retry-num': String(retryNum),
  'x-slack-retry-reason': 'http_timeout',
});

const ZText = z.looseObject({ text: z.string() });
const ZButtons = z.looseObject({
  blocks: z.array(
    z.looseObject({
      elements: z.array(z.looseObject({ action_id: z.string().optional(), value: z.string().optional() })).optional(),
    }),
  ),
});

describe.each(databaseKinds)('Slack delivering the same thing several times, on %s', (kind) => {
  let server: TestServer;
  let offsetMs = 0;
  const setClock = (instant: Date) => {
    offsetMs = instant.getTime() - Date.now();
  };
  const clock = () => new Date(Date.now() + offsetMs);

  beforeAll(async () => {
    setClock(MONDAY_MORNING);
    // One server for the whole file: starting one takes seconds here. Each test has an incident of its own.
    server = await startTestServer(kind, { maxRetryBackoffMs: 200, now: clock, reminderEveryMs: 25 });
  });
  afterAll(async () => {
    await server.close();
  });

  const fake = () => server.slack.fake;
  const prisma = () => server.database.prisma;

  const send = async (request: SlackRequestBody & { headers?: Record<string, string> }) => {
    const res = await server.sendToSlackEndpoint(request);
    expect(res.status).toBe(200);
    return res;
  };

  /**
   * Delivers a request as an unlucky Slack does: the original and its first retry at once (the original was still
   * being handled when Slack gave up waiting), then the second retry, then the same delivery again without retry
   * headers.
   */
  const deliverFourTimes = async (request: SlackRequestBody, { handled }: { handled: () => Promise<boolean> }) => {
    await Promise.all([send(request), send({ ...request, headers: retryHeaders(1) })]);
    await until(handled, 'the first delivery to be handled');
    await send({ ...request, headers: retryHeaders(2) });
    await send(request);
  };

  const deliverEvent = (event: { type: string } & Record<string, unknown>, eventId: string) =>
    deliverFourTimes(eventCallbackBody({ event, eventId }), {
      handled: async () => (await prisma().processedSlackEvent.count({ where: { eventId } })) === 1,
    });

  const settled = () =>
    until(
      async () => (await prisma().outboxMessage.count({ where: { status: 'pending' } })) === 0,
      'the outbox to drain',
      20_000,
    );

  /** `/incident <text>` as `userId`, with a fixed trigger id and response URL so that it can be sent again as is. */
  const command = (text: string, { channelId, userId = ALICE }: { channelId: string; userId?: string }) => {
    const responseUrl = fake().newResponseUrl({ channel: channelId, user: userId });
    return {
      request: slashCommandBody({
        command: '/incident',
        text,
        userId,
        channelId,
        responseUrl,
        triggerId: fake().newTriggerId(userId),
      }),
      answers: () =>
        fake()
          .responses.filter((r) => r.url === responseUrl)
          .map((r) => ZText.parse(r.body).text),
    };
  };

  /** Sends the same slash command twice at once; returns both answers, in the order they came. */
  const typeTwice = async (text: string, options: { channelId: string; userId?: string }) => {
    const { request, answers } = command(text, options);
    await Promise.all([send(request), send(request)]);
    await until(() => answers().length === 2, `both answers to "/incident ${text}"`);
    return answers();
  };

  /** Declares with a request that arrives twice; returns the incident once its channel is ready, and both answers. */
  const declare = async (title: string) => {
    const answers = await typeTwice(`declare sev2 checkout-api: ${title}`, { channelId: GENERAL });
    await settled();
    const incident = await prisma().incident.findFirstOrThrow({ where: { title } });
    if (!incident.channelId) throw new Error('no channel');
    return { incident, channelId: incident.channelId, answers };
  };

  const linesIn = (channelId: string) =>
    fake()
      .messagesIn(channelId)
      .filter((m) => m.subtype === undefined && m.files === undefined && m.bot_id !== undefined)
      .map((m) => m.text);

  const duplicatesIn = (items: string[]) => items.filter((item, i) => items.indexOf(item) !== i);

  /** Nothing Slack was told about the incident, nor anything sitrep means to tell it, appears twice. */
  const expectNoDuplicates = async ({ incidentId, channelId }: { incidentId: string; channelId: string }) => {
    const actionIds = (await prisma().actionItem.findMany({ where: { incidentId } })).map((a) => a.id);
    const messages = await prisma().outboxMessage.findMany({
      where: { orderingKey: { in: [`incident:${incidentId}`, ...actionIds.map((id) => `action:${id}`)] } },
    });
    // A refresh shows the incident as it is when it runs: several are expected, one per change.
    const once = messages
      .filter((m) => !['incident.refresh', 'postmortem.sync_actions'].includes(m.kind))
      .map((m) => JSON.stringify(m.payload));
    expect(duplicatesIn(once)).toEqual([]);
    const entries = (await prisma().timelineEntry.findMany({ where: { incidentId } })).map((e) => e.text);
    expect(duplicatesIn(entries)).toEqual([]);
    expect(duplicatesIn(linesIn(channelId))).toEqual([]);
    expect(fake().state.pins.filter((p) => p.channel === channelId)).toHaveLength(1);
    expect(duplicatesIn(linesIn(ANNOUNCEMENTS).filter((line) => line.includes(`<#${channelId}>`)))).toEqual([]);
    expect(await prisma().outboxMessage.count({ where: { status: 'dead' } })).toBe(0);
  };

  it('declares once from the modal when its submission arrives four times', async () => {
    const submission = viewSubmissionBody({
      userId: ALICE,
      callbackId: VIEWS.declareIncident,
      viewId: 'V0DECLARE9',
      privateMetadata: JSON.stringify({ channelId: GENERAL }),
      values: {
        [BLOCKS.declareTitle]: { [ACTIONS.declareTitle]: inputValue.text('Search is slow') },
        [BLOCKS.declareSeverity]: { [ACTIONS.declareSeverity]: inputValue.select('2') },
        [BLOCKS.declareServices]: {
          [ACTIONS.declareServices]: {
            type: 'multi_static_select',
            selected_options: [{ text: { type: 'plain_text', text: 'search' }, value: 'search' }],
          },
        },
        [BLOCKS.declareDescription]: { [ACTIONS.declareDescription]: { type: 'plain_text_input', value: null } },
        [BLOCKS.declareImpactStartedAt]: {
          [ACTIONS.declareImpactStartedAt]: { type: 'datetimepicker', selected_date_time: null },
        },
      },
    });
    await Promise.all([
      send(submission),
      send({ ...submission, headers: retryHeaders(1) }),
      send({ ...submission, headers: retryHeaders(2) }),
      send(submission),
    ]);
    await until(async () => (await prisma().incident.count({ where: { title: 'Search is slow' } })) === 1, 'it');
    await settled();
    expect(await prisma().incident.count({ where: { title: 'Search is slow' } })).toBe(1);
    const incident = await prisma().incident.findFirstOrThrow({ where: { title: 'Search is slow' } });
    const channelId = incident.channelId ?? '';
    expect(
      fake()
        .callsTo('conversations.create')
        .filter((c) => c.ok && String(c.params.name).includes('search-is-slow')),
    ).toHaveLength(1);
    // The bot is not in #general, so the declarer hears of it in a direct message: once.
    const dm = fake().dmWith(ALICE);
    await until(() => fake().messagesIn(dm?.id ?? '').length > 0, 'the confirmation');
    expect(
      fake()
        .messagesIn(dm?.id ?? '')
        .filter((m) => m.text.includes('Search is slow')),
    ).toHaveLength(1);
    expect(linesIn(ANNOUNCEMENTS).filter((line) => line.includes(`Incident ${incident.number} declared`))).toHaveLength(
      1,
    );
    await expectNoDuplicates({ incidentId: incident.id, channelId });
  });

  it('runs a slash command once when the same request (same trigger_id) arrives twice at once', async () => {
    const { incident, channelId, answers } = await declare('Checkout is down');
    expect(answers.toSorted()).toEqual([
      `:rotating_light: Declared incident ${incident.number} (SEV2): Checkout is down. I'm opening its channel and inviting you; you are the lead until someone else takes over.`,
      `Incident ${incident.number} was already declared from this request.`,
    ]);
    expect(await prisma().incident.count({ where: { title: 'Checkout is down' } })).toBe(1);
    const inChannel = { channelId };

    expect(await typeTwice('note Rolled back the canary', inChannel)).toEqual([
      `Noted on the timeline of incident ${incident.number}.`,
      `Noted on the timeline of incident ${incident.number}.`,
    ]);
    const impact = command('impact outage', inChannel);
    await Promise.all([send(impact.request), send(impact.request)]);
    await until(() => impact.answers().length === 2, 'both answers to "/incident impact outage"');
    expect(impact.answers().toSorted()).toEqual([
      expect.stringMatching(/^Recorded an outage of checkout-api from /),
      'That impact change was already recorded from this request.',
    ]);
    // A third copy, after both were answered, is not taken for a second outage clashing with the first.
    await send(impact.request);
    await until(() => impact.answers().length === 3, 'the answer to a late copy');
    expect(impact.answers()[2]).toBe('That impact change was already recorded from this request.');
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

    const entries = await prisma().timelineEntry.findMany({
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
    expect(await prisma().impactWindow.count({ where: { incidentId: incident.id } })).toBe(1);
    expect(await prisma().actionItem.count({ where: { incidentId: incident.id } })).toBe(1);
    expect(linesIn(channelId).slice(1)).toEqual([
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

    const entries = await prisma().timelineEntry.findMany({
      where: { incidentId: incident.id },
      orderBy: { recordedAt: 'asc' },
    });
    expect(entries.map((e) => e.text)).toEqual([
      `<@${ALICE}> declared a SEV2 incident: Carts are emptied`,
      `<@${ALICE}> changed the severity from *SEV2* to *SEV1*.`,
      `<@${ALICE}> made <@${BOB}> the incident lead (taking over from <@${ALICE}>).`,
    ]);
    expect(await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ severity: 1 });
    await expectNoDuplicates({ incidentId: incident.id, channelId });
  });

  it('captures, follows and lets go of a 📌 once however often Slack delivers each event, and shows App Home once', async () => {
    const { incident, channelId } = await declare('Payments are timing out');
    const entries = () => prisma().timelineEntry.findMany({ where: { incidentId: incident.id, source: 'reaction' } });
    const reaction = (type: 'reaction_added' | 'reaction_removed', message: FakeMessage) => ({
      type,
      user: ALICE,
      reaction: 'pushpin',
      item: { type: 'message', channel: channelId, ts: message.ts },
      item_user: BOB,
      event_ts: `${Date.now() / 1000}`,
    });

    const first = fake().addMessage({ channel: channelId, user: BOB, text: 'DB failover started' });
    first.reactions.push({ name: 'pushpin', users: [ALICE] });
    await deliverEvent(reaction('reaction_added', first), 'EvPINFIRST');
    expect((await entries()).map((e) => e.text)).toEqual(['DB failover started']);

    await deliverEvent(
      {
        type: 'message',
        subtype: 'message_changed',
        channel: channelId,
        hidden: true,
        ts: `${Date.now() / 1000}`,
        message: { type: 'message', user: BOB, text: 'DB failover started (db-2)', ts: first.ts },
        previous_message: { type: 'message', user: BOB, text: 'DB failover started', ts: first.ts },
      },
      'EvEDITFIRST',
    );
    expect((await entries()).map((e) => e.text)).toEqual(['DB failover started (db-2)']);

    await deliverEvent(
      {
        type: 'message',
        subtype: 'message_deleted',
        channel: channelId,
        hidden: true,
        deleted_ts: first.ts,
        ts: `${Date.now() / 1000}`,
      },
      'EvDELFIRST',
    );
    expect((await entries()).map((e) => e.deletedAt !== null)).toEqual([true]);

    const second = fake().addMessage({ channel: channelId, user: BOB, text: 'Replica lag is back to 0' });
    second.reactions.push({ name: 'pushpin', users: [ALICE] });
    await deliverEvent(reaction('reaction_added', second), 'EvPINSECOND');
    expect(await entries()).toHaveLength(2);
    second.reactions = [];
    await deliverEvent(reaction('reaction_removed', second), 'EvUNPINSECOND');
    expect((await entries()).map((e) => e.text)).toEqual(['DB failover started (db-2)']);
    // Each event was read from Slack by at most the two deliveries that overlapped, never by the later ones.
    expect(fake().callsTo('reactions.get').length).toBeLessThanOrEqual(6);

    const publishes = () =>
      fake()
        .callsTo('views.publish')
        .filter((c) => c.params.user_id === BOB);
    const before = publishes().length;
    const homeOpened = eventCallbackBody({
      eventId: 'EvHOMEBOB',
      event: { type: 'app_home_opened', user: BOB, channel: 'D0BOB', tab: 'home' },
    });
    await send(homeOpened);
    await until(
      async () => (await prisma().processedSlackEvent.count({ where: { eventId: 'EvHOMEBOB' } })) === 1,
      'home',
    );
    await send({ ...homeOpened, headers: retryHeaders(1) });
    await send({ ...homeOpened, headers: retryHeaders(2) });
    await send(homeOpened);
    await until(() => publishes().length > before, 'the Home tab');
    expect(JSON.stringify(fake().state.homeViews.get(BOB)?.json)).toContain('Payments are timing out');
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
      prisma().actionItem.findFirstOrThrow({ where: { incidentId: incident.id, title } });
    const action = await actionOf('Alert on lost orders');
    const other = await actionOf('Replay the lost orders');
    expect(await prisma().actionItem.count({ where: { incidentId: incident.id } })).toBe(2);
    const keysOf = async (actionId: string) =>
      (
        await prisma().outboxMessage.findMany({
          where: { dedupeKey: { startsWith: `reminder:${actionId}:` } },
          orderBy: { sequence: 'asc' },
        })
      ).map((m) => m.dedupeKey.replace(`reminder:${actionId}:`, ''));
    /** Moves sitrep's clock; the sweep runs every 25 ms, so many sweeps see each instant. */
    const at = async (instant: string, expected: string[]) => {
      setClock(new Date(instant));
      await until(async () => (await keysOf(other.id)).length === expected.length, `the reminders by ${instant}`);
      await settled();
      expect(await keysOf(other.id)).toEqual(expected);
    };
    await at('2026-11-27T17:00:30Z', ['day_before:2026-11-27']);
    await at('2026-11-30T17:00:30Z', ['day_before:2026-11-27', 'due:2026-11-30']);
    expect(await keysOf(action.id)).toEqual(['day_before:2026-11-27', 'due:2026-11-30']);
    const dmsAbout = (title: string) =>
      fake()
        .callsTo('chat.postMessage')
        .filter((c) => c.ok && fake().state.channels.get(String(c.params.channel))?.user === BOB)
        .filter((c) => String(c.params.text).includes(title));
    const reminders = () =>
      dmsAbout('Alert on lost orders')
        .map((c) => String(c.params.text))
        .filter((text) => text.startsWith(':alarm_clock:'));
    expect(reminders()).toEqual([
      `:alarm_clock: Tomorrow is the due day of *Alert on lost orders* (incident ${incident.number}): Mon 30 Nov 2026.`,
      `:alarm_clock: *Alert on lost orders* (incident ${incident.number}) is due today, Mon 30 Nov 2026.`,
    ]);

    // Done, from the due-day reminder's own button, clicked once and delivered four times.
    const dm = dmsAbout('Alert on lost orders').at(-1);
    const raw = dm?.params.blocks;
    const done = ZButtons.parse({ blocks: typeof raw === 'string' ? JSON.parse(raw) : raw })
      .blocks.flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id?.startsWith(ACTIONS.actionDone));
    const dmChannel = String(dm?.params.channel);
    const responseUrl = fake().newResponseUrl({ channel: dmChannel, user: BOB });
    const click = blockActionsBody({
      userId: BOB,
      actions: [{ action_id: done?.action_id ?? '', value: done?.value ?? '' }],
      channelId: dmChannel,
      message: { ts: '1795470000.000100' },
      responseUrl,
      triggerId: fake().newTriggerId(BOB),
    });
    const clickAnswers = () =>
      fake()
        .responses.filter((r) => r.url === responseUrl)
        .map((r) => ZText.parse(r.body).text);
    await deliverFourTimes(click, { handled: async () => clickAnswers().length > 0 });
    await until(() => clickAnswers().length === 4, 'an answer to each delivery');
    expect(clickAnswers().filter((text) => text.includes('is done. Thank you!'))).toHaveLength(1);
    expect(await prisma().actionItem.findUniqueOrThrow({ where: { id: action.id } })).toMatchObject({
      status: 'done',
      closedBy: BOB,
      nextReminderAt: null,
    });
    await settled();
    expect(linesIn(channelId).filter((line) => line.includes('*Alert on lost orders*') && /done/.test(line))).toEqual([
      `:white_check_mark: <@${BOB}> marked *Alert on lost orders* done.`,
    ]);

    // Overdue the next day: the open action is reminded, the done one is not.
    await at('2026-12-01T17:00:30Z', ['day_before:2026-11-27', 'due:2026-11-30', 'overdue:2026-12-01']);
    expect(await keysOf(action.id)).toEqual(['day_before:2026-11-27', 'due:2026-11-30']);
    expect(reminders()).toHaveLength(2);
    await expectNoDuplicates({ incidentId: incident.id, channelId });
  });
});
