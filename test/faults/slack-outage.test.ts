import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { flattenBlocks } from '../../demo/fake-slack/block-text.ts';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { channelExtraMethods } from '../../demo/fake-slack/methods/channel-extras.ts';
import { chatMethods } from '../../demo/fake-slack/methods/chat.ts';
import { conversationMethods } from '../../demo/fake-slack/methods/conversations.ts';
import { surfaceMethods } from '../../demo/fake-slack/methods/surfaces.ts';
import { userMethods } from '../../demo/fake-slack/methods/users.ts';
import { blockActionsBody, eventCallbackBody, slashCommandBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { type DatabaseKind, databaseKinds } from '../support/database.ts';
import { type StartTestServerOptions, startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB, dave: DAVE } = EXAMPLE_PEOPLE;
const { general: GENERAL, announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

/**
 * Every Web API method the fake answers. Posts to response URLs (`respond()`) go to another host of Slack's and
 * are left working: `failWith` without `methods` would fail them too.
 */
const WEB_API_METHODS = Object.keys({
  ...userMethods,
  ...conversationMethods,
  ...chatMethods,
  ...channelExtraMethods,
  ...surfaceMethods,
});

const ZAnswer = z.looseObject({ text: z.string(), blocks: z.array(z.unknown()).optional() });
const ZButtons = z.looseObject({
  blocks: z.array(
    z.looseObject({ elements: z.array(z.looseObject({ action_id: z.string(), value: z.string() })).optional() }),
  ),
});

const STEP_MS = 5_000;
const OUTAGE_MS = 60_000;
/**
 * The chaos run (`npm run chaos`, SITREP_CHAOS=1): the minute of outage lasts a minute on the wall clock, and
 * recovery waits for sitrep's own backoff (up to a minute). In the suite sitrep's clock runs ahead instead, so the
 * same minute of retries passes in seconds.
 */
const REAL_TIME = process.env.SITREP_CHAOS === '1';
/** Waiting for what comes after the outage: in real time, the longest backoff and then some. */
const RECOVERY_MS = REAL_TIME ? 180_000 : 30_000;

/** A sitrep server with a clock that runs ahead on demand, and what the tests below do with it. */
const useOutageHarness = (kind: DatabaseKind) => {
  let server: TestServer;
  // sitrep's clock runs ahead on demand: a minute of outage with the real retry schedule passes in a few seconds.
  let aheadMs = 0;
  /** How far the outage has gone, on sitrep's clock or, in the chaos run, the wall clock. */
  let outageMs = 0;
  const sitrepNow = () => new Date(Date.now() + aheadMs);
  afterEach(async () => {
    await server.close();
  });
  const aheadBy = () => outageMs;
  const runAhead = (ms: number) => {
    if (!REAL_TIME) aheadMs += ms;
  };

  const fake = () => server.slack.fake;
  const prisma = () => server.database.prisma;

  const start = async (options: Omit<StartTestServerOptions, 'now'> = {}) => {
    aheadMs = 0;
    outageMs = 0;
    server = await startTestServer(kind, { now: sitrepNow, ...options });
  };

  /** Slack answers every Web API call with a 500 or a 429 (Retry-After: 2 s), in turn, until `recover()`. */
  const breakSlack = () => {
    for (let i = 0; i < 1_000; i += 1) {
      fake().failWith(i % 2 === 0 ? { status: 500 } : { status: 429, retryAfterSeconds: 2 }, {
        methods: WEB_API_METHODS,
        count: 1,
      });
    }
  };

  /** Types `/incident <text>` without waiting; returns where its answer will go. */
  const send = async (text: string, { userId = ALICE, channelId }: { userId?: string; channelId: string }) => {
    const responseUrl = `https://hooks.slack.test/commands/T0TEAM/${randomUUID()}`;
    const res = await server.sendToSlackEndpoint(
      slashCommandBody({ command: '/incident', text, userId, channelId, responseUrl }),
    );
    expect(res.status).toBe(200);
    return responseUrl;
  };
  const answersAt = (url: string) => fake().responses.filter((r) => r.url === url);
  const answerAt = async (url: string, what: string, deadlineMs = 20_000) => {
    await until(() => answersAt(url).length > 0, what, deadlineMs);
    expect(answersAt(url)).toHaveLength(1);
    const body = ZAnswer.parse(answersAt(url)[0]?.body);
    return { text: body.text, lines: [body.text, ...flattenBlocks(body.blocks ?? [])].join('\n'), body };
  };
  /** Types `/incident <text>` and returns the person's answer. */
  const type = async (text: string, options: { userId?: string; channelId: string }) =>
    (await answerAt(await send(text, options), `the answer to "/incident ${text}"`)).lines;

  /** Messages the outbox would take now: due, and first in their queue. */
  const dueNow = async () => {
    const pending = await prisma().outboxMessage.findMany({
      where: { status: 'pending' },
      orderBy: { sequence: 'asc' },
    });
    const heads = pending.filter(
      (m, i) => m.orderingKey === null || pending.findIndex((n) => n.orderingKey === m.orderingKey) === i,
    );
    return heads.filter((m) => m.runAt <= sitrepNow()).length;
  };
  /** Moves sitrep's clock on and waits until every retry that came due has been tried. */
  const advance = async (ms: number) => {
    outageMs += ms;
    if (REAL_TIME) await sleep(ms);
    else aheadMs += ms;
    await until(async () => (await dueNow()) === 0, `the retries due by +${outageMs / 1000} s`, 20_000);
  };
  const drained = () =>
    until(
      async () => (await prisma().outboxMessage.count({ where: { status: { not: 'done' } } })) === 0,
      'every outbox message to be done',
      RECOVERY_MS,
    );

  const entries = async (incidentId: string) =>
    (await prisma().timelineEntry.findMany({ where: { incidentId }, orderBy: { recordedAt: 'asc' } })).map(
      (e) => `${e.source}: ${e.text}`,
    );

  return {
    server: () => server,
    fake,
    prisma,
    start,
    breakSlack,
    send,
    answersAt,
    answerAt,
    type,
    advance,
    aheadBy,
    runAhead,
    drained,
    entries,
  };
};

describe.each(databaseKinds)('a Slack outage in the middle of an incident on %s', (kind) => {
  const {
    server,
    fake,
    prisma,
    start,
    breakSlack,
    send,
    answerAt,
    type,
    advance,
    aheadBy,
    runAhead,
    drained,
    entries,
  } = useOutageHarness(kind);

  it(
    'stores every change and answers every person during a minute of 500s and 429s, then tells Slack each thing once',
    async () => {
      await start();
      expect(await type('declare sev2 checkout-api: Checkout is down', { channelId: GENERAL })).toMatch(
        /Declared incident \d+/,
      );
      await drained();
      const incident = await prisma().incident.findFirstOrThrow();
      const channelId = incident.channelId ?? '';
      // Alice has used sitrep today, so her zone is known without asking Slack.
      await type('timeline', { channelId });
      const message = fake().addMessage({ channel: channelId, user: BOB, text: 'Error rate is 40% on checkout-api' });
      const healthyCalls = fake().calls.length;

      breakSlack();
      expect(await type('status identified', { channelId })).toBe(`Incident ${incident.number} is now identified.`);
      await advance(STEP_MS);
      expect(await type('sev 1', { channelId })).toBe(`Incident ${incident.number} is now SEV1.`);
      await advance(STEP_MS);
      expect(await type('note Rolled back the canary', { channelId })).toBe(
        `Noted on the timeline of incident ${incident.number}.`,
      );
      await advance(STEP_MS);
      // A 📌 is only an id: the message's text has to be read from Slack, so the capture waits for Slack.
      message.reactions.push({ name: 'pushpin', users: [ALICE] });
      const pin = await server().sendToSlackEndpoint(
        eventCallbackBody({
          eventId: 'EvPIN0001',
          event: {
            type: 'reaction_added',
            user: ALICE,
            reaction: 'pushpin',
            item: { type: 'message', channel: channelId, ts: message.ts },
            item_user: BOB,
          },
        }),
      );
      expect(pin.status).toBe(200);
      expect(await type('impact outage', { channelId })).toMatch(/^Recorded an outage of checkout-api from /);
      await advance(STEP_MS);
      // Slack cannot say who Bob is: he is taken on trust, in the team's zone, rather than leave Alice waiting.
      expect(await type(`action Add an alert <@${BOB}|bob>`, { channelId })).toMatch(
        /^:clipboard: Added to incident \d+: \*Add an alert\*\. <@U05BOB0002> owns it/,
      );
      const resolveUrl = await send('resolve Fixed by rollback', { channelId });
      const question = await answerAt(resolveUrl, 'the resolve question');
      expect(question.lines).toMatch(/still has impact open/);
      const confirm = ZButtons.parse(question.body)
        .blocks.flatMap((block) => block.elements ?? [])
        .find((button) => button.action_id === ACTIONS.confirmResolve);
      const confirmUrl = fake().newResponseUrl({ channel: channelId, user: ALICE });
      const click = await server().sendToSlackEndpoint(
        blockActionsBody({
          userId: ALICE,
          actions: [{ action_id: ACTIONS.confirmResolve, value: confirm?.value ?? '' }],
          channelId,
          message: { ts: '1795470000.000100' },
          responseUrl: confirmUrl,
          triggerId: fake().newTriggerId(ALICE),
        }),
      );
      expect(click.status).toBe(200);
      expect((await answerAt(confirmUrl, 'the answer to Confirm')).text).toBe(
        `Incident ${incident.number} is resolved. :white_check_mark:`,
      );
      while (aheadBy() < OUTAGE_MS) await advance(STEP_MS);

      // Everything was stored while Slack was down, and nothing reached the channel.
      const actionAdded = /^command: <@U05ALICE01> added an action item: \*Add an alert\*, owner <@U05BOB0002>, due /;
      const stored = async () => (await entries(incident.id)).filter((entry) => !actionAdded.test(entry)).toSorted();
      const beforeRecovery = [
        `lifecycle: <@${ALICE}> declared a SEV2 incident: Checkout is down`,
        `lifecycle: <@${ALICE}> changed the status from *Investigating* to *Identified*.`,
        `lifecycle: <@${ALICE}> changed the severity from *SEV2* to *SEV1*.`,
        'command: Rolled back the canary',
        `impact: <@${ALICE}> recorded an outage of checkout-api.`,
        `impact: <@${ALICE}> ended the impact on checkout-api (outage, less than 1 min).`,
        `lifecycle: <@${ALICE}> resolved the incident: Fixed by rollback`,
      ];
      expect((await entries(incident.id)).filter((entry) => actionAdded.test(entry))).toHaveLength(1);
      expect(await stored()).toEqual(beforeRecovery.toSorted());
      // Taken on trust is not checked: Bob is asked about again once Slack answers.
      expect(await prisma().slackUser.findUnique({ where: { userId: BOB } })).toBeNull();
      const duringOutage = fake().calls.slice(healthyCalls);
      expect(duringOutage.filter((c) => c.method !== 'response_url' && !c.injected)).toEqual([]);
      expect(new Set(duringOutage.filter((c) => c.injected).map((c) => c.status))).toEqual(new Set([500, 429]));
      expect(duringOutage.filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThanOrEqual(3);

      fake().recover();
      runAhead(OUTAGE_MS);
      // The read behind the 📌 kept trying through the outage: Slack does not send an acknowledged event again.
      await until(
        async () => (await prisma().processedSlackEvent.count({ where: { eventId: 'EvPIN0001' } })) === 1,
        'the 📌 capture',
        RECOVERY_MS,
      );
      await drained();

      expect((await entries(incident.id)).filter((entry) => actionAdded.test(entry))).toHaveLength(1);
      expect(await stored()).toEqual([...beforeRecovery, 'reaction: Error rate is 40% on checkout-api'].toSorted());
      expect(await prisma().outboxMessage.count({ where: { status: 'dead' } })).toBe(0);

      const lines = fake()
        .messagesIn(channelId)
        .filter((m) => m.subtype === undefined && m.files === undefined && m.user !== BOB)
        .map((m) => m.text);
      expect(new Set(lines).size).toBe(lines.length);
      expect(lines.slice(1)).toEqual([
        `<@${ALICE}> changed the status from *Investigating* to *Identified*.`,
        `<@${ALICE}> changed the severity from *SEV2* to *SEV1*.`,
        `:memo: <@${ALICE}> noted: Rolled back the canary`,
        expect.stringMatching(/^:red_circle: <@U05ALICE01> recorded an outage of checkout-api from /),
        expect.stringMatching(/^<@U05ALICE01> added an action item: \*Add an alert\*, owner <@U05BOB0002>/),
        expect.stringMatching(/^:large_green_circle: <@U05ALICE01> ended the impact on checkout-api/),
        `<@${ALICE}> resolved the incident: Fixed by rollback`,
        // 99.9 % of the month the test runs in: 28, 29, 30 or 31 days.
        expect.stringMatching(/^Used .* of checkout-api's (40\.32|41\.76|43\.2|44\.64) min \w+ budget/),
      ]);
      const pins = fake().state.pins.filter((p) => p.channel === channelId);
      expect(pins).toHaveLength(1);
      expect(pins[0]?.ts).toBe(incident.summaryTs);
      expect([...fake().state.canvases.values()].filter((c) => c.channel_id === channelId)).toHaveLength(1);
      expect(
        [...fake().state.files.values()].filter((f) => f.completed && f.channels.includes(channelId)),
      ).toHaveLength(1);
      expect(fake().state.bookmarks.filter((b) => b.channel_id === channelId)).toHaveLength(1);
      const dmsTo = (userId: string) =>
        fake()
          .callsTo('chat.postMessage')
          .filter((c) => c.ok && fake().state.channels.get(String(c.params.channel))?.user === userId)
          .map((c) => String(c.params.text));
      expect(dmsTo(BOB)).toEqual([expect.stringMatching(/^:clipboard: You own an action item of incident \d+/)]);
      expect(dmsTo(ALICE)).toEqual([expect.stringMatching(/postmortem/i)]);
      const announced = fake()
        .messagesIn(ANNOUNCEMENTS)
        .filter((m) => m.subtype === undefined)
        .map((m) => m.text);
      // SEV2 to SEV1 stays within the top two severities, which were announced already.
      expect(announced).toEqual([
        `Incident ${incident.number} declared (SEV2): Checkout is down. Follow it in <#${channelId}>.`,
        expect.stringMatching(new RegExp(`^Incident ${incident.number} resolved after .*: Checkout is down\\.`)),
      ]);
      // Each outbox effect reached Slack once: one successful call per effect that posts.
      expect(
        fake()
          .callsTo('chat.postMessage')
          .filter((c) => c.ok).length,
      ).toBe(lines.length + announced.length + 2);
    },
    REAL_TIME ? 600_000 : 90_000,
  );
});

// Not about the database: once is enough.
describe('Slack failures, on pglite', () => {
  const { fake, prisma, start, breakSlack, send, answerAt, type, drained, entries } = useOutageHarness('pglite');

  it('answers a note while Slack is down from someone whose zone sitrep has not cached, in the team’s zone', async () => {
    await start();
    await type('declare sev2 checkout-api: Checkout is down', { channelId: GENERAL });
    await drained();
    const incident = await prisma().incident.findFirstOrThrow();
    const channelId = incident.channelId ?? '';
    breakSlack();
    const url = await send('note Seeing 502s from the edge', { userId: DAVE, channelId });
    expect((await answerAt(url, 'the answer to the note', 5_000)).text).toBe(
      `Noted on the timeline of incident ${incident.number}.`,
    );
    expect(await entries(incident.id)).toContain('command: Seeing 502s from the edge');
    // The team's zone stood in for his: it is not remembered as his, so Slack is asked again next time.
    expect(await prisma().slackUser.findUnique({ where: { userId: DAVE } })).toBeNull();
  }, 60_000);

  it('pins the summary when pins.add failed the first time, once, and only while opening the channel', async () => {
    await start({ maxRetryBackoffMs: 200 });
    fake().failWith({ status: 500 }, { methods: ['pins.add'], count: 1 });
    await type('declare sev2 checkout-api: Checkout is down', { channelId: GENERAL });
    await drained();
    const incident = await prisma().incident.findFirstOrThrow();
    const channelId = incident.channelId ?? '';
    // The retry found the summary posted (its ts kept), so it edited it rather than post it again, and pinned it.
    expect(
      fake()
        .state.pins.filter((p) => p.channel === channelId)
        .map((p) => p.ts),
    ).toEqual([incident.summaryTs]);
    const summaries = fake()
      .callsTo('chat.postMessage')
      .filter((c) => c.ok && c.params.channel === channelId && c.params.blocks !== undefined);
    expect(summaries).toHaveLength(1);
    const summaryEdits = () =>
      fake()
        .callsTo('chat.update')
        .filter((c) => c.ok && c.params.ts === incident.summaryTs);
    const edits = summaryEdits().length;
    const pinCalls = fake().callsTo('pins.add').length;

    // An ordinary refresh of the summary edits it and leaves the pin alone.
    await type('status identified', { channelId });
    await drained();
    expect(summaryEdits().length).toBeGreaterThan(edits);
    expect(fake().callsTo('pins.add')).toHaveLength(pinCalls);
  });
});
