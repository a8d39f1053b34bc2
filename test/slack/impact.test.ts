import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { inputValue, viewSubmissionBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import {
  buttonOf,
  type SlackTest,
  type StartSlackHarnessOptions,
  startSlackHarness,
} from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';
import { writeUtcTeamConfig } from '../support/utc-team-config.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

const seconds = (iso: string): number => Date.parse(iso) / 1000;

describe.each(databaseKinds)('impact windows and resolving through Slack on %s', (kind) => {
  // Bob types and clicks in #general unless a step says otherwise.
  let slack: SlackTest;
  afterEach(async () => {
    await slack.close();
  });

  // 22:40 UTC is 14:40 in Los Angeles (bob, PST) and 23:40 in Paris (alice, the team).
  const start = async (options: StartSlackHarnessOptions = {}) => {
    slack = await startSlackHarness(kind, {
      maxRetryBackoffMs: 200,
      now: createTestClock('2026-11-23T22:40:00Z').now,
      userId: BOB,
      ...options,
    });
  };

  const windows = (incidentId: string) =>
    slack.prisma.impactWindow.findMany({ where: { incidentId }, orderBy: { startedAt: 'asc' } });

  const statusOf = async (incidentId: string) =>
    (await slack.prisma.incident.findUniqueOrThrow({ where: { id: incidentId } })).status;

  it('stores "/incident impact outage 13:58" typed in America/Los_Angeles at the right instant, on the timeline and in the channel', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    const answer = await slack.type('impact outage 13:58', { channelId });
    expect(answer).toBe(
      `Recorded an outage of checkout-api from Mon 23 Nov 2026 13:58 (America/Los_Angeles) on incident ${incident.number}.`,
    );
    expect(await windows(incident.id)).toMatchObject([
      {
        service: 'checkout-api',
        kind: 'outage',
        startedAt: new Date('2026-11-23T21:58:00Z'),
        endedAt: null,
        createdBy: BOB,
      },
    ]);
    const entry = await slack.prisma.timelineEntry.findFirstOrThrow({
      where: { incidentId: incident.id, source: 'impact' },
    });
    expect(entry).toMatchObject({
      occurredAt: new Date('2026-11-23T21:58:00Z'),
      actorId: BOB,
      text: `<@${BOB}> recorded an outage of checkout-api.`,
    });
    await slack.settled();
    expect(slack.linesIn(channelId).at(-1)).toBe(
      `:red_circle: <@${BOB}> recorded an outage of checkout-api from <!date^${seconds('2026-11-23T21:58:00Z')}^{date_short_pretty} {time}|2026-11-23 21:58 UTC>.`,
    );
  });

  it('switches a degraded window to an outage at the new start, and ends it', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type('impact degraded 14:10 checkout-api', { channelId });
    expect(await slack.type('impact outage 14:20', { channelId })).toMatch(
      /ending the degraded window of checkout-api/,
    );
    expect(await slack.type('impact end 14:31', { channelId })).toMatch(
      /Ended the impact on checkout-api \(outage, 11 min\)/,
    );
    expect(await windows(incident.id)).toMatchObject([
      { kind: 'degraded', startedAt: new Date('2026-11-23T22:10:00Z'), endedAt: new Date('2026-11-23T22:20:00Z') },
      { kind: 'outage', startedAt: new Date('2026-11-23T22:20:00Z'), endedAt: new Date('2026-11-23T22:31:00Z') },
    ]);
    // The earliest impact is when the incident's impact started: the postmortem and the metrics count from it.
    expect((await slack.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).impactStartedAt).toEqual(
      new Date('2026-11-23T22:10:00Z'),
    );
    await slack.settled();
    expect(slack.linesIn(channelId).slice(-3)).toEqual([
      expect.stringMatching(/^:large_orange_circle: <@U05BOB0002> recorded degraded service on checkout-api from/),
      expect.stringMatching(
        /recorded an outage of checkout-api from .*, ending the degraded window of checkout-api\.$/,
      ),
      expect.stringMatching(
        /^:large_green_circle: <@U05BOB0002> ended the impact on checkout-api \(outage, 11 min\) at/,
      ),
    ]);
  });

  it('refuses bad impact commands with a clear ephemeral answer and stores nothing', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    const stored = async () => ({
      windows: await slack.prisma.impactWindow.count(),
      entries: await slack.prisma.timelineEntry.count({ where: { source: 'impact' } }),
    });
    expect(await slack.type('impact outage 13:58 chekout-api', { channelId })).toMatch(/Did you mean `checkout-api`\?/);
    expect(await slack.type('impact outage 23:00', { channelId })).toMatch(
      /`23:00` in `America\/Los_Angeles` is in the future/,
    );
    expect(await slack.type('impact end', { channelId })).toBe(
      `Incident ${incident.number} has no open impact window to end.`,
    );
    expect(await stored()).toEqual({ windows: 0, entries: 0 });

    await slack.type('impact degraded 14:10', { channelId });
    expect(await slack.type('impact end 14:00', { channelId })).toMatch(/started at .*14:10.*cannot end before/);
    expect(await slack.type('impact degraded 14:15', { channelId })).toMatch(/already has an open degraded window/);
    expect(await slack.type('impact end 14:20 search', { channelId })).toMatch(/`search` has no open impact window/);
    expect(await stored()).toEqual({ windows: 1, entries: 1 });

    const other = await slack.declare({ text: 'declare Something is slow', userId: ALICE });
    expect(await slack.type('impact outage', { channelId: other.channelId })).toMatch(
      /has no services, so name the affected ones.*Known services: `checkout-api`, `search`/,
    );
    expect(await stored()).toEqual({ windows: 1, entries: 1 });
  });

  it('refuses an impact time 40 days back with a clear answer, and takes it with backdate, naming what it rewrites', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    expect(await slack.ask('impact outage 2026-10-14 10:00', { channelId })).toMatchObject({
      text: `\`2026-10-14 10:00\` is Wed 14 Oct 2026 10:00 (America/Los_Angeles), more than 30 days ago: impact further back is taken only when you say so, as it is usually a mistyped date. It would rewrite the finished SLA reports of checkout-api for October 2026. If you mean it, add \`backdate\`: \`/incident impact outage 2026-10-14 10:00 #${incident.number} backdate\``,
    });
    expect(await windows(incident.id)).toEqual([]);
    expect(await slack.prisma.timelineEntry.count({ where: { source: 'impact' } })).toBe(0);

    expect(await slack.type('impact outage 2026-10-14 10:00 backdate', { channelId })).toBe(
      `Recorded an outage of checkout-api from Wed 14 Oct 2026 10:00 (America/Los_Angeles) on incident ${incident.number}. It rewrites the finished SLA reports of checkout-api for October 2026.`,
    );
    expect(await windows(incident.id)).toMatchObject([{ startedAt: new Date('2026-10-14T17:00:00Z'), endedAt: null }]);
  });

  it('asks before resolving with an open window, and Confirm closes it at the resolve time and resolves once', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type('impact outage 13:58', { channelId });
    const question = await slack.ask('resolve Fixed by rollback', { channelId });
    expect(question.shown).toMatch(
      /still has impact open[\s\S]*outage of checkout-api since[\s\S]*\[Confirm\] \[Edit\]/,
    );
    // `status resolved` asks the same.
    expect(await slack.type('status resolved', { channelId })).toMatch(/still has impact open/);
    expect(await slack.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      status: 'investigating',
      resolvedAt: null,
    });
    expect(await windows(incident.id)).toMatchObject([{ endedAt: null }]);

    const confirm = buttonOf(question.buttons, ACTIONS.confirmResolve);
    const clicks = await Promise.all([slack.press(confirm, { channelId }), slack.press(confirm, { channelId })]);
    const answers = (await Promise.all(clicks.map((click) => click.reply()))).map((reply) => reply.text);
    expect(answers).toContain(`Incident ${incident.number} is resolved. :white_check_mark:`);
    expect(answers.filter((text) => /is resolved\./.test(text))).toHaveLength(1);
    const resolved = await slack.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(resolved.status).toBe('resolved');
    expect(await windows(incident.id)).toMatchObject([{ endedAt: resolved.resolvedAt }]);
    // A click long after, on the same question, changes nothing either.
    const late = await slack.press(confirm, { channelId });
    expect((await late.reply()).text).toMatch(/already resolved/);
    await slack.settled();
    expect(slack.linesIn(channelId).filter((line) => line.includes('resolved the incident'))).toEqual([
      `<@${BOB}> resolved the incident: Fixed by rollback`,
    ]);
    expect(slack.linesIn(channelId).filter((line) => line.includes('ended the impact'))).toHaveLength(1);
    const resolutions = await slack.prisma.timelineEntry.count({
      where: { incidentId: incident.id, text: { contains: 'resolved the incident' } },
    });
    expect(resolutions).toBe(1);
  });

  it('resolves an incident with 60 open windows from Slack, and asks again when the windows changed since', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    const openWindows = (count: number, from: number) =>
      slack.prisma.impactWindow.createMany({
        data: Array.from({ length: count }, (_, i) => ({
          id: randomUUID(),
          incidentId: incident.id,
          service: `service-${from + i}`,
          kind: 'degraded' as const,
          startedAt: new Date('2026-11-23T21:00:00Z'),
          createdBy: ALICE,
        })),
      });
    await openWindows(59, 1);
    const stale = await slack.ask('resolve Fixed by rollback', { channelId });
    expect(stale.shown).toMatch(/still has impact open[\s\S]*and 44 more[\s\S]*\[Confirm\] \[Edit\]/);
    // One more window opens after the question: its Confirm resolves nothing, says so and asks again.
    await openWindows(1, 60);
    const refused = await slack.press(buttonOf(stale.buttons, ACTIONS.confirmResolve), { channelId });
    const question = await refused.reply();
    expect(question.shown).toMatch(/changed since you were asked[\s\S]*and 45 more[\s\S]*\[Confirm\] \[Edit\]/);
    expect(await statusOf(incident.id)).toBe('investigating');

    const edit = await slack.openForm(buttonOf(question.buttons, ACTIONS.editImpactEnds), { channelId });
    expect(edit.private_metadata.length).toBeLessThanOrEqual(3000);
    const confirm = await slack.press(buttonOf(question.buttons, ACTIONS.confirmResolve), { channelId });
    expect((await confirm.reply()).text).toBe(`Incident ${incident.number} is resolved. :white_check_mark:`);
    const resolved = await slack.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(resolved.status).toBe('resolved');
    const ends = (await windows(incident.id)).map((window) => window.endedAt);
    expect(ends).toHaveLength(60);
    expect(ends.every((end) => end?.getTime() === resolved.resolvedAt?.getTime())).toBe(true);
  });

  it('lets Edit set when each open window ended, and resolves when the form is submitted', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type('impact outage 13:58', { channelId });
    const question = await slack.ask('resolve', { channelId });
    const view = await slack.openForm(buttonOf(question.buttons, ACTIONS.editImpactEnds), { channelId });
    const [window] = await windows(incident.id);
    const blockId = `${BLOCKS.impactEndPrefix}${window?.id}`;
    expect(view.blocks.map((block) => block.block_id)).toContain(blockId);

    const submit = (iso: string) =>
      slack.submit({
        callbackId: VIEWS.closeImpactWindows,
        privateMetadata: view.private_metadata,
        values: { [blockId]: { [ACTIONS.impactEnd]: { type: 'datetimepicker', selected_date_time: seconds(iso) } } },
      });
    const early = await submit('2026-11-23T21:30:00Z');
    expect(await early.json()).toEqual({
      response_action: 'errors',
      errors: { [blockId]: 'The impact cannot end before it started.' },
    });
    expect(await statusOf(incident.id)).toBe('investigating');

    expect((await submit('2026-11-23T22:31:00Z')).status).toBe(200);
    await until(
      () =>
        slack.fake
          .ephemeralsFor(BOB)
          .some((e) => e.text === `Incident ${incident.number} is resolved. :white_check_mark:`),
      'the answer in the channel',
    );
    expect(await statusOf(incident.id)).toBe('resolved');
    expect(await windows(incident.id)).toMatchObject([{ endedAt: new Date('2026-11-23T22:31:00Z') }]);
  });

  it('asks about customer impact when none was recorded: "No customer impact" resolves and says so', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    const question = await slack.ask('resolve', { channelId });
    expect(question.shown).toMatch(
      /was there customer impact\? None is recorded\.[\s\S]*\[No customer impact\] \[Record impact\]/,
    );
    expect(await statusOf(incident.id)).toBe('investigating');
    const click = await slack.press(buttonOf(question.buttons, ACTIONS.resolveWithoutImpact), { channelId });
    expect((await click.reply()).text).toBe(`Incident ${incident.number} is resolved. :white_check_mark:`);
    expect(await statusOf(incident.id)).toBe('resolved');
    const entry = await slack.prisma.timelineEntry.findFirstOrThrow({
      where: { incidentId: incident.id, source: 'impact' },
    });
    expect(entry.text).toBe(`<@${BOB}> confirmed there was no customer impact.`);
    expect(await slack.prisma.impactWindow.count()).toBe(0);
  });

  it('records the impact from the form once, however often it is submitted, and resolves', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    const question = await slack.ask('resolve', { channelId });
    const view = await slack.openForm(buttonOf(question.buttons, ACTIONS.recordImpact), { channelId });
    const submission = viewSubmissionBody({
      userId: BOB,
      callbackId: VIEWS.recordImpact,
      viewId: 'VRECORD01',
      privateMetadata: view.private_metadata,
      values: {
        [BLOCKS.impactService]: { [ACTIONS.impactService]: inputValue.select('checkout-api') },
        [BLOCKS.impactKind]: { [ACTIONS.impactKind]: inputValue.select('degraded') },
        [BLOCKS.impactStartedAt]: {
          [ACTIONS.impactStartedAt]: { type: 'datetimepicker', selected_date_time: seconds('2026-11-23T22:00:00Z') },
        },
        [BLOCKS.impactEndedAt]: {
          [ACTIONS.impactEndedAt]: { type: 'datetimepicker', selected_date_time: seconds('2026-11-23T22:12:00Z') },
        },
      },
    });
    const answered = slack.fake.ephemeralsFor(BOB).length;
    await Promise.all([slack.deliver(submission), slack.deliver(submission)]);
    await until(() => slack.fake.ephemeralsFor(BOB).length >= answered + 2, 'both answers');
    expect(await windows(incident.id)).toMatchObject([
      {
        service: 'checkout-api',
        kind: 'degraded',
        startedAt: new Date('2026-11-23T22:00:00Z'),
        endedAt: new Date('2026-11-23T22:12:00Z'),
      },
    ]);
    expect(await statusOf(incident.id)).toBe('resolved');
    expect(
      await slack.prisma.timelineEntry.count({
        where: { incidentId: incident.id, text: { contains: 'resolved the incident' } },
      }),
    ).toBe(1);
  });

  it('posts the budget line at resolve, and announces each threshold once per service and month', async () => {
    // 23:30 UTC is 15:30 in Los Angeles; November in Paris (the team's zone) is 30 days: 43.2 min at 99.9 %.
    await start({ now: createTestClock('2026-11-23T23:30:00Z').now });
    const first = await slack.declare({ userId: ALICE });
    await slack.type('impact outage 13:58', { channelId: first.channelId });
    await slack.type('impact end 14:25', { channelId: first.channelId });
    expect(await slack.type('resolve', { channelId: first.channelId })).toMatch(/is resolved/);
    await slack.settled();
    expect(slack.linesIn(first.channelId).at(-1)).toBe("Used 27 min of checkout-api's 43.2 min November budget (62%).");
    const budgetAnnouncements = () => slack.linesIn(ANNOUNCEMENTS).filter((text) => text.includes('error budget'));
    expect(budgetAnnouncements()).toEqual([
      ':warning: checkout-api has used 62% of its November error budget (27 min of 43.2 min).',
    ]);

    const second = await slack.declare({ text: 'declare sev2 checkout-api: Checkout is down again', userId: ALICE });
    await slack.type('impact outage 14:30', { channelId: second.channelId });
    await slack.type('impact end 14:47', { channelId: second.channelId });
    await slack.type('resolve', { channelId: second.channelId });
    await slack.settled();
    expect(slack.linesIn(second.channelId).at(-1)).toBe(
      "Used 44 min of checkout-api's 43.2 min November budget (101%): the budget is exceeded.",
    );
    expect(budgetAnnouncements()).toEqual([
      ':warning: checkout-api has used 62% of its November error budget (27 min of 43.2 min).',
      ':rotating_light: checkout-api has exceeded its November error budget: 101% used (44 min of 43.2 min).',
    ]);

    await slack.type('reopen Errors are back', { channelId: second.channelId });
    expect(await slack.type('resolve', { channelId: second.channelId })).toMatch(/is resolved/);
    await slack.settled();
    expect(slack.linesIn(second.channelId).at(-1)).toBe(
      "Used 44 min of checkout-api's 43.2 min November budget (101%): the budget is exceeded.",
    );
    expect(budgetAnnouncements()).toHaveLength(2);
    expect(await slack.prisma.budgetAnnouncement.findMany({ orderBy: { threshold: 'asc' } })).toMatchObject([
      { service: 'checkout-api', periodKey: '2026-11', threshold: 50, incidentId: first.incident.id },
      { service: 'checkout-api', periodKey: '2026-11', threshold: 100, incidentId: second.incident.id },
    ]);
  });
});

