import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { buttonOf, type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

describe.each(databaseKinds)('the incident lifecycle through Slack on %s', (kind) => {
  // Alice types and clicks in #general unless a step says otherwise.
  let slack: SlackTest;
  beforeEach(async () => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200 });
  });
  afterEach(async () => {
    await slack.close();
  });

  const incidentChannel = () => {
    const [channel, ...more] = slack.incidentChannels();
    if (!channel) throw new Error('no incident channel');
    expect(more).toEqual([]);
    return channel;
  };

  it('declares an incident: channel, invitations, topic, pinned summary, announcement', async () => {
    const { reply, incident } = await slack.declare();
    expect(reply.text).toMatch(/Declared incident (\d+) \(SEV2\): Checkout is down/);
    const channel = incidentChannel();
    expect(channel.name).toBe(`inc-${incident.number}-checkout-is-down`);
    expect(channel.members).toEqual(expect.arrayContaining([ALICE, BOB]));
    expect(channel.topic.value).toMatch(/SEV2.*Investigating.*<@U05ALICE01>/);
    const lines = slack.linesIn(channel.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Checkout is down');
    expect(slack.pinsIn(channel.id)).toHaveLength(1);
    const announcements = slack.linesIn(ANNOUNCEMENTS);
    expect(announcements).toHaveLength(1);
    expect(announcements[0]).toContain(`<#${channel.id}>`);
  });

  it('announces a rise from SEV2 to SEV1 beyond the channel, and not the way back down', async () => {
    const { incident } = await slack.declare();
    const inChannel = { channelId: incidentChannel().id };
    await slack.settled();
    // Slack holds the announcement back until the severity has moved again: it still says what it was about.
    let lowered = false;
    slack.fake.failWith({ error: 'internal_error' }, { methods: ['chat.postMessage'], until: () => lowered });
    expect(await slack.type('sev 1', inChannel)).toMatch(/is now SEV1/);
    expect(await slack.type('sev 2', inChannel)).toMatch(/is now SEV2/);
    lowered = true;
    await slack.settled();
    const announcements = slack.linesIn(ANNOUNCEMENTS);
    expect(announcements).toHaveLength(2);
    expect(announcements[1]).toMatch(
      new RegExp(`^Incident ${incident.number} raised from SEV2 to SEV1: Checkout is down`),
    );
  });

  it('names the channel validly for a 100-character title full of emoji and accents', async () => {
    const characters = Array.from(
      '🔥🔥 Crème brûlée API 💥 returns 503 for every café ☕ order since 03:00 🚨🚨 — customers furious 😱😱 ok 🙏🙏🙏🙏🙏🙏🙏🙏',
    );
    const title = characters.slice(0, 100).join('');
    expect(Array.from(title)).toHaveLength(100);
    const { reply, incident } = await slack.declare({ text: `declare sev1 ${title}` });
    expect(reply.text).toMatch(/Declared incident \d+ \(SEV1\)/);
    const { name } = incidentChannel();
    expect(name).toMatch(/^[a-z0-9][a-z0-9_-]{0,79}$/);
    expect(name.startsWith(`inc-${incident.number}-creme-brulee-api-returns-503-for-every-cafe-order`)).toBe(true);
    expect(incident.title).toBe(title.trim());
  });

  it('walks the lifecycle inside the channel, updating the one summary and the topic in place', async () => {
    await slack.declare({ text: 'declare Checkout is failing' });
    const channel = incidentChannel();
    const inChannel = { channelId: channel.id };
    expect(await slack.type('status identified', inChannel)).toMatch(/is now identified/);
    expect(await slack.type('status monitoring Rolled back to v1.4.1', inChannel)).toMatch(/is now monitoring/);
    expect(await slack.type('sev 1', inChannel)).toMatch(/is now SEV1/);
    expect(await slack.type(`lead <@${BOB}|bob>`, inChannel)).toMatch(
      /<@U05BOB0002> is now the incident lead of incident \d+/,
    );
    expect(await slack.type(`role comms <@${ALICE}|alice>`, inChannel)).toMatch(/is now the comms lead/);
    // Nothing recorded the customers' impact: resolving asks about it first.
    const question = await slack.ask('resolve Fixed by rollback', inChannel);
    expect(question.shown).toMatch(/was there customer impact\?/);
    const noImpact = await slack.press(buttonOf(question.buttons, ACTIONS.resolveWithoutImpact), inChannel);
    expect((await noImpact.reply()).text).toMatch(/is resolved/);
    expect(await slack.type('resolve Again', inChannel)).toMatch(/already resolved.*\/incident reopen/);
    expect(await slack.type('reopen Errors are back', inChannel)).toMatch(/open again/);
    await slack.settled();

    // The postmortem draft shared at resolve is a file, not a line; it is checked on its own below.
    const lines = slack.linesIn(channel.id);
    const shared = slack.fake
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
    expect(slack.pinsIn(channel.id)).toHaveLength(1);
    expect(slack.fake.callsTo('chat.update').length).toBeGreaterThanOrEqual(7);
    expect(channel.topic.value).toMatch(/SEV1.*Investigating.*<@U05BOB0002>/);
    const topics = slack.fake
      .messagesIn(channel.id)
      .filter((m) => m.subtype === 'channel_topic')
      .map((m) => m.text);
    expect(topics.length).toBeGreaterThanOrEqual(4);
    // SEV3 -> SEV1 crosses into the top two: announced once, next to the declaration and the resolution.
    expect(slack.linesIn(ANNOUNCEMENTS)).toHaveLength(3);
    const timeline = await slack.prisma.timelineEntry.findMany({ orderBy: { occurredAt: 'asc' } });
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
    await slack.type('declare sev1 Checkout is down');
    const incident = await slack.prisma.incident.findFirstOrThrow();
    const answer = await slack.type('status identified');
    expect(answer).toContain(String(incident.number));
    expect(answer).toMatch(/\/incident status 42 resolved|in the incident/);
    expect(await slack.type(`status ${incident.number} identified`)).toMatch(/is now identified/);
    expect(await slack.type('list')).toContain('Checkout is down');
  });

  it.each([
    ['frobnicate', /I don't know `\/incident frobnicate`/],
    ['decalre Checkout', /Did you mean `\/incident declare`/],
    ['declare', /title/i],
    ['declare sev9 Something', /SEV1/],
    ['status identifed', /identified/],
  ])('refuses "/incident %s" with a clear ephemeral answer and stores nothing', async (text, message) => {
    expect(await slack.type(text)).toMatch(message);
    expect(await slack.prisma.incident.count()).toBe(0);
  });

  it('opens the declare modal for a bare /incident', async () => {
    await slack.deliver(slack.slashCommand('').request);
    await until(() => slack.fake.callsTo('views.open').length === 1, 'views.open');
    expect(slack.fake.callsTo('views.open')[0]?.ok).toBe(true);
  });

  it('gives 20 concurrent declarations 20 distinct numbers and channels, and paces the announcements', async () => {
    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => slack.type(`declare Outage number ${i}`)));
    const numbers = (await slack.prisma.incident.findMany({ select: { number: true } })).map((i) => i.number);
    expect(new Set(numbers).size).toBe(20);
    await until(
      () => slack.incidentChannels().length === 20 && slack.fake.state.pins.length === 20,
      '20 channels with summaries',
    );
    expect(new Set(slack.incidentChannels().map((c) => c.name)).size).toBe(20);
    // chat.postMessage is about one a second per channel: 20 announcements in one channel take 15 s or more after a
    // burst of 5, so they never all arrive at once.
    await until(
      () => slack.fake.messagesIn(ANNOUNCEMENTS).length >= 6,
      'the announcements to continue after the burst',
    );
    const seconds = (Date.now() - started) / 1000;
    const announced = slack.fake.messagesIn(ANNOUNCEMENTS).length;
    expect(announced).toBeLessThanOrEqual(5 + Math.ceil(seconds));
    // The bot joins the announcements channel once, on its first post there; nothing else is refused.
    expect(slack.fake.calls.filter((c) => !c.ok).map((c) => `${c.method}: ${c.error}`)).toEqual([
      'chat.postMessage: not_in_channel',
    ]);
    // An announcement that must wait is booked its turn and tried then, not at every sweep meanwhile.
    const announcements = () =>
      slack.prisma.outboxMessage.findMany({
        where: { kind: 'incident.announce', status: 'done' },
        select: { attempts: true },
      });
    await until(async () => (await announcements()).length === 20, 'all 20 announcements', 40_000);
    expect(slack.linesIn(ANNOUNCEMENTS)).toHaveLength(20);
    expect((await announcements()).filter((m) => m.attempts > 2)).toEqual([]);
  }, 60_000);

  it('loses nothing when Slack is down during a declaration, and creates the channel once it is back', async () => {
    slack.fake.failWith(
      { status: 500 },
      { methods: ['conversations.create', 'chat.postMessage', 'conversations.invite'] },
    );
    expect(await slack.type('declare sev2 Payments are timing out')).toMatch(/Declared incident/);
    await until(() => slack.fake.calls.some((c) => c.method === 'conversations.create' && !c.ok), 'a failed create');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(slack.incidentChannels()).toEqual([]);
    slack.fake.recover();
    await slack.settled();
    const channel = incidentChannel();
    expect(slack.pinsIn(channel.id)).toHaveLength(1);
    expect(slack.linesIn(ANNOUNCEMENTS)).toHaveLength(1);
  });
});
