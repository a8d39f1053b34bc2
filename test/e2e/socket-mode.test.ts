import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE, seedExampleWorkspace } from '../../demo/fake-slack/example-workspace.ts';
import { createFakeSlack } from '../../demo/fake-slack/fake-slack.ts';
import { type FakeSlackServer, startFakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { slashCommandBody } from '../../demo/fake-slack/sign.ts';
import { type SitrepProcess, startSitrep } from '../../demo/sitrep-process.ts';
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
  }, 60_000);
  afterAll(async () => {
    await sitrep?.stop();
    await slackServer.close();
    await data.cleanup();
  });

  /** `/incident <text>` typed by Alice in #general, as Slack sends it over the socket. */
  const command = (text: string) => {
    const responseUrl = slack.fake.newResponseUrl({ channel: EXAMPLE_CHANNELS.general, user: ALICE });
    const { body } = slashCommandBody({
      command: '/incident',
      text,
      userId: ALICE,
      channelId: EXAMPLE_CHANNELS.general,
      responseUrl,
      triggerId: slack.fake.newTriggerId(ALICE),
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
});
