import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { databaseKinds } from '../support/database.ts';
import { seedIncident } from '../support/incident-factory.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;
const SCHEDULE = 'maintenance checkout-api,search tomorrow 02:00 90m Database upgrade; checkout may be slow';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const slackDate = (iso: string): string =>
  `<!date^${Date.parse(iso) / 1000}^{date_short_pretty} {time}|${iso.slice(0, 16).replace('T', ' ')} UTC>`;

describe.each(databaseKinds)('/incident maintenance on %s', (kind) => {
  // Alice (Europe/Paris) types in #general; 15:00 UTC is 16:00 in Paris and 07:00 for bob in Los Angeles.
  const clock = createTestClock('2026-12-09T15:00:00Z');
  let slack: SlackTest;
  beforeEach(async () => {
    clock.set('2026-12-09T15:00:00Z');
    slack = await startSlackHarness(kind, { now: clock.now, maxRetryBackoffMs: 200 });
  });
  afterEach(async () => {
    await slack.close();
  });

  it('schedules maintenance read in the author’s zone, and announces it in the announcements channel', async () => {
    expect(await slack.type(SCHEDULE)).toMatch(
      /^Scheduled maintenance \d+ of checkout-api and search, Thu 10 Dec 2026 02:00 to 03:30 \(Europe\/Paris\), 1 h 30 min\. It is announced in the announcements channel\.$/,
    );
    expect(await slack.prisma.maintenance.findMany()).toMatchObject([
      {
        services: ['checkout-api', 'search'],
        startsAt: new Date('2026-12-10T01:00:00Z'),
        endsAt: new Date('2026-12-10T02:30:00Z'),
        publicText: 'Database upgrade; checkout may be slow',
        createdBy: ALICE,
        cancelledAt: null,
      },
    ]);
    await slack.settled();
    expect(slack.linesIn(ANNOUNCEMENTS).at(-1)).toMatch(
      new RegExp(
        `^:hammer_and_wrench: <@${ALICE}> scheduled maintenance \\d+ of checkout-api and search, ${escapeRegExp(slackDate('2026-12-10T01:00:00Z'))} to ${escapeRegExp(slackDate('2026-12-10T02:30:00Z'))} \\(1 h 30 min\\): Database upgrade; checkout may be slow$`,
      ),
    );
  });

  it('writes once when Slack sends the same command twice', async () => {
    const command = slack.slashCommand(SCHEDULE);
    await slack.deliver(command.request);
    await slack.deliver({ ...command.request, headers: { 'x-slack-retry-num': '1' } });
    await until(() => command.replies().length === 2, 'two answers');
    expect(command.replies().map((reply) => reply.text.split(' maintenance')[0])).toEqual(
      expect.arrayContaining(['Scheduled', 'Already scheduled from this request:']),
    );
    expect(await slack.prisma.maintenance.count()).toBe(1);
    await slack.settled();
    expect(slack.linesIn(ANNOUNCEMENTS).filter((line) => line.includes('scheduled maintenance'))).toHaveLength(1);
  });

  it.each<[string, string]>([
    [
      'maintenance chekout-api tomorrow 02:00 90m Upgrade',
      'Unknown service `chekout-api`. Did you mean `checkout-api`?',
    ],
    [
      'maintenance search 02:00 90m Upgrade',
      '`02:00` in `Europe/Paris` is in the past (it is now 16:00 there). For tomorrow, write `tomorrow 02:00`.',
    ],
    ['maintenance search tomorrow 02:00 0m Upgrade', 'A maintenance lasts at least a minute.'],
    ['maintenance search tomorrow 02:00 8d Upgrade', '`8d` is too long: a maintenance lasts at most 7 days.'],
  ])('answers %j with what is wrong, to the author alone, writing nothing', async (text, problem) => {
    const reply = await slack.ask(text);
    expect(reply.text).toContain(problem);
    expect(await slack.prisma.maintenance.count()).toBe(0);
  });

  it('lists upcoming and in-progress maintenance in the viewer’s zone, and cancels one', async () => {
    await slack.type(SCHEDULE);
    await slack.type('maintenance search 2026-12-12 09:00 1h Reindexing');
    const [first, second] = await slack.prisma.maintenance.findMany({ orderBy: { startsAt: 'asc' } });
    clock.set('2026-12-10T01:30:00Z');
    const list = await slack.type('maintenance list', { userId: BOB });
    expect(list).toContain(
      `*${first?.number}* :construction: *in progress* · checkout-api and search · Wed 9 Dec 2026 17:00 to 18:30 (America/Los_Angeles) · Database upgrade; checkout may be slow`,
    );
    expect(list).toContain(
      `*${second?.number}* :calendar: upcoming · search · Sat 12 Dec 2026 00:00 to 01:00 (America/Los_Angeles) · Reindexing`,
    );
    expect(await slack.type(`maintenance cancel ${second?.number}`)).toBe(
      `Cancelled maintenance ${second?.number}; it is announced in the announcements channel.`,
    );
    expect(await slack.type('maintenance list')).not.toContain('Reindexing');
  });

  it('leaves impact inside maintenance out of checkout-api’s downtime (excludeMaintenance) and counts it for search', async () => {
    await slack.type(SCHEDULE);
    // An hour down on both services, 45 min of it inside the window (01:00 to 02:30 UTC).
    await seedIncident(slack.prisma, {
      services: ['checkout-api', 'search'],
      declaredAt: '2026-12-10T00:50:00Z',
      resolvedAt: '2026-12-10T01:45:00Z',
      windows: ['checkout-api', 'search'].map((service) => ({
        service,
        kind: 'outage' as const,
        startedAt: '2026-12-10T00:45:00Z',
        endedAt: '2026-12-10T01:45:00Z',
      })),
    });
    clock.set('2026-12-11T00:00:00Z');
    const checkout = await slack.type('report checkout-api 2026-12');
    expect(checkout).toContain('*Downtime* 15 min of');
    expect(checkout).toContain(
      "Maintenance excluded: 45 min of checkout-api's impact fell in scheduled maintenance and is not counted as downtime.",
    );
    const search = await slack.type('report search 2026-12');
    expect(search).toContain('*Downtime* 60 min of');
    expect(search).toContain(
      "Maintenance counted: 45 min of search's impact fell in scheduled maintenance and counts as downtime.",
    );
  });
});
