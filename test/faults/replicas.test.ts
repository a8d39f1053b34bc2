import { describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { databaseKinds } from '../support/database.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { startTestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const { alice: ALICE } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

/**
 * Production's proportions, scaled down to finish in a test: a 60 s lease against Slack answering in 8 s is 7.5
 * answers a lease; here 3 s against 400 ms. A sweep used to claim 20 messages under one lease, which lapsed while
 * the first few ran, and the other replica ran the rest again. `npm run chaos:replicas` (SITREP_REPLICAS_FULL=1)
 * runs production's figures themselves: 50 incidents, the real 60 s lease, Slack answering in 8 s and in 15 s.
 */
const FULL = process.env.SITREP_REPLICAS_FULL === '1';
const INCIDENTS = FULL ? 50 : 12;
const LEASE_MS = FULL ? 60_000 : 3_000;
const SLACK_LATENCIES_MS = FULL ? [8_000, 15_000] : [400];
/** A deadline of so many Slack answers per incident: the scaled run's 120 s, 180 s and 300 s, grown to match. */
const answersLong = (answersPerIncident: number, latencyMs: number) => answersPerIncident * INCIDENTS * latencyMs;

/**
 * What the full run reports: its wall time, what Slack was asked and what people see, and how often a claim's lease
 * was renewed (counted by a trigger, as a renewal leaves no trace in the row: only its lease moves on).
 */
const measureRun = async (slack: SlackTest) => {
  await slack.prisma.$executeRawUnsafe('CREATE TABLE "LeaseRenewal" (at timestamptz NOT NULL DEFAULT now())');
  await slack.prisma.$executeRawUnsafe(`
    CREATE FUNCTION count_lease_renewal() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO "LeaseRenewal" DEFAULT VALUES;
      RETURN NEW;
    END $$`);
  await slack.prisma.$executeRawUnsafe(`
    CREATE TRIGGER lease_renewal AFTER UPDATE ON "OutboxMessage" FOR EACH ROW
      WHEN (NEW.attempts = OLD.attempts AND NEW.status = OLD.status AND NEW."lockedUntil" > OLD."lockedUntil")
      EXECUTE FUNCTION count_lease_renewal()`);
  const started = Date.now();
  let openedAfterMs = 0;
  return {
    /** Every incident's channel is open. */
    opened: () => {
      openedAfterMs = Date.now() - started;
    },
    report: async (latencyMs: number, incidents: { channelId: string | null }[]) => {
      const channels = incidents.map((incident) => incident.channelId ?? '');
      const api = slack.fake.calls.filter((call) => call.method !== 'response_url');
      const byMethod = Object.fromEntries(
        [...new Set(api.map((call) => call.method))].map((method) => [
          method,
          api.filter((call) => call.method === method).length,
        ]),
      );
      const [renewals] = await slack.prisma.$queryRawUnsafe<{ count: bigint }[]>(
        'SELECT count(*) AS count FROM "LeaseRenewal"',
      );
      const messages = await slack.prisma.outboxMessage.aggregate({ _count: true, _sum: { attempts: true } });
      const figures = {
        latencyMs,
        leaseMs: LEASE_MS,
        incidents: incidents.length,
        channelsOpenSeconds: Math.round(openedAfterMs / 1000),
        wallSeconds: Math.round((Date.now() - started) / 1000),
        slackCalls: api.length,
        slackCallsFailed: api.filter((call) => !call.ok).map((call) => `${call.method}: ${call.error}`),
        byMethod,
        linesInIncidentChannels: channels.reduce((sum, channel) => sum + slack.linesIn(channel).length, 0),
        linesAnnounced: slack.linesIn(ANNOUNCEMENTS).length,
        pins: channels.reduce((sum, channel) => sum + slack.pinsIn(channel).length, 0),
        outboxMessages: messages._count,
        outboxAttempts: messages._sum.attempts,
        leaseRenewals: Number(renewals?.count ?? 0),
      };
      process.stdout.write(`replicas at production figures: ${JSON.stringify(figures)}\n`);
    },
  };
};

// Two replicas share one database: PostgreSQL only (the embedded database is one process's).
const kinds = databaseKinds.filter((kind) => kind === 'postgres');
// The full run is asked for by name: skipping it would pass for a run that found nothing.
if (FULL && kinds.length === 0) throw new Error('SITREP_REPLICAS_FULL=1 runs on PostgreSQL: set TEST_DATABASE_URL');

describe.skipIf(kinds.length === 0).each(kinds)('two replicas on one %s database, with a slow Slack', (kind) => {
  it.each(SLACK_LATENCIES_MS)(
    'tell Slack each thing once: no line posted twice, no summary pinned twice (Slack answering in %i ms)',
    async (latencyMs) => {
      const slack = await startSlackHarness(kind, { outboxLeaseMs: LEASE_MS, replyWithinMs: 30_000 });
      const replica = await startTestServer(kind, { outboxLeaseMs: LEASE_MS, replicaOf: slack.server });
      try {
        slack.server.slack.slowDown(latencyMs);
        const measured = FULL ? await measureRun(slack) : undefined;
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
          answersLong(25, latencyMs),
        );
        measured?.opened();
        for (const incident of await incidents()) {
          const channelId = incident.channelId ?? '';
          await slack.type('status identified', { channelId });
          await slack.type(`note Rolled back the canary of ${incident.number}`, { channelId });
        }
        await slack.allDone(answersLong(37.5, latencyMs));
        await measured?.report(latencyMs, await incidents());

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
    },
    answersLong(62.5, Math.max(...SLACK_LATENCIES_MS)),
  );
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
