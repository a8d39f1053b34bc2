import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import type { FakeMessage } from '../../demo/fake-slack/fake-slack-types.ts';
import { messageShortcutBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, SHORTCUTS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { type SlackTest, type StartSlackHarnessOptions, startSlackHarness } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB, carol: CAROL } = EXAMPLE_PEOPLE;
const { general: GENERAL } = EXAMPLE_CHANNELS;

describe.each(databaseKinds)('the timeline through Slack on %s', (kind) => {
  // Alice types and clicks in #general unless a step says otherwise.
  let slack: SlackTest;
  afterEach(async () => {
    await slack.close();
  });

  const start = async (options: StartSlackHarnessOptions = {}) => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200, ...options });
  };

  /** Declares an incident and waits for its channel. */
  const declare = (title = 'Checkout is down') => slack.declare({ text: `declare ${title}` });

  const entries = (incidentId: string) =>
    slack.prisma.timelineEntry.findMany({ where: { incidentId }, orderBy: { occurredAt: 'asc' } });

  it('records a note in the timeline and in the channel', async () => {
    await start();
    const { incident, channelId } = await declare();
    expect(await slack.type('note Rolled back the canary', { channelId })).toMatch(
      /Noted on the timeline of incident \d+\./,
    );
    await slack.settled();
    const notes = (await entries(incident.id)).filter((e) => e.source === 'command');
    expect(notes).toMatchObject([{ text: 'Rolled back the canary', actorId: ALICE }]);
    expect(slack.linesIn(channelId)).toContain(`:memo: <@${ALICE}> noted: Rolled back the canary`);
  });

  it('posts a note with a special mention and a spoofed link as inert text, and keeps a person mentioned', async () => {
    await start();
    const { incident, channelId } = await declare();
    // As Slack sends it: what was typed with `&`, `<` and `>` escaped, a person picked from the list as a mention.
    const typed = `note &lt;!channel&gt; &lt;https://evil.example|https://status.example.com&gt; <!here> <@${BOB}|bob> &amp; co`;
    await slack.type(typed, { channelId });
    await slack.settled();
    const inert = `&lt;!channel&gt; &lt;https://evil.example|https://status.example.com&gt; &lt;!here&gt; <@${BOB}|bob> &amp; co`;
    expect(slack.linesIn(channelId)).toContain(`:memo: <@${ALICE}> noted: ${inert}`);
    const notes = (await entries(incident.id)).filter((e) => e.source === 'command');
    expect(notes).toMatchObject([{ text: inert }]);
  });

  it('stores "14:05" typed in America/Los_Angeles on the day the clocks change at the right instant', async () => {
    // 2026-03-08: Los Angeles springs forward at 02:00; at 22:00 UTC it is 15:00 PDT (UTC-7).
    await start({ now: createTestClock('2026-03-08T22:00:00Z').now });
    const { incident, channelId } = await declare();
    expect(await slack.type('note 14:05 Alert fired for 5xx', { userId: BOB, channelId })).toMatch(
      /America\/Los_Angeles/,
    );
    const note = (await entries(incident.id)).find((e) => e.source === 'command');
    expect(note?.occurredAt.toISOString()).toBe('2026-03-08T21:05:00.000Z');
    expect(note?.text).toBe('Alert fired for 5xx');
    // Alice is in Europe/Paris: the same words are another instant.
    await slack.type('note 14:05 Paris saw it too', { userId: ALICE, channelId });
    const paris = (await entries(incident.id)).find((e) => e.text === 'Paris saw it too');
    expect(paris?.occurredAt.toISOString()).toBe('2026-03-08T13:05:00.000Z');
  });

  it('refuses a note in the future, and says why', async () => {
    await start({ now: createTestClock('2026-11-23T10:00:00Z').now });
    const { incident, channelId } = await declare();
    expect(await slack.type('note 23:00 Not yet', { channelId })).toMatch(/future/);
    expect((await entries(incident.id)).filter((e) => e.source === 'command')).toEqual([]);
  });

  it('captures a 📌 once however many people pin it and however often Slack delivers it, and lets go with the last one', async () => {
    await start();
    const { incident, channelId } = await declare();
    const message = slack.fake.addMessage({ channel: channelId, user: BOB, text: 'Error rate is 40% on checkout-api' });
    await slack.pin(message, ALICE);
    await until(async () => (await entries(incident.id)).some((e) => e.source === 'reaction'), 'the capture');
    await slack.pin(message, CAROL);
    // Slack delivering carol's 📌 again, twice under one event id.
    const replay = `Ev${randomUUID()}`;
    const again = {
      type: 'reaction_added',
      user: CAROL,
      reaction: 'pushpin',
      item: { type: 'message', channel: channelId, ts: message.ts },
    };
    await slack.sendEvent(again, replay);
    await slack.sendEvent(again, replay);
    const captured = (await entries(incident.id)).filter((e) => e.source === 'reaction');
    expect(captured).toHaveLength(1);
    expect(captured[0]).toMatchObject({
      text: 'Error rate is 40% on checkout-api',
      actorId: BOB,
      occurredAt: new Date(Math.round(Number(message.ts) * 1000)),
    });
    expect(captured[0]?.permalink).toContain(message.ts.replace('.', ''));

    await slack.unpin(message, ALICE);
    expect((await entries(incident.id)).filter((e) => e.source === 'reaction')).toHaveLength(1);
    await slack.unpin(message, CAROL);
    await until(async () => !(await entries(incident.id)).some((e) => e.source === 'reaction'), 'the release');
  });

  it('ignores a 📌 outside incident channels and other reactions', async () => {
    await start();
    const { incident, channelId } = await declare();
    const elsewhere = slack.fake.addMessage({ channel: GENERAL, user: BOB, text: 'lunch?' });
    await slack.pin(elsewhere, ALICE);
    const message = slack.fake.addMessage({ channel: channelId, user: BOB, text: 'thumbs' });
    message.reactions.push({ name: 'thumbsup', users: [ALICE] });
    await slack.sendEvent({
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
    const message = slack.fake.addMessage({ channel: channelId, user: BOB, text: 'DB failover started' });
    await slack.pin(message, ALICE);
    await until(async () => (await entries(incident.id)).length === 2, 'the capture');

    const edit = slack.editEvent(message, {
      text: 'DB failover started (replica db-2)',
      edited: { user: BOB, ts: '1' },
      files: [
        {
          id: 'F1',
          name: 'graph.png',
          title: 'Error graph',
          permalink: 'https://acme.slack.com/files/U1/F1/graph.png',
        },
      ],
    });
    await slack.sendEvent(edit);
    await slack.sendEvent(edit);
    await until(
      async () => (await entries(incident.id)).some((e) => e.text === 'DB failover started (replica db-2)'),
      'the edit',
    );
    const shown = await slack.type('timeline', { channelId });
    expect(shown).toContain('DB failover started (replica db-2)');
    expect(shown).toContain('(edited)');
    // Files and images in a captured message are kept as links.
    expect(shown).toContain('<https://acme.slack.com/files/U1/F1/graph.png|Error graph>');

    const deletion = slack.deleteEvent(message);
    await slack.sendEvent(deletion);
    await slack.sendEvent(deletion);
    await until(async () => (await entries(incident.id)).some((e) => e.deletedAt !== null), 'the deletion');
    expect(await slack.type('timeline', { channelId })).not.toContain('DB failover');
    // Kept for audit.
    expect(await slack.prisma.timelineEntry.count({ where: { incidentId: incident.id } })).toBe(2);
  });

  it('adds a message with the shortcut, in the incident channel at once and elsewhere after asking which incident', async () => {
    await start();
    const { incident, channelId } = await declare();
    const inChannel = slack.fake.addMessage({ channel: channelId, user: BOB, text: 'Saw a spike at 02:40' });
    const shortcut = (message: FakeMessage, channel: string) =>
      messageShortcutBody({
        userId: ALICE,
        callbackId: SHORTCUTS.addToTimeline,
        channelId: channel,
        triggerId: slack.fake.newTriggerId(ALICE),
        responseUrl: slack.fake.newResponseUrl({ channel, user: ALICE }),
        message: { ts: message.ts, user: message.user, text: message.text },
      });
    await slack.deliver(shortcut(inChannel, channelId));
    await slack.deliver(shortcut(inChannel, channelId));
    await until(
      () => slack.fake.responses.filter((r) => JSON.stringify(r.body).includes('timeline of incident')).length === 2,
      'two answers',
    );
    expect((await entries(incident.id)).filter((e) => e.source === 'shortcut')).toHaveLength(1);

    const inGeneral = slack.fake.addMessage({ channel: GENERAL, user: BOB, text: 'Customers report failed payments' });
    await slack.deliver(shortcut(inGeneral, GENERAL));
    const view = await slack.formOpened(1);
    const submitted = await slack.submit({
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
    expect(submitted.status).toBe(200);
    await until(
      async () => (await entries(incident.id)).some((e) => e.text === 'Customers report failed payments'),
      'the capture',
    );
    const captured = (await entries(incident.id)).filter((e) => e.source === 'shortcut').map((e) => e.text);
    expect(captured).toEqual(['Saw a spike at 02:40', 'Customers report failed payments']);
  });

  it('shows the timeline in the viewer’s zone with a date on every day change', async () => {
    // Declared at 23:30 UTC: already the next day in Paris (alice), still the same day in Los Angeles (bob).
    await start({ now: createTestClock('2026-11-23T23:30:00Z').now });
    const { channelId } = await declare();
    await slack.type('note yesterday 23:50 First alert', { userId: ALICE, channelId });
    const forAlice = await slack.type('timeline', { userId: ALICE, channelId });
    expect(forAlice).toMatch(/Mon 23 Nov 2026[\s\S]*23:50[\s\S]*First alert[\s\S]*Tue 24 Nov 2026[\s\S]*00:30/);
    const forBob = await slack.type('timeline', { userId: BOB, channelId });
    expect(forBob).toMatch(/Mon 23 Nov 2026[\s\S]*14:50[\s\S]*First alert[\s\S]*15:30/);
    expect(forBob).not.toContain('Tue 24 Nov');
  });
});
