import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { flattenBlocks } from '../../demo/fake-slack/block-text.ts';
import { eventCallbackBody, slashCommandBody, viewSubmissionBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const ALICE = 'U05ALICE01';
const GENERAL = 'C0GENERAL1';
const ANNOUNCEMENTS = 'C05ABCD1234';

/** The declare modal's state as Slack sends it on submit. */
const declareValues = ({ title, severity, services }: { title: string; severity: string; services: string[] }) => ({
  [BLOCKS.declareTitle]: { [ACTIONS.declareTitle]: { type: 'plain_text_input', value: title } },
  [BLOCKS.declareSeverity]: {
    [ACTIONS.declareSeverity]: {
      type: 'static_select',
      selected_option: { text: { type: 'plain_text', text: severity }, value: severity },
    },
  },
  [BLOCKS.declareServices]: {
    [ACTIONS.declareServices]: {
      type: 'multi_static_select',
      selected_options: services.map((s) => ({ text: { type: 'plain_text', text: s }, value: s })),
    },
  },
  [BLOCKS.declareDescription]: { [ACTIONS.declareDescription]: { type: 'plain_text_input', value: null } },
  [BLOCKS.declareImpactStartedAt]: {
    [ACTIONS.declareImpactStartedAt]: { type: 'datetimepicker', selected_date_time: null },
  },
});

describe.each(databaseKinds)('declaring reliably through Slack on %s', (kind) => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  const incidentChannels = () =>
    [...server.slack.fake.state.channels.values()].filter((c) => c.name.startsWith('inc-'));

  it('declares once from the modal however often Slack delivers the submission', async () => {
    server = await startTestServer(kind, { maxRetryBackoffMs: 200 });
    const submission = viewSubmissionBody({
      userId: ALICE,
      callbackId: VIEWS.declareIncident,
      viewId: 'V0DECLARE1',
      privateMetadata: JSON.stringify({ channelId: GENERAL }),
      values: declareValues({ title: 'Search is slow', severity: '2', services: ['search'] }),
    });
    const first = await server.sendToSlackEndpoint(submission);
    // The same submission again, as a double click or Slack's retry of a slow answer would bring it.
    const again = await server.sendToSlackEndpoint({
      ...submission,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    const twice = await server.sendToSlackEndpoint(submission);
    expect([first.status, again.status, twice.status]).toEqual([200, 200, 200]);
    await until(() => incidentChannels().length === 1 && server.slack.fake.state.pins.length === 1, 'the channel');
    const incidents = await server.database.prisma.incident.findMany({ include: { services: true } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ title: 'Search is slow', severity: 2, services: [{ service: 'search' }] });
    expect(incidentChannels()[0]?.name).toBe(`inc-${incidents[0]?.number}-search-is-slow`);
    // The search on-call group (carol, dave) was expanded and invited along with the declarer.
    expect(incidentChannels()[0]?.members).toEqual(expect.arrayContaining([ALICE, 'U05CAROL03', 'U05DAVE004']));
    // The bot is not in #general, so the confirmation comes as a direct message, once.
    const dm = () => server.slack.fake.dmWith(ALICE);
    await until(
      () => dm() !== undefined && server.slack.fake.messagesIn(dm()?.id ?? '').length > 0,
      'the confirmation',
    );
    const confirmations = server.slack.fake.messagesIn(dm()?.id ?? '');
    expect(confirmations.map((m) => m.text)).toEqual([
      expect.stringMatching(/^:rotating_light: Declared incident \d+ \(SEV2\): Search is slow\./),
    ]);
  });

  it('keeps the modal open with the problem next to the field when the submission is invalid', async () => {
    server = await startTestServer(kind);
    const res = await server.sendToSlackEndpoint(
      viewSubmissionBody({
        userId: ALICE,
        callbackId: VIEWS.declareIncident,
        values: declareValues({ title: '   ', severity: '2', services: [] }),
      }),
    );
    expect(res.status).toBe(200);
    const body = z
      .object({ response_action: z.string(), errors: z.record(z.string(), z.string()) })
      .parse(await res.json());
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([BLOCKS.declareTitle]);
    expect(await server.database.prisma.incident.count()).toBe(0);
  });

  it('declares once when the same slash command request arrives twice', async () => {
    server = await startTestServer(kind);
    const request = slashCommandBody({
      command: '/incident',
      text: 'declare Checkout is down',
      userId: ALICE,
      channelId: GENERAL,
      triggerId: '1234.5678.deadbeef',
    });
    await server.sendToSlackEndpoint(request);
    await server.sendToSlackEndpoint({ ...request, headers: { 'x-slack-retry-num': '1' } });
    await until(() => server.slack.fake.responses.length === 2, 'two answers');
    expect(await server.database.prisma.incident.count()).toBe(1);
    const answers = server.slack.fake.responses.map((r) => z.object({ text: z.string() }).parse(r.body).text);
    expect(answers[1]).toMatch(/already declared/);
  });

  it('shows the open incidents and the viewer’s action items in App Home', async () => {
    server = await startTestServer(kind, { maxRetryBackoffMs: 200 });
    await server.sendToSlackEndpoint(
      slashCommandBody({
        command: '/incident',
        text: 'declare sev1 Checkout is down',
        userId: ALICE,
        channelId: GENERAL,
      }),
    );
    await until(async () => (await server.database.prisma.incident.count()) === 1, 'the incident');
    const res = await server.sendToSlackEndpoint(
      eventCallbackBody({ event: { type: 'app_home_opened', user: ALICE, channel: 'D0ALICE', tab: 'home' } }),
    );
    expect(res.status).toBe(200);
    await until(() => server.slack.fake.state.homeViews.has(ALICE), 'the Home tab');
    const view = z.object({ blocks: z.array(z.unknown()) }).parse(server.slack.fake.state.homeViews.get(ALICE)?.json);
    const lines = flattenBlocks(view.blocks).join('\n');
    expect(lines).toContain('[Declare an incident]');
    expect(lines).toMatch(/Incident \d+: Checkout is down/);
    expect(lines).toMatch(/SEV1.*Investigating.*lead <@U05ALICE01> \(you\)/);
    expect(lines).toContain('Nothing assigned to you.');
  });

  it('loses nothing through a 60 s Slack outage during a declaration, and the channel appears after it', async () => {
    // sitrep's clock runs ahead on demand, so a minute of outage with the real retry schedule takes a few seconds.
    let aheadMs = 0;
    server = await startTestServer(kind, { now: () => new Date(Date.now() + aheadMs) });
    const fake = server.slack.fake;
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
    await server.sendToSlackEndpoint(
      slashCommandBody({
        command: '/incident',
        text: 'declare sev2 Payments are timing out',
        userId: ALICE,
        channelId: GENERAL,
      }),
    );
    await until(async () => (await server.database.prisma.incident.count()) === 1, 'the incident to be written');
    // Each step moves sitrep's clock 5 s on and waits until every retry that came due has been tried.
    const sitrepNow = () => new Date(Date.now() + aheadMs);
    /** Messages the outbox would take now: due, and first in their incident's queue. */
    const dueNow = async () => {
      const pending = await server.database.prisma.outboxMessage.findMany({
        where: { status: 'pending' },
        orderBy: { sequence: 'asc' },
      });
      const heads = pending.filter((m, i) => pending.findIndex((n) => n.orderingKey === m.orderingKey) === i);
      return heads.filter((m) => m.runAt <= sitrepNow()).length;
    };
    for (let elapsed = 5_000; elapsed <= 60_000; elapsed += 5_000) {
      aheadMs += 5_000;
      await until(async () => (await dueNow()) === 0, `the retries due ${elapsed / 1000} s into the outage`);
    }
    const failedCreates = fake.calls.filter((c) => c.method === 'conversations.create' && !c.ok);
    // Backing off 1, 2, 4, 8, 16, 32 s: tried at 0, 1, 3, 7, 15, 31 and 63 s, so six times within the minute.
    expect(failedCreates.length).toBeGreaterThanOrEqual(5);
    expect(incidentChannels()).toHaveLength(0);
    const pending = await server.database.prisma.outboxMessage.findMany({ where: { status: 'pending' } });
    expect(pending.map((m) => m.kind).sort()).toEqual(['incident.announce', 'incident.open_channel']);

    fake.recover();
    aheadMs += 60_000;
    const announcements = () => fake.messagesIn(ANNOUNCEMENTS).filter((m) => m.subtype === undefined);
    await until(
      () => incidentChannels().length === 1 && announcements().length === 1,
      'the channel and its announcement',
    );
    const channel = incidentChannels()[0];
    expect(channel?.name).toMatch(/^inc-\d+-payments-are-timing-out$/);
    expect(fake.state.pins.filter((p) => p.channel === channel?.id)).toHaveLength(1);
    // The pin can land before the outbox row that made it is marked done; nothing may be left behind after that.
    await until(
      async () => (await server.database.prisma.outboxMessage.count({ where: { status: { not: 'done' } } })) === 0,
      'every outbox message to be done',
    );
  });
});
