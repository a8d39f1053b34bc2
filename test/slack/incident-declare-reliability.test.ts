import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { eventCallbackBody } from '../../demo/fake-slack/sign.ts';
import { BLOCKS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { retryHeaders, type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, carol: CAROL, dave: DAVE } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

describe.each(databaseKinds)('declaring reliably through Slack on %s', (kind) => {
  // Alice types and submits in #general.
  let slack: SlackTest;
  afterEach(async () => {
    await slack.close();
  });

  it('declares once from the modal however often Slack delivers the submission', async () => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200 });
    const submission = slack.declareSubmission({
      title: 'Search is slow',
      severity: '2',
      services: ['search'],
      viewId: 'V0DECLARE1',
    });
    await slack.deliver(submission);
    // The same submission again, as a double click or Slack's retry of a slow answer would bring it.
    await slack.deliver({ ...submission, headers: retryHeaders(1) });
    await slack.deliver(submission);
    await until(() => slack.incidentChannels().length === 1 && slack.fake.state.pins.length === 1, 'the channel');
    const incidents = await slack.prisma.incident.findMany({ include: { services: true } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ title: 'Search is slow', severity: 2, services: [{ service: 'search' }] });
    expect(slack.incidentChannels()[0]?.name).toBe(`inc-${incidents[0]?.number}-search-is-slow`);
    // The search on-call group (carol, dave) was expanded and invited along with the declarer.
    expect(slack.incidentChannels()[0]?.members).toEqual(expect.arrayContaining([ALICE, CAROL, DAVE]));
    // The bot is not in #general, so the confirmation comes as a direct message, once.
    await until(() => slack.dmsTo(ALICE).length > 0, 'the confirmation');
    expect(slack.dmsTo(ALICE)).toEqual([
      expect.stringMatching(/^:rotating_light: Declared incident \d+ \(SEV2\): Search is slow\./),
    ]);
  });

  it('keeps the modal open with the problem next to the field when the submission is invalid', async () => {
    slack = await startSlackHarness(kind);
    const res = await slack.deliver(slack.declareSubmission({ title: '   ', severity: '2', services: [] }));
    expect(res.status).toBe(200);
    const body = z
      .object({ response_action: z.string(), errors: z.record(z.string(), z.string()) })
      .parse(await res.json());
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([BLOCKS.declareTitle]);
    expect(await slack.prisma.incident.count()).toBe(0);
  });

  it('declares once when the same slash command request arrives twice', async () => {
    slack = await startSlackHarness(kind);
    const command = slack.slashCommand('declare Checkout is down');
    await slack.deliver(command.request);
    await slack.deliver({ ...command.request, headers: { 'x-slack-retry-num': '1' } });
    await until(() => command.replies().length === 2, 'two answers');
    expect(await slack.prisma.incident.count()).toBe(1);
    expect(command.replies()[1]?.text).toMatch(/already declared/);
  });

  it('shows the open incidents and the viewer’s action items in App Home', async () => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200 });
    expect(await slack.type('declare sev1 Checkout is down')).toMatch(/Declared incident/);
    expect(await slack.prisma.incident.count()).toBe(1);
    await slack.deliver(
      eventCallbackBody({ event: { type: 'app_home_opened', user: ALICE, channel: 'D0ALICE', tab: 'home' } }),
    );
    await until(() => slack.fake.state.homeViews.has(ALICE), 'the Home tab');
    const lines = slack.homeTab(ALICE);
    expect(lines).toContain('[Declare an incident]');
    expect(lines).toMatch(/Incident \d+: Checkout is down/);
    expect(lines).toMatch(/SEV1.*Investigating.*lead <@U05ALICE01> \(you\)/);
    expect(lines).toContain('Nothing assigned to you.');
  });

  it('loses nothing through a 60 s Slack outage during a declaration, and the channel appears after it', async () => {
    // sitrep's clock runs ahead on demand, so a minute of outage with the real retry schedule takes a few seconds.
    const clock = createTestClock();
    slack = await startSlackHarness(kind, { now: clock.now });
    const fake = slack.fake;
    // Everything the outbox calls fails; Bolt's own auth.test and the response URL are on other Slack hosts' paths.
    fake.failWith(
      { status: 503 },
      {
        methods: [
          'conversations.create',
          'conversations.invite',
          'conversations.info',
          'conversations.setTopic',
          'conversations.join',
          'chat.postMessage',
          'pins.add',
          'usergroups.users.list',
        ],
      },
    );
    expect(await slack.type('declare sev2 Payments are timing out')).toMatch(/Declared incident/);
    expect(await slack.prisma.incident.count()).toBe(1);
    // Each step moves sitrep's clock 5 s on and waits until every retry that came due has been tried.
    for (let elapsed = 5_000; elapsed <= 60_000; elapsed += 5_000) {
      clock.advance(5_000);
      await slack.caughtUp({ now: clock.now, what: `the retries due ${elapsed / 1000} s into the outage` });
    }
    const failedCreates = fake.calls.filter((c) => c.method === 'conversations.create' && !c.ok);
    // Backing off 1, 2, 4, 8, 16, 32 s: tried at 0, 1, 3, 7, 15, 31 and 63 s, so six times within the minute.
    expect(failedCreates.length).toBeGreaterThanOrEqual(5);
    expect(slack.incidentChannels()).toHaveLength(0);
    const pending = await slack.prisma.outboxMessage.findMany({ where: { status: 'pending' } });
    expect(pending.map((m) => m.kind).sort()).toEqual(['incident.announce', 'incident.open_channel']);

    fake.recover();
    clock.advance(60_000);
    await until(
      () => slack.incidentChannels().length === 1 && slack.linesIn(ANNOUNCEMENTS).length === 1,
      'the channel and its announcement',
    );
    const channel = slack.incidentChannels()[0];
    expect(channel?.name).toMatch(/^inc-\d+-payments-are-timing-out$/);
    expect(slack.pinsIn(channel?.id ?? '')).toHaveLength(1);
    // The pin can land before the outbox row that made it is marked done; nothing may be left behind after that.
    await slack.allDone();
  });
});