describe.each(databaseKinds)('error budgets of every SLA period an incident touched, through Slack on %s', (kind) => {
  // A team in UTC at 99.9 % a month: October allows 44.64 min, November 43.2. Bob types in Los Angeles, where
  // 23:00 UTC on 31 October is 16:00 (PDT).
  let slack: SlackTest;
  let removeConfig: () => Promise<void>;
  afterEach(async () => {
    await slack.close();
    await removeConfig();
  });

  const start = async (now: string) => {
    const config = await writeUtcTeamConfig();
    removeConfig = config.remove;
    slack = await startSlackHarness(kind, {
      maxRetryBackoffMs: 200,
      now: createTestClock(now).now,
      userId: BOB,
      teamConfigPath: config.path,
    });
  };

  const budgetAnnouncements = () => slack.linesIn(ANNOUNCEMENTS).filter((text) => text.includes('error budget'));

  it('charges 60 min to October and 40 to November for an outage from 31 October 23:00 to 00:40, and tells both', async () => {
    await start('2026-11-01T01:00:00Z');
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type('impact outage 2026-10-31 16:00', { channelId });
    await slack.type('impact end 17:40', { channelId });
    expect(await slack.type('resolve', { channelId })).toMatch(/is resolved/);
    await slack.settled();

    expect(slack.linesIn(channelId).at(-1)).toBe(
      "checkout-api's error budget, in each period this incident touched: October: 60 min used, 134% of its 44.64 min budget, exceeded; November: 40 min used, 92% of its 43.2 min budget.",
    );
    expect(budgetAnnouncements()).toEqual([
      ':warning: checkout-api has used 134% of its October error budget (60 min of 44.64 min).',
      ':rotating_light: checkout-api has exceeded its October error budget: 134% used (60 min of 44.64 min).',
      ':warning: checkout-api has used 92% of its November error budget (40 min of 43.2 min).',
    ]);
    expect(
      await slack.prisma.budgetAnnouncement.findMany({ orderBy: [{ periodKey: 'asc' }, { threshold: 'asc' }] }),
    ).toMatchObject([
      { service: 'checkout-api', periodKey: '2026-10', threshold: 50, incidentId: incident.id },
      { service: 'checkout-api', periodKey: '2026-10', threshold: 100, incidentId: incident.id },
      { service: 'checkout-api', periodKey: '2026-11', threshold: 50, incidentId: incident.id },
    ]);
    // The reports say the same.
    expect(await slack.type('report checkout-api 2026-10', { channelId })).toContain(
      '*Downtime* 60 min of 44.64 min allowed',
    );
    expect(await slack.type('report checkout-api', { channelId })).toContain(
      '*Downtime* 40 min of 43.2 min allowed in all of November',
    );
  });

  it('charges an outage left open across the end of October to November as well, up to the resolve', async () => {
    await start('2026-11-01T00:40:00Z');
    const { channelId } = await slack.declare({ userId: ALICE });
    await slack.type('impact outage 2026-10-31 16:00', { channelId });
    // Still open: November's report already counts it.
    expect(await slack.type('report checkout-api', { channelId })).toMatch(
      /\*Availability so far \(40 min of 30 days\)\* 0% \| \*Downtime\* 40(\.\d+)? min of 43\.2 min allowed in all of November/,
    );

    const question = await slack.ask('resolve', { channelId });
    const confirm = await slack.press(buttonOf(question.buttons, ACTIONS.confirmResolve), { channelId });
    expect((await confirm.reply()).text).toMatch(/is resolved/);
    await slack.settled();
    // Closed at the resolve time, a few seconds after 00:40 on sitrep's clock.
    expect(slack.linesIn(channelId).at(-1)).toMatch(
      /^checkout-api's error budget, in each period this incident touched: October: 60 min used, 134% of its 44\.64 min budget, exceeded; November: 40(\.\d+)? min used, 9\d% of its 43\.2 min budget\.$/,
    );
    expect(budgetAnnouncements()).toHaveLength(3);
  });
});
