import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { WEB_API_METHODS } from '../../demo/fake-slack/fake-slack.ts';
import { eventCallbackBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { type DatabaseKind, databaseKinds } from '../support/database.ts';
import {
  buttonOf,
  type SlackTest,
  type StartSlackHarnessOptions,
  startSlackHarness,
} from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB, dave: DAVE } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

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
  // Alice types in #general unless a step says otherwise.
  let slack: SlackTest;
  // sitrep's clock runs ahead on demand: a minute of outage with the real retry schedule passes in a few seconds.
  let clock = createTestClock();
  /** How far the outage has gone, on sitrep's clock or, in the chaos run, the wall clock. */
  let outageMs = 0;
  afterEach(async () => {
    await slack.close();
  });
  const aheadBy = () => outageMs;
  const runAhead = (ms: number) => {
    if (!REAL_TIME) clock.advance(ms);
  };

  const start = async (options: Omit<StartSlackHarnessOptions, 'now'> = {}) => {
    clock = createTestClock();
    outageMs = 0;
    slack = await startSlackHarness(kind, { now: () => clock.now(), replyWithinMs: 20_000, ...options });
  };

  /** Slack answers every Web API call with a 500 or a 429 (Retry-After: 2 s), in turn, until `recover()`. */
  const breakSlack = () => {
    for (let i = 0; i < 1_000; i += 1) {
      slack.fake.failWith(i % 2 === 0 ? { status: 500 } : { status: 429, retryAfterSeconds: 2 }, {
        methods: WEB_API_METHODS,
        count: 1,
      });
    }
  };

  /** Moves sitrep's clock on and waits until every retry that came due has been tried. */
  const advance = async (ms: number) => {
    outageMs += ms;
    if (REAL_TIME) await sleep(ms);
    else clock.advance(ms);
    await slack.caughtUp({ now: clock.now, what: `the retries due by +${outageMs / 1000} s`, deadlineMs: 20_000 });
  };
  const drained = () => slack.allDone(RECOVERY_MS);

  const entries = async (incidentId: string) =>
    (await slack.prisma.timelineEntry.findMany({ where: { incidentId }, orderBy: { recordedAt: 'asc' } })).map(
      (e) => `${e.source}: ${e.text}`,
    );

  return { slack: () => slack, start, breakSlack, advance, aheadBy, runAhead, drained, entries };
};

