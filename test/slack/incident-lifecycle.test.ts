import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { blockActionsBody, slashCommandBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { typeCommand } from '../support/slack/type-command.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const ALICE = 'U05ALICE01';
const BOB = 'U05BOB0002';
const ANNOUNCEMENTS = 'C05ABCD1234';
const GENERAL = 'C0GENERAL1';

describe.each(databaseKinds)('the incident lifecycle through Slack on %s', (kind) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(kind, { maxRetryBackoffMs: 200 });
  });
  afterEach(async () => {
    await server.close();
  });

  const fake = () => server.slack.fake;

  const type = (text: string, { userId = ALICE, channelId = GENERAL } = {}) =>
    typeCommand(server, text, { userId, channelId });

  /** Waits until every Slack effect written so far has been carried out. */
  const settled = () =>
    until(
      async () => (await server.database.prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0,
      'the outbox to drain',
    );

  const ZButtons = z.object({
    blocks: z.array(
      z.looseObject({ elements: z.array(z.looseObject({ action_id: z.string(), value: z.string() })).optional() }),
    ),
  });

  /** Answers "No customer impact" to the question the last `/incident resolve` asked; returns what Alice then saw. */
  const answerNoCustomerImpact = async (channelId: string): Promise<unknown> => {
    const value = ZButtons.parse(fake().responses.at(-1)?.body)
      .blocks.flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === ACTIONS.resolveWithoutImpact)?.value;
    const responseUrl = fake().newResponseUrl({ channel: channelId, user: ALICE });
    await server.sendToSlackEndpoint(
      blockActionsBody({
        userId: ALICE,
        actions: [{ action_id: ACTIONS.resolveWithoutImpact, value: value ?? '' }],
        channelId,
        message: { ts: '1795470000.000100' },
        responseUrl,
      }),
    );
    await until(() => fake().responses.some((r) => r.url === responseUrl), 'the answer to the click');
    return fake().responses.find((r) => r.url === responseUrl)?.body;
  };

  const incidentChannel = () => {
    const channel = [...fake().state.channels.values()].find((c) => c.name.startsWith('inc-'));
    if (!channel) throw new Error('no incident channel');
    return channel;
  };

  it('declares an incident: channel, invitations, topic, pinned summary, announcement', async () => {
    const answer = await type('declare sev2 checkout-api: Checkout is down');
    expect(answer).toMatch(/Declared incident (\d+) \(SEV2\): Checkout is down/);
    await settled();
    const incident = await server.database.prisma.incident.findFirstOrThrow();
    const channel = incidentChannel();
    expect(channel.name).toBe(`inc-${incident.number}-checkout-is-down`);
    expect(channel.members).toEqual(expect.arrayContaining([ALICE, BOB]));
    expect(channel.topic.value).toMatch(/SEV2.*Investigating.*<@U05ALICE01>/);
    const messages = fake()
      .messagesIn(channel.id)
      .filter((m) => m.subtype === undefined);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('Checkout is down');
    expect(fake().state.pins.filter((p) => p.channel === channel.id)).toHaveLength(1);
    const announcements = fake()
      .messagesIn(ANNOUNCEMENTS)
      .filter((m) => m.subtype === undefined);
    expect(announcements).toHaveLength(1);
    expect(announcements[0]?.text).toContain(`<#${channel.id}>`);
  });

  it('names the channel validly for a 100-character title full of emoji and accents', async () => {
    const characters = Array.from(
      '🔥🔥 Crème brûlée API 💥 returns 503 for every café ☕ order since 03:00 🚨🚨 — customers furious 😱😱 ok 🙏🙏🙏🙏🙏🙏🙏🙏',
    );
    const title = characters.slice(0, 100).join('');
    expect(Array.from(title)).toHaveLength(100);
    expect(await type(`declare sev1 ${title}`)).toMatch(/Declared incident \d+ \(SEV1\)/);
    await settled();
    const incident = await server.database.prisma.incident.findFirstOrThrow();
    const { name } = incidentChannel();
    expect(name).toMatch(/^[a-z0-9][a-z0-9_-]{0,79}$/);
    expect(name.startsWith(`inc-${incident.number}-creme-brulee-api-returns-503-for-every-cafe-order`)).toBe(true);
    expect(incident.title).toBe(title.trim());
  });

  it('walks the lifecycle inside the channel, updating the one summary and the topic in place', async () => {
    await type('declare Checkout is failing');
    await settled();
    const channel = incidentChannel();
    const inChannel = { channelId: channel.id };
    expect(await type('status identified', inChannel)).toMatch(/is now identified/);
    expect(await type('status monitoring Rolled back to v1.4.1', inChannel)).toMatch(/is now monitoring/);
    expect(await type('sev 1', inChannel)).toMatch(/is now SEV1/);
    expect(await type(`lead <@${BOB}|bob>`, inChannel)).toMatch(
      /<@U05BOB0002> is now the incident lead of incident \d+/,
    );
    expect(await type(`role comms <@${ALICE}|alice>`, inChannel)).toMatch(/is now the comms lead/);
    // Nothing recorded the customers' impact: resolving asks about it first.
    expect(await type('resolve Fixed by rollback', inChannel)).toMatch(/was there customer impact\?/);
    expect(await answerNoCustomerImpact(channel.id)).toMatchObject({ text: expect.stringMatching(/is resolved/) });
    expect(await type('resolve Again', inChannel)).toMatch(/already resolved.*\/incident reopen/);
    expect(await type('reopen Errors are back', inChannel)).toMatch(/open again/);
    await settled();

    // The postmortem draft shared at resolve is a file, not a line; it is checked on its own below.
    const lines = fake()
      .messagesIn(channel.id)
      .filter((m) => m.subtype === undefined && m.files === undefined)
      .map((m) => m.text);
    const shared = fake()
      .messagesIn(channel.id)
      .flatMap((m) => m.files ?? [])
      .map((file) => file.name);
    expect(shared).toEqual([expect.stringMatching(/^incident-\d+-postmortem-v1\.md$/)]);
    expect(lines.slice(1)).toEqual([
      `<@${ALICE}> changed the status from *Investigating* to *Identified*.`,
      `<@${ALICE}> changed the status from *Identified* to *Monitoring*: Rolled back to v1.4.1`,
      `<@${ALICE}> changed the severity from *SEV3* to *SEV1*.`,
      `<@${ALICE}> made <@${BOB}> the incident lead (taking over from <@${ALICE}>).`,
      `<@${ALICE}> made <@${ALICE}> the comms lead.`,
      `:white_check_mark: <@${ALICE}> confirmed there was no customer impact.`,
      `<@${ALICE}> resolved the incident: Fixed by rollback`,
      `<@${ALICE}> reopened the incident: Errors are back`,
    ]);
    // One summary, pinned once, edited in place.
    expect(fake().state.pins.filter((p) => p.channel === channel.id)).toHaveLength(1);
    expect(fake().callsTo('chat.update').length).toBeGreaterThanOrEqual(7);
    expect(channel.topic.value).toMatch(/SEV1.*Investigating.*<@U05BOB0002>/);
    const topics = fake()
      .messagesIn(channel.id)
      .filter((m) => m.subtype === 'channel_topic')
      .map((m) => m.text);
    expect(topics.length).toBeGreaterThanOrEqual(4);
    // SEV3 -> SEV1 crosses into the top two: announced once, next to the declaration and the resolution.
    const announced = fake()
      .messagesIn(ANNOUNCEMENTS)
      .filter((m) => m.subtype === undefined);
    expect(announced).toHaveLength(3);
    const timeline = await server.database.prisma.timelineEntry.findMany({ orderBy: { occurredAt: 'asc' } });
    // The answer about impact happened at the resolve time, with the resolution.
    expect(timeline.filter((e) => e.source === 'impact').map((e) => e.text)).toEqual([
      `<@${ALICE}> confirmed there was no customer impact.`,
    ]);
    expect(timeline.filter((e) => e.source !== 'impact').map((e) => e.source)).toEqual([
      'lifecycle',
      'lifecycle',
      'lifecycle',
      'lifecycle',
      'role',
      'role',
      'lifecycle',
      'lifecycle',
    ]);
  });

  it('answers commands outside an incident channel with the open incidents and how to name one', async () => {
    await type('declare sev1 Checkout is down');
    const incident = await server.database.prisma.incident.findFirstOrThrow();
    const answer = await type('status identified');
    expect(answer).toContain(String(incident.number));
    expect(answer).toMatch(/\/incident status 42 resolved|in the incident/);
    expect(await type(`status ${incident.number} identified`)).toMatch(/is now identified/);
    expect(await type('list')).toContain('Checkout is down');
  });

  it.each([
    ['frobnicate', /I don't know `\/incident frobnicate`/],
    ['decalre Checkout', /Did you mean `\/incident declare`/],
    ['declare', /title/i],
    ['declare sev9 Something', /SEV1/],
    ['status identifed', /identified/],
  ])('refuses "/incident %s" with a clear ephemeral answer and stores nothing', async (text, message) => {
    expect(await type(text)).toMatch(message);
    expect(await server.database.prisma.incident.count()).toBe(0);
  });

  it('opens the declare modal for a bare /incident', async () => {
    await server.sendToSlackEndpoint(
      slashCommandBody({
        command: '/incident',
        text: '',
        userId: ALICE,
        channelId: GENERAL,
        triggerId: fake().newTriggerId(ALICE),
      }),
    );
    await until(() => fake().callsTo('views.open').length === 1, 'views.open');
    expect(fake().callsTo('views.open')[0]?.ok).toBe(true);
  });

  it('gives 20 concurrent declarations 20 distinct numbers and channels, and paces the announcements', async () => {
    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => type(`declare Outage number ${i}`)));
    const numbers = (await server.database.prisma.incident.findMany({ select: { number: true } })).map((i) => i.number);
    expect(new Set(numbers).size).toBe(20);
    const incidentChannels = () => [...fake().state.channels.values()].filter((c) => c.name.startsWith('inc-'));
    await until(
      () => incidentChannels().length === 20 && fake().state.pins.length === 20,
      '20 channels with summaries',
    );
    expect(new Set(incidentChannels().map((c) => c.name)).size).toBe(20);
    // chat.postMessage is about one a second per channel: 20 announcements in one channel take 15 s or more after a
    // burst of 5, so they never all arrive at once.
    await until(() => fake().messagesIn(ANNOUNCEMENTS).length >= 6, 'the announcements to continue after the burst');
    const seconds = (Date.now() - started) / 1000;
    const announced = fake().messagesIn(ANNOUNCEMENTS).length;
    expect(announced).toBeLessThanOrEqual(5 + Math.ceil(seconds));
    // The bot joins the announcements channel once, on its first post there; nothing else is refused.
    expect(
      fake()
        .calls.filter((c) => !c.ok)
        .map((c) => `${c.method}: ${c.error}`),
    ).toEqual(['chat.postMessage: not_in_channel']);
    // An announcement that must wait is booked its turn and tried then, not at every sweep meanwhile.
    const announcements = () =>
      server.database.prisma.outboxMessage.findMany({
        where: { kind: 'incident.announce', status: 'done' },
        select: { attempts: true },
      });
    await until(async () => (await announcements()).length === 20, 'all 20 announcements', 40_000);
    expect(
      fake()
        .messagesIn(ANNOUNCEMENTS)
        .filter((m) => m.subtype === undefined),
    ).toHaveLength(20);
    expect((await announcements()).filter((m) => m.attempts > 2)).toEqual([]);
  }, 60_000);

  it('loses nothing when Slack is down during a declaration, and creates the channel once it is back', async () => {
    fake().failWith({ status: 500 }, { methods: ['conversations.create', 'chat.postMessage', 'conversations.invite'] });
    expect(await type('declare sev2 Payments are timing out')).toMatch(/Declared incident/);
    await until(() => fake().calls.some((c) => c.method === 'conversations.create' && !c.ok), 'a failed create');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect([...fake().state.channels.values()].some((c) => c.name.startsWith('inc-'))).toBe(false);
    fake().recover();
    await settled();
    const channels = [...fake().state.channels.values()].filter((c) => c.name.startsWith('inc-'));
    expect(channels).toHaveLength(1);
    expect(fake().state.pins.filter((p) => p.channel === channels[0]?.id)).toHaveLength(1);
    expect(
      fake()
        .messagesIn(ANNOUNCEMENTS)
        .filter((m) => m.subtype === undefined),
    ).toHaveLength(1);
  });
});
