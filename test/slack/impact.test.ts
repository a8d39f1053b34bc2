import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { blockActionsBody, inputValue, viewSubmissionBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { typeCommand } from '../support/slack/type-command.ts';
import { type StartTestServerOptions, startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
const { general: GENERAL, announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

/** sitrep's clock, starting at `iso` and running at real speed (the outbox and its pacing need time to pass). */
const clockFrom = (iso: string): (() => Date) => {
  const offset = Date.parse(iso) - Date.now();
  return () => new Date(Date.now() + offset);
};

const seconds = (iso: string): number => Date.parse(iso) / 1000;

const ZButtons = z.looseObject({
  blocks: z.array(
    z.looseObject({ elements: z.array(z.looseObject({ action_id: z.string(), value: z.string() })).optional() }),
  ),
});

const ZOpenedView = z.looseObject({
  private_metadata: z.string(),
  blocks: z.array(z.looseObject({ block_id: z.string().optional() })),
});

describe.each(databaseKinds)('impact windows and resolving through Slack on %s', (kind) => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  const fake = () => server.slack.fake;
  const prisma = () => server.database.prisma;

  // 22:40 UTC is 14:40 in Los Angeles (bob, PST) and 23:40 in Paris (alice, the team).
  const start = async (options: StartTestServerOptions = {}) => {
    server = await startTestServer(kind, {
      maxRetryBackoffMs: 200,
      now: clockFrom('2026-11-23T22:40:00Z'),
      ...options,
    });
  };

  const type = (text: string, { userId = BOB, channelId = GENERAL }: { userId?: string; channelId?: string } = {}) =>
    typeCommand(server, text, { userId, channelId });

  const settled = () =>
    until(
      async () => (await prisma().outboxMessage.count({ where: { status: 'pending' } })) === 0,
      'the outbox to drain',
    );

  const declare = async (text = 'declare sev2 checkout-api: Checkout is down') => {
    await type(text, { userId: ALICE });
    await settled();
    const incident = await prisma().incident.findFirstOrThrow({ orderBy: { number: 'desc' } });
    if (!incident.channelId) throw new Error('no channel');
    return { incident, channelId: incident.channelId };
  };

  const windows = (incidentId: string) =>
    prisma().impactWindow.findMany({ where: { incidentId }, orderBy: { startedAt: 'asc' } });

  // Lines people read; the postmortem draft's Markdown file, shared after a resolution, is not one.
  const lines = (channelId: string) =>
    fake()
      .messagesIn(channelId)
      .filter((m) => m.subtype === undefined && m.files === undefined)
      .map((m) => m.text);

  /** Types a command that answers with buttons; returns the answer and each button's value by action_id. */
  const ask = async (text: string, channelId: string) => {
    const before = fake().responses.length;
    const answer = await type(text, { channelId });
    const body = fake()
      .responses.slice(before)
      .find((r) => ZButtons.safeParse(r.body).success)?.body;
    const buttons = ZButtons.parse(body).blocks.flatMap((block) => block.elements ?? []);
    return { answer, buttons: Object.fromEntries(buttons.map((b) => [b.action_id, b.value])) };
  };

  /** Clicks a button of an ephemeral answer in `channelId`; returns the URL its answer goes to. */
  const click = async (actionId: string, value: string | undefined, channelId: string) => {
    const responseUrl = fake().newResponseUrl({ channel: channelId, user: BOB });
    const res = await server.sendToSlackEndpoint(
      blockActionsBody({
        userId: BOB,
        actions: [{ action_id: actionId, value: value ?? '' }],
        channelId,
        message: { ts: '1795470000.000100' },
        responseUrl,
        triggerId: fake().newTriggerId(BOB),
      }),
    );
    expect(res.status).toBe(200);
    return responseUrl;
  };

  const answerAt = async (url: string): Promise<string> => {
    await until(() => fake().responses.some((r) => r.url === url), 'the answer to a click');
    return z.object({ text: z.string() }).parse(fake().responses.find((r) => r.url === url)?.body).text;
  };

  const openedView = async (count: number) => {
    await until(
      () =>
        fake()
          .callsTo('views.open')
          .filter((c) => c.ok).length === count,
      'the form',
    );
    const view = fake()
      .callsTo('views.open')
      .filter((c) => c.ok)
      .at(-1)?.params.view;
    return ZOpenedView.parse(typeof view === 'string' ? JSON.parse(view) : view);
  };

  it('stores "/incident impact outage 13:58" typed in America/Los_Angeles at the right instant, on the timeline and in the channel', async () => {
    await start();
    const { incident, channelId } = await declare();
    const answer = await type('impact outage 13:58', { channelId });
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
    const entry = await prisma().timelineEntry.findFirstOrThrow({
      where: { incidentId: incident.id, source: 'impact' },
    });
    expect(entry).toMatchObject({
      occurredAt: new Date('2026-11-23T21:58:00Z'),
      actorId: BOB,
      text: `<@${BOB}> recorded an outage of checkout-api.`,
    });
    await settled();
    expect(lines(channelId).at(-1)).toBe(
      `:red_circle: <@${BOB}> recorded an outage of checkout-api from <!date^${seconds('2026-11-23T21:58:00Z')}^{date_short_pretty} {time}|2026-11-23 21:58 UTC>.`,
    );
  });

  it('switches a degraded window to an outage at the new start, and ends it', async () => {
    await start();
    const { incident, channelId } = await declare();
    await type('impact degraded 14:10 checkout-api', { channelId });
    expect(await type('impact outage 14:20', { channelId })).toMatch(/ending the degraded window of checkout-api/);
    expect(await type('impact end 14:31', { channelId })).toMatch(
      /Ended the impact on checkout-api \(outage, 11 min\)/,
    );
    expect(await windows(incident.id)).toMatchObject([
      { kind: 'degraded', startedAt: new Date('2026-11-23T22:10:00Z'), endedAt: new Date('2026-11-23T22:20:00Z') },
      { kind: 'outage', startedAt: new Date('2026-11-23T22:20:00Z'), endedAt: new Date('2026-11-23T22:31:00Z') },
    ]);
    // The earliest impact is when the incident's impact started: the postmortem and the metrics count from it.
    expect((await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } })).impactStartedAt).toEqual(
      new Date('2026-11-23T22:10:00Z'),
    );
    await settled();
    expect(lines(channelId).slice(-3)).toEqual([
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
    const { incident, channelId } = await declare();
    const stored = async () => ({
      windows: await prisma().impactWindow.count(),
      entries: await prisma().timelineEntry.count({ where: { source: 'impact' } }),
    });
    expect(await type('impact outage 13:58 chekout-api', { channelId })).toMatch(/Did you mean `checkout-api`\?/);
    expect(await type('impact outage 23:00', { channelId })).toMatch(
      /`23:00` in `America\/Los_Angeles` is in the future/,
    );
    expect(await type('impact end', { channelId })).toBe(
      `Incident ${incident.number} has no open impact window to end.`,
    );
    expect(await stored()).toEqual({ windows: 0, entries: 0 });

    await type('impact degraded 14:10', { channelId });
    expect(await type('impact end 14:00', { channelId })).toMatch(/started at .*14:10.*cannot end before/);
    expect(await type('impact degraded 14:15', { channelId })).toMatch(/already has an open degraded window/);
    expect(await type('impact end 14:20 search', { channelId })).toMatch(/`search` has no open impact window/);
    expect(await stored()).toEqual({ windows: 1, entries: 1 });

    const other = await declare('declare Something is slow');
    expect(await type('impact outage', { channelId: other.channelId })).toMatch(
      /has no services, so name the affected ones.*Known services: `checkout-api`, `search`/,
    );
    expect(await stored()).toEqual({ windows: 1, entries: 1 });
  });

  it('asks before resolving with an open window, and Confirm closes it at the resolve time and resolves once', async () => {
    await start();
    const { incident, channelId } = await declare();
    await type('impact outage 13:58', { channelId });
    const { answer, buttons } = await ask('resolve Fixed by rollback', channelId);
    expect(answer).toMatch(/still has impact open[\s\S]*outage of checkout-api since[\s\S]*\[Confirm\] \[Edit\]/);
    // `status resolved` asks the same.
    expect((await ask('status resolved', channelId)).answer).toMatch(/still has impact open/);
    expect(await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      status: 'investigating',
      resolvedAt: null,
    });
    expect(await windows(incident.id)).toMatchObject([{ endedAt: null }]);

    const [first, second] = await Promise.all([
      click(ACTIONS.confirmResolve, buttons[ACTIONS.confirmResolve], channelId),
      click(ACTIONS.confirmResolve, buttons[ACTIONS.confirmResolve], channelId),
    ]);
    const answers = await Promise.all([answerAt(first), answerAt(second)]);
    expect(answers).toContain(`Incident ${incident.number} is resolved. :white_check_mark:`);
    expect(answers.filter((text) => /is resolved\./.test(text))).toHaveLength(1);
    const resolved = await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(resolved.status).toBe('resolved');
    expect(await windows(incident.id)).toMatchObject([{ endedAt: resolved.resolvedAt }]);
    // A click long after, on the same question, changes nothing either.
    expect(await answerAt(await click(ACTIONS.confirmResolve, buttons[ACTIONS.confirmResolve], channelId))).toMatch(
      /already resolved/,
    );
    await settled();
    expect(lines(channelId).filter((line) => line.includes('resolved the incident'))).toEqual([
      `<@${BOB}> resolved the incident: Fixed by rollback`,
    ]);
    expect(lines(channelId).filter((line) => line.includes('ended the impact'))).toHaveLength(1);
    const resolutions = await prisma().timelineEntry.count({
      where: { incidentId: incident.id, text: { contains: 'resolved the incident' } },
    });
    expect(resolutions).toBe(1);
  });

  it('lets Edit set when each open window ended, and resolves when the form is submitted', async () => {
    await start();
    const { incident, channelId } = await declare();
    await type('impact outage 13:58', { channelId });
    const { buttons } = await ask('resolve', channelId);
    await click(ACTIONS.editImpactEnds, buttons[ACTIONS.editImpactEnds], channelId);
    const view = await openedView(1);
    const [window] = await windows(incident.id);
    const blockId = `${BLOCKS.impactEndPrefix}${window?.id}`;
    expect(view.blocks.map((block) => block.block_id)).toContain(blockId);

    const submit = (iso: string) =>
      server.sendToSlackEndpoint(
        viewSubmissionBody({
          userId: BOB,
          callbackId: VIEWS.closeImpactWindows,
          privateMetadata: view.private_metadata,
          values: { [blockId]: { [ACTIONS.impactEnd]: { type: 'datetimepicker', selected_date_time: seconds(iso) } } },
        }),
      );
    const early = await submit('2026-11-23T21:30:00Z');
    expect(await early.json()).toEqual({
      response_action: 'errors',
      errors: { [blockId]: 'The impact cannot end before it started.' },
    });
    expect((await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('investigating');

    expect((await submit('2026-11-23T22:31:00Z')).status).toBe(200);
    await until(
      async () => (await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } })).status === 'resolved',
      'the resolution',
    );
    expect(await windows(incident.id)).toMatchObject([{ endedAt: new Date('2026-11-23T22:31:00Z') }]);
    await until(
      () =>
        fake()
          .ephemeralsFor(BOB)
          .some((e) => e.text === `Incident ${incident.number} is resolved. :white_check_mark:`),
      'the answer in the channel',
    );
  });

  it('asks about customer impact when none was recorded: "No customer impact" resolves and says so', async () => {
    await start();
    const { incident, channelId } = await declare();
    const { answer, buttons } = await ask('resolve', channelId);
    expect(answer).toMatch(
      /was there customer impact\? None is recorded\.[\s\S]*\[No customer impact\] \[Record impact\]/,
    );
    expect((await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('investigating');
    const url = await click(ACTIONS.resolveWithoutImpact, buttons[ACTIONS.resolveWithoutImpact], channelId);
    expect(await answerAt(url)).toBe(`Incident ${incident.number} is resolved. :white_check_mark:`);
    expect((await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('resolved');
    const entry = await prisma().timelineEntry.findFirstOrThrow({
      where: { incidentId: incident.id, source: 'impact' },
    });
    expect(entry.text).toBe(`<@${BOB}> confirmed there was no customer impact.`);
    expect(await prisma().impactWindow.count()).toBe(0);
  });

  it('records the impact from the form once, however often it is submitted, and resolves', async () => {
    await start();
    const { incident, channelId } = await declare();
    const { buttons } = await ask('resolve', channelId);
    await click(ACTIONS.recordImpact, buttons[ACTIONS.recordImpact], channelId);
    const view = await openedView(1);
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
    const responses = await Promise.all([
      server.sendToSlackEndpoint(submission),
      server.sendToSlackEndpoint(submission),
    ]);
    expect(responses.map((res) => res.status)).toEqual([200, 200]);
    await until(() => fake().ephemeralsFor(BOB).length >= 2, 'both answers');
    expect(await windows(incident.id)).toMatchObject([
      {
        service: 'checkout-api',
        kind: 'degraded',
        startedAt: new Date('2026-11-23T22:00:00Z'),
        endedAt: new Date('2026-11-23T22:12:00Z'),
      },
    ]);
    expect((await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('resolved');
    expect(
      await prisma().timelineEntry.count({
        where: { incidentId: incident.id, text: { contains: 'resolved the incident' } },
      }),
    ).toBe(1);
  });

  it('posts the budget line at resolve, and announces each threshold once per service and month', async () => {
    // 23:30 UTC is 15:30 in Los Angeles; November in Paris (the team's zone) is 30 days: 43.2 min at 99.9 %.
    await start({ now: clockFrom('2026-11-23T23:30:00Z') });
    const first = await declare();
    await type('impact outage 13:58', { channelId: first.channelId });
    await type('impact end 14:25', { channelId: first.channelId });
    expect(await type('resolve', { channelId: first.channelId })).toMatch(/is resolved/);
    await settled();
    expect(lines(first.channelId).at(-1)).toBe("Used 27 min of checkout-api's 43.2 min November budget (62%).");
    const budgetAnnouncements = () =>
      fake()
        .messagesIn(ANNOUNCEMENTS)
        .map((m) => m.text)
        .filter((text) => text.includes('error budget'));
    expect(budgetAnnouncements()).toEqual([
      ':warning: checkout-api has used 62% of its November error budget (27 min of 43.2 min).',
    ]);

    const second = await declare('declare sev2 checkout-api: Checkout is down again');
    await type('impact outage 14:30', { channelId: second.channelId });
    await type('impact end 14:47', { channelId: second.channelId });
    await type('resolve', { channelId: second.channelId });
    await settled();
    expect(lines(second.channelId).at(-1)).toBe(
      "Used 44 min of checkout-api's 43.2 min November budget (101%): the budget is exceeded.",
    );
    expect(budgetAnnouncements()).toEqual([
      ':warning: checkout-api has used 62% of its November error budget (27 min of 43.2 min).',
      ':rotating_light: checkout-api has exceeded its November error budget: 101% used (44 min of 43.2 min).',
    ]);

    await type('reopen Errors are back', { channelId: second.channelId });
    expect(await type('resolve', { channelId: second.channelId })).toMatch(/is resolved/);
    await settled();
    expect(lines(second.channelId).at(-1)).toBe(
      "Used 44 min of checkout-api's 43.2 min November budget (101%): the budget is exceeded.",
    );
    expect(budgetAnnouncements()).toHaveLength(2);
    expect(await prisma().budgetAnnouncement.findMany({ orderBy: { threshold: 'asc' } })).toMatchObject([
      { service: 'checkout-api', periodKey: '2026-11', threshold: 50, incidentId: first.incident.id },
      { service: 'checkout-api', periodKey: '2026-11', threshold: 100, incidentId: second.incident.id },
    ]);
  });
});