describe.each(databaseKinds)('a Slack outage in the middle of an incident on %s', (kind) => {
  const outage = useOutageHarness(kind);
  const { start, breakSlack, advance, aheadBy, runAhead, drained, entries } = outage;

  it(
    'stores every change and answers every person during a minute of 500s and 429s, then tells Slack each thing once',
    async () => {
      await start();
      const slack = outage.slack();
      const { incident, channelId } = await slack.declare();
      await drained();
      // Alice has used sitrep today, so her zone is known without asking Slack.
      await slack.type('timeline', { channelId });
      const message = slack.fake.addMessage({
        channel: channelId,
        user: BOB,
        text: 'Error rate is 40% on checkout-api',
      });
      const healthyCalls = slack.fake.calls.length;

      breakSlack();
      expect(await slack.type('status identified', { channelId })).toBe(
        `Incident ${incident.number} is now identified.`,
      );
      await advance(STEP_MS);
      expect(await slack.type('sev 1', { channelId })).toBe(`Incident ${incident.number} is now SEV1.`);
      await advance(STEP_MS);
      expect(await slack.type('note Rolled back the canary', { channelId })).toBe(
        `Noted on the timeline of incident ${incident.number}.`,
      );
      await advance(STEP_MS);
      // A 📌 is only an id: the message's text has to be read from Slack, so the capture waits for Slack.
      await slack.deliver(eventCallbackBody({ eventId: 'EvPIN0001', event: slack.pinEvent(message, ALICE) }));
      expect(await slack.type('impact outage', { channelId })).toMatch(/^Recorded an outage of checkout-api from /);
      await advance(STEP_MS);
      // Slack cannot say who Bob is: he is taken on trust, in the team's zone, rather than leave Alice waiting.
      expect(await slack.type(`action Add an alert <@${BOB}|bob>`, { channelId })).toMatch(
        /^:clipboard: Added to incident \d+: \*Add an alert\*\. <@U05BOB0002> owns it/,
      );
      const question = await slack.ask('resolve Fixed by rollback', { channelId });
      expect(question.shown).toMatch(/still has impact open/);
      const confirm = await slack.press(buttonOf(question.buttons, ACTIONS.confirmResolve), { channelId });
      expect((await confirm.reply()).text).toBe(`Incident ${incident.number} is resolved. :white_check_mark:`);
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
      expect(await slack.prisma.slackUser.findUnique({ where: { userId: BOB } })).toBeNull();
      const duringOutage = slack.fake.calls.slice(healthyCalls);
      expect(duringOutage.filter((c) => c.method !== 'response_url' && !c.injected)).toEqual([]);
      expect(new Set(duringOutage.filter((c) => c.injected).map((c) => c.status))).toEqual(new Set([500, 429]));
      // The lines kept being tried: a retry first looks in the channel for a post whose answer was lost, then posts.
      const postTries = duringOutage.filter((c) => ['chat.postMessage', 'conversations.history'].includes(c.method));
      expect(postTries.length).toBeGreaterThanOrEqual(3);

      slack.fake.recover();
      runAhead(OUTAGE_MS);
      // The read behind the 📌 kept trying through the outage: Slack does not send an acknowledged event again.
      await until(slack.eventHandled('EvPIN0001'), 'the 📌 capture', RECOVERY_MS);
      await drained();

      expect((await entries(incident.id)).filter((entry) => actionAdded.test(entry))).toHaveLength(1);
      expect(await stored()).toEqual([...beforeRecovery, 'reaction: Error rate is 40% on checkout-api'].toSorted());
      expect(await slack.prisma.outboxMessage.count({ where: { status: 'dead' } })).toBe(0);

      const lines = slack.linesIn(channelId);
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
      const pins = slack.pinsIn(channelId);
      expect(pins).toHaveLength(1);
      expect(pins[0]?.ts).toBe(incident.summaryTs);
      expect([...slack.fake.state.canvases.values()].filter((c) => c.channel_id === channelId)).toHaveLength(1);
      expect(
        [...slack.fake.state.files.values()].filter((f) => f.completed && f.channels.includes(channelId)),
      ).toHaveLength(1);
      expect(slack.fake.state.bookmarks.filter((b) => b.channel_id === channelId)).toHaveLength(1);
      expect(slack.dmsTo(BOB)).toEqual([expect.stringMatching(/^:clipboard: You own an action item of incident \d+/)]);
      expect(slack.dmsTo(ALICE)).toEqual([expect.stringMatching(/postmortem/i)]);
      const announced = slack.linesIn(ANNOUNCEMENTS);
      // SEV2 to SEV1 is a rise into the top two: announced, like the declaration and the resolution.
      expect(announced).toEqual([
        `Incident ${incident.number} declared (SEV2): Checkout is down. Follow it in <#${channelId}>.`,
        `Incident ${incident.number} raised from SEV2 to SEV1: Checkout is down. Follow it in <#${channelId}>.`,
        expect.stringMatching(new RegExp(`^Incident ${incident.number} resolved after .*: Checkout is down\\.`)),
      ]);
      // Each outbox effect reached Slack once: one successful call per effect that posts.
      expect(slack.fake.callsTo('chat.postMessage').filter((c) => c.ok).length).toBe(
        lines.length + announced.length + 2,
      );
    },
    REAL_TIME ? 600_000 : 90_000,
  );
});

// Not about the database: once is enough.
describe('Slack failures, on pglite', () => {
  const outage = useOutageHarness('pglite');
  const { start, breakSlack, drained, entries } = outage;

  it('answers a note while Slack is down from someone whose zone sitrep has not cached, in the team’s zone', async () => {
    await start();
    const slack = outage.slack();
    const { incident, channelId } = await slack.declare();
    await drained();
    breakSlack();
    const note = await slack.sendCommand('note Seeing 502s from the edge', { userId: DAVE, channelId });
    expect((await note.reply(5_000)).text).toBe(`Noted on the timeline of incident ${incident.number}.`);
    expect(await entries(incident.id)).toContain('command: Seeing 502s from the edge');
    // The team's zone stood in for his: it is not remembered as his, so Slack is asked again next time.
    expect(await slack.prisma.slackUser.findUnique({ where: { userId: DAVE } })).toBeNull();
  }, 60_000);

  it('pins the summary when pins.add failed the first time, once, and only while opening the channel', async () => {
    await start({ maxRetryBackoffMs: 200 });
    const slack = outage.slack();
    slack.fake.failWith({ status: 500 }, { methods: ['pins.add'], count: 1 });
    const { incident, channelId } = await slack.declare();
    await drained();
    // The retry found the summary posted (its ts kept), so it edited it rather than post it again, and pinned it.
    expect(slack.fake.state.pins.filter((p) => p.channel === channelId).map((p) => p.ts)).toEqual([incident.summaryTs]);
    const summaries = slack.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.ok && c.params.channel === channelId && c.params.blocks !== undefined);
    expect(summaries).toHaveLength(1);
    const summaryEdits = () =>
      slack.fake.callsTo('chat.update').filter((c) => c.ok && c.params.ts === incident.summaryTs);
    const edits = summaryEdits().length;
    const pinCalls = slack.fake.callsTo('pins.add').length;

    // An ordinary refresh of the summary edits it and leaves the pin alone.
    await slack.type('status identified', { channelId });
    await drained();
    expect(summaryEdits().length).toBeGreaterThan(edits);
    expect(slack.fake.callsTo('pins.add')).toHaveLength(pinCalls);
  });
});
