import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { type SitrepProcess, startSitrep } from '../../demo/sitrep-process.ts';
import { openDatabase } from '../../src/store/database.ts';
import { openFileCommandJournal } from '../../src/store/file-command-journal.ts';
import { createTestTarget, databaseKinds, type TestTarget } from '../support/database.ts';
import { type ExampleSlack, fakeSlackEnv, sitrepEnv, startExampleSlack } from '../support/real-sitrep.ts';
import type { SlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

const READY_WITHIN_MS = 45_000;
const GRACE_SECONDS = 8;
/** The lease of a killed process's commands (20 s) lapses, and the next sweep (every 5 s) takes them. */
const TAKEN_OVER_WITHIN_MS = 60_000;
/**
 * A killed process may have held the claim on the incident's channel queue: its 60 s outbox lease must lapse before
 * the restarted process posts the next line there, counted from the kill rather than from the last answer.
 */
const CHANNEL_LINES_WITHIN_MS = 75_000;

/** What became of one command sent: acknowledged (the answer follows), refused at once, or never acknowledged. */
type Sent = { text: string; responseUrl: string; outcome: 'acknowledged' | 'busy' | 'lost'; ms: number };

describe.each(databaseKinds)('acknowledged slash commands across a stop or a kill, on %s', (kind) => {
  let slackServer: FakeSlackServer;
  let slack: SlackHarness;
  let post: ExampleSlack['post'];
  let data: TestTarget;
  let sitrep: SitrepProcess | undefined;
  let round = 0;

  beforeAll(async () => {
    ({ server: slackServer, slack, post } = await startExampleSlack({ running, replyWithinMs: 20_000 }));
    data = await createTestTarget(kind);
  });
  afterEach(async () => {
    if (sitrep && sitrep.child.exitCode === null && sitrep.child.signalCode === null) await sitrep.stop();
    sitrep = undefined;
  });
  afterAll(async () => {
    await slackServer.close();
    await data.cleanup();
  });

  const start = async () => {
    sitrep = await startSitrep({
      env: { ...fakeSlackEnv(slackServer), ...sitrepEnv(data.target), SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) },
      readyWithinMs: READY_WITHIN_MS,
    });
    return sitrep;
  };
  /** What the journal still holds once sitrep has stopped: nothing, when every command was answered. */
  const outstandingCommands = async (): Promise<number> => {
    if (data.target.kind === 'pglite') {
      const journal = await openFileCommandJournal(join(data.target.dataDir, 'commands.journal'));
      const left = await journal.claimLapsed({ now: new Date(), leaseUntil: new Date(), limit: 1_000 });
      await journal.close();
      return left.length;
    }
    const database = await openDatabase({ target: data.target, command: 'test' });
    try {
      return await database.prisma.journaledCommand.count();
    } finally {
      await database.close();
    }
  };

  const running = (): SitrepProcess => {
    if (!sitrep) throw new Error('sitrep is not running');
    return sitrep;
  };

  /** Declares an incident and waits for its channel; returns its number and channel. */
  const declare = async (title: string) => {
    const answer = (await slack.ask(`declare sev2 checkout-api: ${title}`)).text;
    const number = Number(/Declared incident (\d+)/.exec(answer)?.[1]);
    await until(() => slack.incidentChannels().some((c) => c.name.startsWith(`inc-${number}-`)), 'the channel');
    const channel = slack.incidentChannels().find((c) => c.name.startsWith(`inc-${number}-`));
    if (!channel) throw new Error('no channel');
    return { number, channelId: channel.id };
  };

  /** Sends one `/incident note #n <text>` as Slack would; never throws (a dead server is a lost command). */
  const sendNote = async (incident: number, text: string): Promise<Sent> => {
    const typed = slack.slashCommand(`note #${incident} ${text}`);
    const responseUrl = new URLSearchParams(typed.request.body).get('response_url') ?? '';
    const sentAt = performance.now();
    try {
      const res = await post(typed.request);
      const body = await res.text();
      const ms = performance.now() - sentAt;
      if (res.status !== 200) return { text, responseUrl, outcome: 'lost', ms };
      return { text, responseUrl, outcome: body === '' ? 'acknowledged' : 'busy', ms };
    } catch {
      return { text, responseUrl, outcome: 'lost', ms: performance.now() - sentAt };
    }
  };

  /**
   * 200 notes at 50 a second: each second a burst of 30 at once, then 20 more, one every 50 ms. `during` runs after
   * the second burst of the second second, while acknowledged commands are waiting and running.
   */
  const stream = async (incident: number, during: () => void): Promise<Sent[]> => {
    round += 1;
    const sends: Promise<Sent>[] = [];
    for (let second = 0; second < 4; second += 1) {
      const started = performance.now();
      for (let i = 0; i < 30; i += 1) sends.push(sendNote(incident, `r${round} s${second} burst ${i}`));
      if (second === 1) {
        await Promise.all(sends);
        during();
      }
      for (let i = 0; i < 20; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        sends.push(sendNote(incident, `r${round} s${second} paced ${i}`));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (performance.now() - started))));
    }
    return Promise.all(sends);
  };

  const answersTo = (responseUrl: string) => slack.fake.responses.filter((r) => r.url === responseUrl);

  /**
   * Each acknowledged note answered, and once on the timeline. The channel gets its lines at Slack's pace of about
   * one a second, so only those posted so far are checked there: none twice.
   */
  const expectEveryAcknowledgedNoteOnce = async (channelId: string, sent: Sent[]) => {
    const acknowledged = sent.filter((s) => s.outcome === 'acknowledged');
    const unanswered = () => acknowledged.filter((s) => answersTo(s.responseUrl).length === 0).map((s) => s.text);
    await until(
      () => unanswered().length === 0,
      `answers to all ${acknowledged.length} acknowledged notes`,
      TAKEN_OVER_WITHIN_MS,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; unanswered: ${unanswered().join(', ')}`);
    });
    const posted = () => slack.linesIn(channelId).filter((line) => line.includes(' noted: '));
    await until(() => posted().length > 0, 'the first note lines in the channel', CHANNEL_LINES_WITHIN_MS);
    await running().stop();
    sitrep = undefined;
    expect(new Set(posted()).size).toBe(posted().length);
    const database = await openDatabase({ target: data.target, command: 'test' });
    try {
      const entries = await database.prisma.timelineEntry.findMany({ where: { source: 'command' } });
      for (const s of acknowledged)
        expect(
          entries.filter((e) => e.text === s.text),
          s.text,
        ).toHaveLength(1);
      for (const s of sent.filter((s) => s.outcome !== 'acknowledged')) {
        expect(
          entries.filter((e) => e.text === s.text),
          s.text,
        ).toEqual([]);
      }
    } finally {
      await database.close();
    }
    expect(await outstandingCommands()).toBe(0);
    return acknowledged.length;
  };

  it('runs every acknowledged note once after SIGKILL and a restart, and answers its author', async () => {
    await start();
    const { number, channelId } = await declare('Kill during notes');
    const victim = running();
    const sent = await stream(number, () => victim.child.kill('SIGKILL'));
    expect((await victim.exited).signal).toBe('SIGKILL');
    sitrep = undefined;
    const acknowledged = sent.filter((s) => s.outcome === 'acknowledged').length;
    // Some were acknowledged before the kill, and the rest found no server: none was refused as busy.
    expect(acknowledged).toBeGreaterThanOrEqual(60);
    expect(sent.filter((s) => s.outcome === 'busy')).toEqual([]);

    await start();
    expect(await expectEveryAcknowledgedNoteOnce(channelId, sent)).toBe(acknowledged);
    process.stdout.write(
      `[${kind}] SIGKILL: ${acknowledged} of ${sent.length} acknowledged, all on the timeline once\n`,
    );
  }, 300_000);

  it('finishes or hands over every acknowledged note on SIGTERM, exiting within the grace period', async () => {
    await start();
    const { number, channelId } = await declare('Stop during notes');
    const stopping = running();
    let signalledAt = 0;
    const sent = await stream(number, () => {
      signalledAt = performance.now();
      stopping.child.kill('SIGTERM');
    });
    const exit = await stopping.exited;
    const exitedAfterMs = performance.now() - signalledAt;
    expect(exit.code).toBe(0);
    expect(exitedAfterMs).toBeLessThan(GRACE_SECONDS * 1000);
    sitrep = undefined;
    const acknowledged = sent.filter((s) => s.outcome === 'acknowledged').length;
    expect(acknowledged).toBeGreaterThanOrEqual(60);

    await start();
    expect(await expectEveryAcknowledgedNoteOnce(channelId, sent)).toBe(acknowledged);
    process.stdout.write(
      `[${kind}] SIGTERM: ${acknowledged} of ${sent.length} acknowledged, exited after ${Math.round(exitedAfterMs)} ms\n`,
    );
  }, 300_000);

  it('answers "busy" at once past the bound of waiting commands, and loses none it acknowledged', async () => {
    await start();
    const { number, channelId } = await declare('Flood of notes');
    round += 1;
    // Each answer takes Slack 5 s: the 64 commands running hold their places, and the flood waits behind them. Were
    // they let go sooner, a loaded machine sending the 400 over a second or two would see room made and none busy.
    // 400 at once: past the 64 running and 256 waiting, within the 511 connections a listening socket queues.
    slackServer.slowResponseUrls(5_000);
    const flood = await Promise.all(Array.from({ length: 400 }, (_, i) => sendNote(number, `r${round} flood ${i}`)));
    const busy = flood.filter((s) => s.outcome === 'busy');
    expect(busy.length).toBeGreaterThan(0);
    expect(flood.filter((s) => s.outcome === 'lost')).toEqual([]);
    expect(Math.max(...busy.map((s) => s.ms))).toBeLessThan(3_000);
    // The person refused is told so at once, in the acknowledgement: nothing comes at the response URL later.
    slackServer.slowResponseUrls(0);
    const acknowledged = await expectEveryAcknowledgedNoteOnce(channelId, flood);
    for (const s of busy) expect(answersTo(s.responseUrl)).toEqual([]);
    process.stdout.write(
      `[${kind}] flood: ${acknowledged} acknowledged, ${busy.length} busy (slowest ${Math.round(Math.max(...busy.map((s) => s.ms)))} ms)\n`,
    );
  }, 300_000);
});
