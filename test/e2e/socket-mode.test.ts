import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE, seedExampleWorkspace } from '../../demo/fake-slack/example-workspace.ts';
import { createFakeSlack } from '../../demo/fake-slack/fake-slack.ts';
import { type FakeSlackServer, startFakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { eventCallbackBody, slashCommandBody } from '../../demo/fake-slack/sign.ts';
import { type SitrepProcess, startSitrep } from '../../demo/sitrep-process.ts';
import { openDatabase } from '../../src/store/database.ts';
import { createTestTarget, type TestTarget } from '../support/database.ts';
import { sitrepEnv } from '../support/real-sitrep.ts';
import { createSlackHarness, type SlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;

describe('sitrep over Socket Mode, behind a firewall that lets nothing in', () => {
  let slackServer: FakeSlackServer;
  let slack: SlackHarness;
  let data: TestTarget;
  let sitrep: SitrepProcess;

  beforeAll(async () => {
    const fake = createFakeSlack();
    seedExampleWorkspace(fake);
    slackServer = await startFakeSlackServer({ fake });
    // Nothing is posted to sitrep: what Slack sends comes over the socket sitrep opened.
    slack = createSlackHarness({ fake, post: () => Promise.reject(new Error('no HTTP requests in Socket Mode')) });
    data = await createTestTarget('pglite');
    await start();
  }, 60_000);
  afterAll(async () => {
    await sitrep?.stop();
    await slackServer.close();
    await data.cleanup();
  });

  const start = async () => {
    sitrep = await startSitrep({
      env: {
        ...sitrepEnv(data.target),
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_APP_TOKEN: 'xapp-1-A0FAKE-1-test',
        SLACK_API_URL: slackServer.apiUrl,
      },
      readyWithinMs: 45_000,
    });
    await until(() => slackServer.socketMode.connected(), 'sitrep to connect over Socket Mode', 15_000);
  };

  /** `/incident <text>` typed by `user` (Alice) in #general, as Slack sends it over the socket. */
  const command = (text: string, user = ALICE) => {
    const responseUrl = slack.fake.newResponseUrl({ channel: EXAMPLE_CHANNELS.general, user });
    const { body } = slashCommandBody({
      command: '/incident',
      text,
      userId: user,
      channelId: EXAMPLE_CHANNELS.general,
      responseUrl,
      triggerId: slack.fake.newTriggerId(user),
    });
    return { payload: Object.fromEntries(new URLSearchParams(body)), responseUrl };
  };

  it('acknowledges a declare on the socket within 3 s and opens the channel, summary and pin', async () => {
    const { payload, responseUrl } = command('declare sev2 checkout-api: Checkout over the socket');
    // Rejects unless sitrep acknowledges the envelope on the socket within Slack's 3 s.
    const ack = await slackServer.socketMode.send({ type: 'slash_commands', payload }, 3_000);
    expect(ack.envelopeId).toEqual(expect.any(String));

    await until(() => slack.fake.responses.some((r) => r.url === responseUrl), 'the answer at the response URL');
    const [answer] = slack.fake.responses.filter((r) => r.url === responseUrl);
    expect(JSON.stringify(answer?.body)).toMatch(/Declared incident \d+ \(SEV2\): Checkout over the socket/);
    await until(
      () => slack.incidentChannels().some((c) => slack.pinsIn(c.id).length > 0),
      'the incident channel with its pinned summary',
      20_000,
    );
    const [channel] = slack.incidentChannels();
    if (!channel) throw new Error('no incident channel');
    expect(channel.name).toMatch(/^inc-\d+-checkout-over-the-socket$/);
    expect(channel.members).toEqual(expect.arrayContaining([ALICE, BOB]));
    expect(slack.summaryIn(channel.id)).toContain('Checkout over the socket');
  });

  it('hands what is not a slash command to Bolt as it came: an event is acknowledged and handled once', async () => {
    const publishedBefore = slack.fake.callsTo('views.publish').length;
    const { body } = eventCallbackBody({
      event: { type: 'app_home_opened', user: BOB, channel: 'D0BOB', tab: 'home' },
    });
    const payload = z.record(z.string(), z.unknown()).parse(JSON.parse(body));
    // Rejects unless Bolt acknowledges the envelope within Slack's 3 s.
    await slackServer.socketMode.send({ type: 'events_api', payload }, 3_000);
    await until(() => slack.fake.callsTo('views.publish').length > publishedBefore, 'the App Home published');
    // Nothing to wait for would show a second handling: give one the time it would take.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const published = slack.fake.callsTo('views.publish').slice(publishedBefore);
    expect(published.map((call) => call.params.user_id)).toEqual([BOB]);
  });

  it('keeps the commands it acknowledged on the socket through a kill, and answers each after the restart, noting each once', async () => {
    const declared = command('declare sev2 checkout-api: Checkout through a kill');
    await slackServer.socketMode.send({ type: 'slash_commands', payload: declared.payload }, 3_000);
    await until(() => slack.fake.responses.some((r) => r.url === declared.responseUrl), 'the declare answered');
    const number = Number(/Declared incident (\d+)/.exec(JSON.stringify(slack.fake.responses.at(-1)?.body))?.[1]);

    // A burst: each acknowledged on the socket as soon as it is journaled. Slack takes a second over each answer, so
    // with 64 running at once most are still waiting their turn at the kill.
    slackServer.slowResponseUrls(1_000);
    const notes = Array.from({ length: 150 }, (_, i) => command(`note #${number} burst ${i}`));
    await Promise.all(
      notes.map(({ payload }) => slackServer.socketMode.send({ type: 'slash_commands', payload }, 3_000)),
    );
    sitrep.child.kill('SIGKILL');
    expect((await sitrep.exited).signal).toBe('SIGKILL');
    const answered = () => notes.filter((note) => slack.fake.responses.some((r) => r.url === note.responseUrl)).length;
    const beforeKill = answered();
    expect(beforeKill).toBeLessThan(notes.length);

    slackServer.slowResponseUrls(0);
    await start();
    await until(() => answered() === notes.length, 'every acknowledged note answered after the restart', 60_000);
    await sitrep.stop();
    // Each note is on the timeline once: one whose answer was under way at the kill is answered again, not noted again.
    const database = await openDatabase({ target: data.target, command: 'test' });
    try {
      const entries = await database.prisma.timelineEntry.findMany({ where: { source: 'command' } });
      for (let i = 0; i < notes.length; i += 1) {
        expect(entries.filter((entry) => entry.text.endsWith(`burst ${i}`))).toHaveLength(1);
      }
    } finally {
      await database.close();
    }
    await start();
    process.stdout.write(`[socket] SIGKILL: ${beforeKill} of ${notes.length} answered before the kill, all after\n`);
  }, 120_000);
});
