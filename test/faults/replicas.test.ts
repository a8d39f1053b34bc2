import { describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { databaseKinds } from '../support/database.ts';
import { startSlackHarness } from '../support/slack/slack-harness.ts';
import { startTestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const { alice: ALICE } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

const INCIDENTS = 12;
/**
 * Production's proportions, scaled down to finish in a test: a 60 s lease against Slack answering in 8 s is 7.5
 * answers a lease; here 3 s against 400 ms. A sweep used to claim 20 messages under one lease, which lapsed while
 * the first few ran, and the other replica ran the rest again.
 */
const LEASE_MS = 3_000;
const SLACK_LATENCY_MS = 400;

// Two replicas share one database: PostgreSQL only (the embedded database is one process's).
const kinds = databaseKinds.filter((kind) => kind === 'postgres');

describe.skipIf(kinds.length === 0).each(kinds)('two replicas on one %s database, with a slow Slack', (kind) => {
  it('tell Slack each thing once: no line posted twice, no summary pinned twice', async () => {
    const slack = await startSlackHarness(kind, { outboxLeaseMs: LEASE_MS, replyWithinMs: 30_000 });
    const replica = await startTestServer(kind, { outboxLeaseMs: LEASE_MS, replicaOf: slack.server });
    try {
      slack.server.slack.slowDown(SLACK_LATENCY_MS);
      const numbers: number[] = [];
      for (let i = 1; i <= INCIDENTS; i += 1) {
        const reply = await slack.ask(`declare sev2 checkout-api: Checkout is down ${i}`);
        numbers.push(Number(/Declared incident (\d+)/.exec(reply.text)?.[1]));
      }
      const incidents = async () =>
        slack.prisma.incident.findMany({ where: { number: { in: numbers } }, orderBy: { number: 'asc' } });
      await until(
        async () => (await incidents()).every((incident) => incident.channelId !== null),
        'every channel to be open',
        120_000,
      );
      for (const incident of await incidents()) {
        const channelId = incident.channelId ?? '';
        await slack.type('status identified', { channelId });
        await slack.type(`note Rolled back the canary of ${incident.number}`, { channelId });
      }
      await slack.allDone(180_000);

      const calls = slack.fake.calls;
      for (const incident of await incidents()) {
        const channelId = incident.channelId ?? '';
        const lines = slack.linesIn(channelId);
        expect(
          lines.filter((line, i) => lines.indexOf(line) !== i),
          `incident ${incident.number}`,
        ).toEqual([]);
        expect(lines.slice(-2)).toEqual([
          `<@${ALICE}> changed the status from *Investigating* to *Identified*.`,
          `:memo: <@${ALICE}> noted: Rolled back the canary of ${incident.number}`,
        ]);
        expect(slack.pinsIn(channelId), `pins of incident ${incident.number}`).toHaveLength(1);
        const summaries = calls.filter(
          (call) =>
            call.method === 'chat.postMessage' && call.ok && call.params.channel === channelId && call.params.blocks,
        );
        expect(summaries, `summaries of incident ${incident.number}`).toHaveLength(1);
      }
      const announced = slack.linesIn(ANNOUNCEMENTS);
      expect(announced.filter((line, i) => announced.indexOf(line) !== i)).toEqual([]);
      // Both replicas did part of the work.
      const finished = await slack.prisma.outboxMessage.count({ where: { status: 'done' } });
      expect(finished).toBeGreaterThan(INCIDENTS * 4);
      // No claim ran out: a message claimed again after its lease lapsed was tried twice with no failure written.
      // (An announcement tried before its incident's channel existed was retried on purpose, and says why.)
      const claimedAgain = await slack.prisma.outboxMessage.findMany({
        where: { attempts: { gt: 1 }, status: 'done', lastError: null },
        select: { kind: true, attempts: true },
      });
      expect(claimedAgain).toEqual([]);
    } finally {
      slack.server.slack.slowDown(0);
      await replica.close();
      await slack.close();
    }
  }, 300_000);
});

describe.each(databaseKinds)('a post whose answer was lost, on %s', (kind) => {
  it('is found in the channel by its metadata before a retry posts it again', async () => {
    const slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200 });
    try {
      const { channelId } = await slack.declare();
      await slack.allDone();
      // Slack posts the line, and the answer never reaches sitrep.
      slack.fake.failWith({ status: 504, performed: true }, { methods: ['chat.postMessage'], count: 1 });
      await slack.type('note Rolled back the canary', { channelId });
      await slack.allDone();

      const note = `:memo: <@${ALICE}> noted: Rolled back the canary`;
      expect(slack.linesIn(channelId).filter((line) => line === note)).toHaveLength(1);
      const message = await slack.prisma.outboxMessage.findFirstOrThrow({
        where: { kind: 'incident.post' },
        orderBy: { sequence: 'desc' },
      });
      expect(message).toMatchObject({ status: 'done', attempts: 2 });
      const posted = slack.fake.state.messages.get(channelId)?.find((m) => m.text === note);
      expect(posted?.metadata).toEqual({
        event_type: 'sitrep_outbox',
        event_payload: { outbox_id: message.id, part: 'line' },
      });
      expect(slack.fake.callsTo('conversations.history').at(-1)?.params).toMatchObject({
        channel: channelId,
        // Form-encoded, as WebClient sends it.
        include_all_metadata: 'true',
      });
    } finally {
      await slack.close();
    }
  }, 60_000);

  it('posts and pins the summary once, and announces once, when each post’s first answer is lost', async () => {
    const slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200 });
    try {
      slack.fake.failWith({ status: 504, performed: true }, { methods: ['chat.postMessage'], count: 3 });
      const { incident, channelId } = await slack.declare();
      await slack.allDone();
      const summaries = slack.fake.state.messages.get(channelId)?.filter((m) => m.blocks !== undefined) ?? [];
      expect(summaries.map((m) => m.ts)).toEqual([incident.summaryTs]);
      expect(slack.pinsIn(channelId).map((pin) => pin.ts)).toEqual([incident.summaryTs]);
      const lines = slack.linesIn(channelId);
      expect(lines.filter((line, i) => lines.indexOf(line) !== i)).toEqual([]);
      expect(slack.linesIn(ANNOUNCEMENTS).filter((line) => line.includes(`<#${channelId}>`))).toHaveLength(1);
      // Each of the declaration's three posts (the summary, the first line, the announcement) lost its first answer.
      expect(slack.fake.callsTo('chat.postMessage').filter((call) => call.injected)).toHaveLength(3);
    } finally {
      await slack.close();
    }
  }, 60_000);
});
