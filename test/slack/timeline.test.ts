import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FakeMessage } from '../../demo/fake-slack/fake-slack-types.ts';
import { eventCallbackBody, messageShortcutBody, viewSubmissionBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, SHORTCUTS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { typeCommand } from '../support/slack/type-command.ts';
import { type StartTestServerOptions, startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const ALICE = 'U05ALICE01';
const BOB = 'U05BOB0002';
const CAROL = 'U05CAROL03';
const GENERAL = 'C0GENERAL1';

/** sitrep's clock, starting at `iso` and running at real speed (the outbox and its pacing need time to pass). */
const clockFrom = (iso: string): (() => Date) => {
  const offset = Date.parse(iso) - Date.now();
  return () => new Date(Date.now() + offset);
};

describe.each(databaseKinds)('the timeline through Slack on %s', (kind) => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  const fake = () => server.slack.fake;

  const start = async (options: StartTestServerOptions = {}) => {
    server = await startTestServer(kind, { maxRetryBackoffMs: 200, ...options });
  };

  const type = (text: string, { userId = ALICE, channelId = GENERAL } = {}) =>
    typeCommand(server, text, { userId, channelId });

  const settled = () =>
    until(
      async () => (await server.database.prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0,
      'the outbox to drain',
    );

  /** Declares an incident and waits for its channel. */
  const declare = async (title = 'Checkout is down') => {
    await type(`declare ${title}`);
    await settled();
    const incident = await server.database.prisma.incident.findFirstOrThrow({ where: { title } });
    if (!incident.channelId) throw new Error('no channel');
    return { incident, channelId: incident.channelId };
  };

  const entries = (incidentId: string) =>
    server.database.prisma.timelineEntry.findMany({ where: { incidentId }, orderBy: { occurredAt: 'asc' } });

  /**
   * Sends a signed event, each delivery with an id of its own unless given one, and waits until sitrep has handled
   * it (the event is recorded once its listeners are done).
   */
  const sendEvent = async (event: { type: string } & Record<string, unknown>, eventId = `Ev${randomUUID()}`) => {
    const res = await server.sendToSlackEndpoint(eventCallbackBody({ event, eventId }));
    expect(res.status).toBe(200);
    await until(
      async () => (await server.database.prisma.processedSlackEvent.count({ where: { eventId } })) === 1,
      `event ${eventId} to be handled`,
    );
  };

  const pin = async (message: FakeMessage, userId: string) => {
    const reaction = message.reactions.find((r) => r.name === 'pushpin');
    if (reaction) reaction.users.push(userId);
    else message.reactions.push({ name: 'pushpin', users: [userId] });
    await sendEvent({
      type: 'reaction_added',
      user: userId,
      reaction: 'pushpin',
      item: { type: 'message', channel: message.channel, ts: message.ts },
      item_user: message.user,
      event_ts: `${Date.now() / 1000}`,
    });
  };

  const unpin = async (message: FakeMessage, userId: string) => {
    for (const reaction of message.reactions) reaction.users = reaction.users.filter((u) => u !== userId);
    message.reactions = message.reactions.filter((r) => r.users.length > 0);
    await sendEvent({
      type: 'reaction_removed',
      user: userId,
      reaction: 'pushpin',
      item: { type: 'message', channel: message.channel, ts: message.ts },
      event_ts: `${Date.now() / 1000}`,
    });
  };

  it('records a note in the timeline and in the channel', async () => {
    await start();
    const { incident, channelId } = await declare();
    expect(await type('note Rolled back the canary', { channelId })).toMatch(/Noted on the timeline of incident \d+\./);
    await settled();
    const notes = (await entries(incident.id)).filter((e) => e.source === 'command');
    expect(notes).toMatchObject([{ text: 'Rolled back the canary', actorId: ALICE }]);
    expect(
      fake()
        .messagesIn(channelId)
        .map((m) => m.text),
    ).toContain(`:memo: <@${ALICE}> noted: Rolled back the canary`);
  });

  it('stores "14:05" typed in America/Los_Angeles on the day the clocks change at the right instant', async () => {
    // 2026-03-08: Los Angeles springs forward at 02:00; at 22:00 UTC it is 15:00 PDT (UTC-7).
    await start({ now: clockFrom('2026-03-08T22:00:00Z') });
    const { incident, channelId } = await declare();
    expect(await type('note 14:05 Alert fired for 5xx', { userId: BOB, channelId })).toMatch(/America\/Los_Angeles/);
    const note = (await entries(incident.id)).find((e) => e.source === 'command');
    expect(note?.occurredAt.toISOString()).toBe('2026-03-08T21:05:00.000Z');
    expect(note?.text).toBe('Alert fired for 5xx');
    // Alice is in Europe/Paris: the same words are another instant.
    await type('note 14:05 Paris saw it too', { userId: ALICE, channelId });
    const paris = (await entries(incident.id)).find((e) => e.text === 'Paris saw it too');
    expect(paris?.occurredAt.toISOString()).toBe('2026-03-08T13:05:00.000Z');
  });

  it('refuses a note in the future, and says why', async () => {
    await start({ now: clockFrom('2026-11-23T10:00:00Z') });
    const { incident, channelId } = await declare();
    expect(await type('note 23:00 Not yet', { channelId })).toMatch(/future/);
    expect((await entries(incident.id)).filter((e) => e.source === 'command')).toEqual([]);
  });

  it('captures a 📌 once however many people pin it and however often Slack delivers it, and lets go with the last one', async () => {
    await start();
    const { incident, channelId } = await declare();
    const message = fake().addMessage({ channel: channelId, user: BOB, text: 'Error rate is 40% on checkout-api' });
    await pin(message, ALICE);
    await until(async () => (await entries(incident.id)).some((e) => e.source === 'reaction'), 'the capture');
    await pin(message, CAROL);
    const replay = `Ev${randomUUID()}`;
    await sendEvent(
      {
        type: 'reaction_added',
        user: CAROL,
        reaction: 'pushpin',
        item: { type: 'message', channel: channelId, ts: message.ts },
      },
      replay,
    );
    await sendEvent(
      {
        type: 'reaction_added',
        user: CAROL,
        reaction: 'pushpin',
        item: { type: 'message', channel: channelId, ts: message.ts },
      },
      replay,
    );
    const captured = (await entries(incident.id)).filter((e) => e.source === 'reaction');
    expect(captured).toHaveLength(1);
    expect(captured[0]).toMatchObject({
      text: 'Error rate is 40% on checkout-api',
      actorId: BOB,
      occurredAt: new Date(Math.round(Number(message.ts) * 1000)),
    });
    expect(captured[0]?.permalink).toContain(message.ts.replace('.', ''));

    await unpin(message, ALICE);
    expect((await entries(incident.id)).filter((e) => e.source === 'reaction')).toHaveLength(1);
    await unpin(message, CAROL);
    await until(async () => !(await entries(incident.id)).some((e) => e.source === 'reaction'), 'the release');
  });

  it('ignores a 📌 outside incident channels and other reactions', async () => {
    await start();
    const { incident, channelId } = await declare();
    const elsewhere = fake().addMessage({ channel: GENERAL, user: BOB, text: 'lunch?' });
    await pin(elsewhere, ALICE);
    const message = fake().addMessage({ channel: channelId, user: BOB, text: 'thumbs' });
    message.reactions.push({ name: 'thumbsup', users: [ALICE] });
    await sendEvent({
      type: 'reaction_added',
      user: ALICE,
      reaction: 'thumbsup',
      item: { type: 'message', channel: channelId, ts: message.ts },
    });
    const sources = (await entries(incident.id)).map((e) => e.source);
    expect(sources).toEqual(['lifecycle']);
  });

  it('follows a captured message: an edit shows its new text, a deletion hides it from /incident timeline', async () => {
    await start();
    const { incident, channelId } = await declare();
    const message = fake().addMessage({ channel: channelId, user: BOB, text: 'DB failover started' });
    await pin(message, ALICE);
    await until(async () => (await entries(incident.id)).length === 2, 'the capture');

    const edit = {
      type: 'message',
      subtype: 'message_changed',
      channel: channelId,
      hidden: true,
      ts: `${Date.now() / 1000}`,
      message: {
        type: 'message',
        user: BOB,
        text: 'DB failover started (replica db-2)',
        ts: message.ts,
        edited: { user: BOB, ts: '1' },
        files: [
          {
            id: 'F1',
            name: 'graph.png',
            title: 'Error graph',
            permalink: 'https://acme.slack.com/files/U1/F1/graph.png',
          },
        ],
      },
      previous_message: { type: 'message', user: BOB, text: 'DB failover started', ts: message.ts },
    };
    await sendEvent(edit);
    await sendEvent(edit);
    await until(
      async () => (await entries(incident.id)).some((e) => e.text === 'DB failover started (replica db-2)'),
      'the edit',
    );
    const shown = await type('timeline', { channelId });
    expect(shown).toContain('DB failover started (replica db-2)');
    expect(shown).toContain('(edited)');
    // Files and images in a captured message are kept as links.
    expect(shown).toContain('<https://acme.slack.com/files/U1/F1/graph.png|Error graph>');

    const deletion = {
      type: 'message',
      subtype: 'message_deleted',
      channel: channelId,
      hidden: true,
      deleted_ts: message.ts,
      ts: `${Date.now() / 1000}`,
    };
    await sendEvent(deletion);
    await sendEvent(deletion);
    await until(async () => (await entries(incident.id)).some((e) => e.deletedAt !== null), 'the deletion');
    expect(await type('timeline', { channelId })).not.toContain('DB failover');
    // Kept for audit.
    expect(await server.database.prisma.timelineEntry.count({ where: { incidentId: incident.id } })).toBe(2);
  });

  it('adds a message with the shortcut, in the incident channel at once and elsewhere after asking which incident', async () => {
    await start();
    const { incident, channelId } = await declare();
    const inChannel = fake().addMessage({ channel: channelId, user: BOB, text: 'Saw a spike at 02:40' });
    const shortcut = (message: FakeMessage, channel: string) =>
      messageShortcutBody({
        userId: ALICE,
        callbackId: SHORTCUTS.addToTimeline,
        channelId: channel,
        triggerId: fake().newTriggerId(ALICE),
        responseUrl: fake().newResponseUrl({ channel, user: ALICE }),
        message: { ts: message.ts, user: message.user, text: message.text },
      });
    await server.sendToSlackEndpoint(shortcut(inChannel, channelId));
    await server.sendToSlackEndpoint(shortcut(inChannel, channelId));
    await until(
      () => fake().responses.filter((r) => JSON.stringify(r.body).includes('timeline of incident')).length === 2,
      'two answers',
    );
    expect((await entries(incident.id)).filter((e) => e.source === 'shortcut')).toHaveLength(1);

    const inGeneral = fake().addMessage({ channel: GENERAL, user: BOB, text: 'Customers report failed payments' });
    await server.sendToSlackEndpoint(shortcut(inGeneral, GENERAL));
    await until(
      () =>
        fake()
          .callsTo('views.open')
          .some((c) => c.ok),
      'the modal',
    );
    const opened = fake()
      .callsTo('views.open')
      .find((c) => c.ok)?.params.view;
    const view = z
      .object({ private_metadata: z.string() })
      .parse(typeof opened === 'string' ? JSON.parse(opened) : opened);
    const submit = viewSubmissionBody({
      userId: ALICE,
      callbackId: VIEWS.addToTimeline,
      privateMetadata: view.private_metadata,
      values: {
        [BLOCKS.timelineIncident]: {
          [ACTIONS.timelineIncident]: {
            type: 'static_select',
            selected_option: { value: String(incident.number), text: { type: 'plain_text', text: 'x' } },
          },
        },
      },
    });
    expect((await server.sendToSlackEndpoint(submit)).status).toBe(200);
    await until(
      async () => (await entries(incident.id)).some((e) => e.text === 'Customers report failed payments'),
      'the capture',
    );
    const captured = (await entries(incident.id)).filter((e) => e.source === 'shortcut').map((e) => e.text);
    expect(captured).toEqual(['Saw a spike at 02:40', 'Customers report failed payments']);
  });

  it('shows the timeline in the viewer’s zone with a date on every day change', async () => {
    // Declared at 23:30 UTC: already the next day in Paris (alice), still the same day in Los Angeles (bob).
    await start({ now: clockFrom('2026-11-23T23:30:00Z') });
    const { channelId } = await declare();
    await type('note yesterday 23:50 First alert', { userId: ALICE, channelId });
    const forAlice = await type('timeline', { userId: ALICE, channelId });
    expect(forAlice).toMatch(/Mon 23 Nov 2026[\s\S]*23:50[\s\S]*First alert[\s\S]*Tue 24 Nov 2026[\s\S]*00:30/);
    const forBob = await type('timeline', { userId: BOB, channelId });
    expect(forBob).toMatch(/Mon 23 Nov 2026[\s\S]*14:50[\s\S]*First alert[\s\S]*15:30/);
    expect(forBob).not.toContain('Tue 24 Nov');
  });
});
