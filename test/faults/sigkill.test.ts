import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import type { FakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { type SitrepProcess, startSitrep } from '../../demo/sitrep-process.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { createTestTarget, type TestTarget } from '../support/database.ts';
import { fakeSlackEnv, sitrepEnv, startExampleSlack } from '../support/real-sitrep.ts';
import type { SlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;
/** On a machine busy with other suites a start (PGlite, migrations) can take a while. */
const READY_WITHIN_MS = 45_000;
/** How long the outbox leases a message it is sending (deliverDueEffects' leaseMs). */
const LEASE_MS = 60_000;

const ZLock = z.object({ pid: z.number().int() });

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('sitrep killed with SIGKILL while declaring, on the embedded database', () => {
  let slackServer: FakeSlackServer;
  // Alice types in #general, into whichever sitrep runs at the time.
  let slack: SlackHarness;
  let data: TestTarget;
  let dataDir: string;
  let sitrep: SitrepProcess | undefined;

  beforeAll(async () => {
    ({ server: slackServer, slack } = await startExampleSlack({ running }));
    // A copy of the test template: initdb has been done, the migrations have not (serve applies them).
    data = await createTestTarget('pglite');
    if (data.target.kind !== 'pglite') throw new Error('expected PGlite');
    dataDir = data.target.dataDir;
  });
  afterAll(async () => {
    if (sitrep && sitrep.child.exitCode === null && sitrep.child.signalCode === null) sitrep.child.kill('SIGKILL');
    await sitrep?.exited;
    await slackServer.close();
    await data.cleanup();
  });

  const start = async () => {
    sitrep = await startSitrep({
      env: { ...fakeSlackEnv(slackServer), ...sitrepEnv(data.target) },
      readyWithinMs: READY_WITHIN_MS,
    });
    return sitrep;
  };

  const running = (): SitrepProcess => {
    if (!sitrep) throw new Error('sitrep is not running');
    return sitrep;
  };

  /** `kill -9`, and what it leaves behind: a lock naming a process that no longer runs. */
  const killHard = async (victim: SitrepProcess) => {
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    sitrep = undefined;
    const lock = ZLock.parse(JSON.parse(readFileSync(join(dataDir, 'sitrep.lock'), 'utf8')));
    expect(lock.pid).toBe(victim.child.pid);
    expect(isAlive(lock.pid)).toBe(false);
  };

  /**
   * Opens the data directory while no sitrep runs (taking over the dead process's lock, as serve does). The
   * killed process may have died holding the outbox lease on the message it was sending, which delays that
   * message a minute: the test moves that minute on instead of waiting it out.
   */
  const inspect = async <T>(look: (database: Database) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ target: data.target, command: 'test' });
    try {
      const result = await look(database);
      const now = new Date();
      const leased = await database.prisma.outboxMessage.findMany({
        where: { status: 'pending', lockedUntil: { gt: now } },
      });
      for (const message of leased) {
        expect(message.lockedUntil?.getTime()).toBeLessThanOrEqual(now.getTime() + LEASE_MS);
      }
      await database.prisma.outboxMessage.updateMany({
        where: { id: { in: leased.map((m) => m.id) } },
        data: { lockedUntil: now },
      });
      return result;
    } finally {
      await database.close();
    }
  };

  const incidentsIn = async (database: Database) =>
    (await database.prisma.incident.findMany({ orderBy: { number: 'asc' } })).map((i) => ({
      title: i.title,
      channelName: i.channelName,
    }));

  /** `/incident declare <title>` typed by Alice in #general; returns what she was answered. */
  const declare = async (title: string) => (await slack.ask(`declare sev2 checkout-api: ${title}`)).text;

  const slugOf = (title: string) => title.toLowerCase().replaceAll(' ', '-');
  const channelsOf = (title: string) =>
    [...slack.fake.state.channels.values()].filter((c) => new RegExp(`^inc-\\d+-${slugOf(title)}`).test(c.name));
  const creationsOf = (title: string) =>
    slack.fake.callsTo('conversations.create').filter((c) => c.ok && String(c.params.name).includes(slugOf(title)));
  const announcementsOf = (channelId: string) =>
    slack.linesIn(ANNOUNCEMENTS).filter((line) => line.includes(`<#${channelId}>`));
  const refused = (method: string) =>
    until(() => slack.fake.callsTo(method).some((c) => c.injected), `a refused ${method}`);

  /** One channel, with the responders, one summary pinned once and one announcement, once sitrep caught up. */
  const expectOpenedOnce = async (title: string) => {
    // Announcements have a queue of their own: the channel's setup (invites, summary, pin) is awaited on its own.
    await until(
      () => {
        const [channel] = channelsOf(title);
        return (
          channel !== undefined &&
          announcementsOf(channel.id).length > 0 &&
          slack.pinsIn(channel.id).length > 0 &&
          [ALICE, BOB].every((person) => channel.members.includes(person))
        );
      },
      `the channel of "${title}", set up, and its announcement`,
      30_000,
    );
    expect(channelsOf(title).map((c) => c.name)).toEqual([expect.stringMatching(`^inc-\\d+-${slugOf(title)}$`)]);
    expect(creationsOf(title)).toHaveLength(1);
    const channelId = channelsOf(title)[0]?.id ?? '';
    expect(channelsOf(title)[0]?.members).toEqual(expect.arrayContaining([ALICE, BOB]));
    const pins = slack.pinsIn(channelId);
    const summaries = slack.fake.messagesIn(channelId).filter((m) => m.subtype === undefined && m.bot_id !== undefined);
    expect(summaries).toHaveLength(1);
    expect(pins.map((p) => p.ts)).toEqual([summaries[0]?.ts]);
    expect(announcementsOf(channelId)).toHaveLength(1);
  };

  it('creates the channel once, after a restart, when killed between writing the incident and creating its channel', async () => {
    // Slack refuses to create channels: the incident is written, its channel is not made.
    slack.fake.failWith({ status: 500 }, { methods: ['conversations.create'] });
    const first = await start();
    expect(first).toBe(running());
    expect(await declare('Checkout is down')).toMatch(
      /^:rotating_light: Declared incident \d+ \(SEV2\): Checkout is down\./,
    );
    await refused('conversations.create');
    await killHard(first);

    // The lock of the killed process does not stop sitrep from starting again on the same directory.
    const restarted = await start();
    expect((await fetch(`${restarted.url}/readyz`)).status).toBe(200);
    expect((await restarted.stop()).code).toBe(0);
    sitrep = undefined;
    expect(existsSync(join(dataDir, 'sitrep.lock'))).toBe(false);

    expect(await inspect(incidentsIn)).toEqual([{ title: 'Checkout is down', channelName: null }]);
    expect(channelsOf('Checkout is down')).toHaveLength(0);
    slack.fake.recover();
    await start();
    await expectOpenedOnce('Checkout is down');
    // Three starts: room for a machine busy with other suites.
  }, 150_000);

  it('creates no second channel when killed after creating the channel but before setting it up', async () => {
    // The channel is created; inviting the responders fails, so no summary is posted or pinned yet.
    slack.fake.failWith({ status: 500 }, { methods: ['conversations.invite'] });
    expect(await declare('Search is slow')).toMatch(
      /^:rotating_light: Declared incident \d+ \(SEV2\): Search is slow\./,
    );
    await refused('conversations.invite');
    expect(creationsOf('Search is slow')).toHaveLength(1);
    await killHard(running());

    const stored = await inspect(async (database) => ({
      incidents: await incidentsIn(database),
      dead: await database.prisma.outboxMessage.count({ where: { status: 'dead' } }),
    }));
    expect(stored).toEqual({
      incidents: [
        { title: 'Checkout is down', channelName: expect.stringMatching(/^inc-\d+-checkout-is-down$/) },
        { title: 'Search is slow', channelName: expect.stringMatching(/^inc-\d+-search-is-slow$/) },
      ],
      dead: 0,
    });
    slack.fake.recover();
    await start();
    await expectOpenedOnce('Search is slow');
    await expectOpenedOnce('Checkout is down');
  }, 90_000);

  it('creates no second channel when killed while Slack was creating the channel', async () => {
    // Slack creates the channel, but sitrep dies before it hears so (as when the answer is lost on the way).
    const victim = running();
    const handle = slack.fake.handle;
    slack.fake.handle = (method, params, context) => {
      const answer = handle(method, params, context);
      if (method === 'conversations.create') {
        victim.child.kill('SIGKILL');
        slack.fake.handle = handle;
      }
      return answer;
    };
    await declare('Orders are lost');
    await until(() => creationsOf('Orders are lost').length === 1, 'the channel to be created');
    await killHard(victim);
    await inspect(async () => undefined);
    await start();
    // The restarted sitrep finds the name taken, by the channel its predecessor made: it takes that one over.
    await expectOpenedOnce('Orders are lost');
    expect(
      slack.fake
        .callsTo('conversations.create')
        .filter((c) => String(c.params.name).includes('orders-are-lost'))
        .map((c) => c.error),
    ).toEqual([undefined, 'name_taken']);
  }, 90_000);
});
