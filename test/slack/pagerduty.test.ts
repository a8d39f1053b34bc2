import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runOutboxCommand } from '../../src/cli/outbox-command.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { ROUTING_KEYS, startPagingHarness } from '../support/pagerduty/pagerduty-harness.ts';
import { sitrepEnv } from '../support/real-sitrep.ts';
import { buttonOf } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const MINUTE = 60_000;

type PagingTest = Awaited<ReturnType<typeof startPagingHarness>>;

/** The channel lines that say a page went out. */
const pageLines = (slack: PagingTest, channelId: string) =>
  slack.linesIn(channelId).filter((line) => line.startsWith(':pager:'));

describe.each(databaseKinds)('paging through PagerDuty from Slack, on %s', (kind) => {
  let slack: PagingTest;
  afterEach(async () => {
    await slack.close();
  });

  it('pages a SEV1 declare once, even when Slack delivers the command twice, and says so once in the channel', async () => {
    slack = await startPagingHarness(kind, { maxRetryBackoffMs: 200 });
    const command = slack.slashCommand('declare sev1 checkout-api, search: Checkout is down');
    await slack.deliver(command.request);
    await slack.deliver({ ...command.request, headers: { 'x-slack-retry-num': '1' } });
    await until(() => command.replies().length === 2, 'two answers');
    await slack.allDone();
    expect(
      slack.pagerDuty.alerts.map(({ dedupKey, status, severity, component }) => ({
        dedupKey,
        status,
        severity,
        component,
      })),
    ).toEqual([
      expect.objectContaining({ status: 'triggered', severity: 'critical', component: 'checkout-api' }),
      expect.objectContaining({ status: 'triggered', severity: 'critical', component: 'search' }),
    ]);
    expect(slack.accepted().toSorted()).toEqual(['trigger checkout-api', 'trigger search']);
    const incident = await slack.prisma.incident.findFirstOrThrow();
    const channelId = incident.channelId ?? '';
    expect(slack.pagerDuty.alerts[0]).toMatchObject({
      dedupKey: `sitrep-${incident.id}-checkout-api`,
      summary: `[SEV1] Incident ${incident.number}: Checkout is down`,
    });
    expect(pageLines(slack, channelId).toSorted()).toEqual([
      ':pager: Paged the checkout-api on-call through PagerDuty (SEV1).',
      ':pager: Paged the search on-call through PagerDuty (SEV1).',
    ]);
    const timeline = await slack.prisma.timelineEntry.findMany({ where: { text: { startsWith: ':pager:' } } });
    expect(timeline).toHaveLength(2);
  });

  it('pages nobody for a SEV3, then the services that page at SEV1 when it is raised', async () => {
    slack = await startPagingHarness(kind, { maxRetryBackoffMs: 200 });
    const { channelId } = await slack.declare({ text: 'declare sev3 checkout-api, search: Checkout is slow' });
    await slack.allDone();
    expect(slack.pagerDuty.requests).toEqual([]);
    expect(await slack.type('sev 2', { channelId })).toMatch(/is now SEV2/);
    await slack.allDone();
    expect(slack.accepted()).toEqual(['trigger checkout-api']);
    expect(await slack.type('sev 1', { channelId })).toMatch(/is now SEV1/);
    await slack.allDone();
    // checkout-api was paged at SEV2 already; search pages from SEV1.
    expect(slack.accepted()).toEqual(['trigger checkout-api', 'trigger search']);
    expect(pageLines(slack, channelId)).toEqual([
      ':pager: Paged the checkout-api on-call through PagerDuty (SEV2).',
      ':pager: Paged the search on-call through PagerDuty (SEV1).',
    ]);
  });

  it('pages on demand with the reason, refuses a service without PagerDuty, and resolving resolves each page', async () => {
    slack = await startPagingHarness(kind, { maxRetryBackoffMs: 200 });
    const { channelId } = await slack.declare({ text: 'declare sev3 checkout-api, search: Checkout is slow' });
    expect(await slack.type('page search Autocomplete times out <!channel>', { channelId })).toMatch(
      /^Paging the search on-call through PagerDuty for incident \d+/,
    );
    await slack.allDone();
    expect(slack.accepted()).toEqual(['trigger search']);
    expect(slack.pagerDuty.alerts[0]?.events[0]?.body).toMatchObject({
      routing_key: ROUTING_KEYS.search,
      payload: { severity: 'warning', custom_details: { reason: 'Autocomplete times out <!channel>' } },
      links: [{ href: `https://slack.com/app_redirect?channel=${channelId}` }],
    });
    expect(pageLines(slack, channelId)).toEqual([
      ':pager: Paged the search on-call through PagerDuty (SEV3): Autocomplete times out &lt;!channel&gt;',
    ]);
    expect(await slack.type('page search again', { channelId })).toMatch(/already paged/);
    expect(await slack.type('page docs-site', { channelId })).toBe(
      '`docs-site` has no PagerDuty set up in sitrep.yml. You can page `checkout-api`, `search`.',
    );

    // search pages at SEV1 too, but its page is open already.
    expect(await slack.type('sev 1', { channelId })).toMatch(/is now SEV1/);
    await slack.allDone();
    expect(slack.accepted()).toEqual(['trigger search', 'trigger checkout-api']);

    const question = await slack.ask('resolve Rolled back', { channelId });
    const resolved = await slack.press(buttonOf(question.buttons, ACTIONS.resolveWithoutImpact), { channelId });
    expect((await resolved.reply()).text).toMatch(/is resolved/);
    await slack.allDone();
    expect(slack.accepted().slice(2).toSorted()).toEqual(['resolve checkout-api', 'resolve search']);
    expect(slack.pagerDuty.alerts.map((alert) => `${alert.component} ${alert.status}`)).toEqual([
      'search resolved',
      'checkout-api resolved',
    ]);
    expect(await slack.type('page search', { channelId })).toMatch(/is resolved\. Use `\/incident reopen/);
  });

  it('retries a page PagerDuty answered 429, 500 and 503, after its Retry-After, and delivers it once', async () => {
    slack = await startPagingHarness(kind, { maxRetryBackoffMs: 200 });
    slack.pagerDuty.failNext(429, 1, '1');
    slack.pagerDuty.failNext(500, 1);
    // A third failure would be held on the long backoff, were PagerDuty's outages judged as sitrep's own mistakes.
    slack.pagerDuty.failNext(503, 1);
    const { channelId } = await slack.declare({ text: 'declare sev2 checkout-api: Checkout is slow' });
    await slack.allDone(15_000);
    expect(slack.pagerDuty.requests.map((request) => request.status)).toEqual([429, 500, 503, 202]);
    expect(slack.pagerDuty.alerts).toHaveLength(1);
    expect(pageLines(slack, channelId)).toEqual([':pager: Paged the checkout-api on-call through PagerDuty (SEV2).']);
  });

  it('posts the page line once when Slack lost the answer to it, sending PagerDuty the same alert again', async () => {
    slack = await startPagingHarness(kind, { maxRetryBackoffMs: 200 });
    const { channelId } = await slack.declare({ text: 'declare sev3 checkout-api: Checkout is slow' });
    slack.fake.failWith({ status: 504, performed: true }, { methods: ['chat.postMessage'], count: 1 });
    expect(await slack.type('page checkout-api Card payments fail', { channelId })).toMatch(/^Paging/);
    await slack.allDone();
    // The retry triggered again, and PagerDuty folded it into the alert the first try opened.
    expect(slack.accepted()).toEqual(['trigger checkout-api', 'trigger checkout-api']);
    expect(slack.pagerDuty.alerts.map((alert) => alert.events.length)).toEqual([2]);
    expect(pageLines(slack, channelId)).toEqual([
      ':pager: Paged the checkout-api on-call through PagerDuty (SEV3): Card payments fail',
    ]);
  });

  it('holds a page PagerDuty refuses (400) on the long backoff, for sitrep outbox to list, and no Slack line waits', async () => {
    const clock = createTestClock();
    slack = await startPagingHarness(kind, { now: () => clock.now(), replyWithinMs: 20_000 });
    slack.pagerDuty.failNext(400, 3);
    expect((await slack.ask('declare sev1 search: Search is down')).text).toMatch(/Declared incident/);
    await slack.caughtUp({ now: clock.now, what: 'the first try' });
    const channelId = (await slack.prisma.incident.findFirstOrThrow()).channelId ?? '';
    for (const ms of [1_000, 2_000]) {
      clock.advance(ms);
      await slack.caughtUp({ now: clock.now, what: 'a retry' });
    }
    const page = await slack.prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'page.trigger' } });
    expect(page).toMatchObject({
      status: 'pending',
      attempts: 3,
      lastError: "PagerDuty answered 400: Event object is invalid; 'payload.summary' is missing or blank",
    });
    expect(page.runAt.getTime() - clock.now().getTime()).toBeGreaterThan(MINUTE - 5_000);
    expect(slack.pagerDuty.requests).toHaveLength(3);
    // The incident channel went on without it, and the Slack workspace is not paused.
    expect(await slack.type('note Rolled back', { channelId })).toMatch(/Noted/);
    await slack.caughtUp({ now: clock.now, what: 'the note' });
    expect(slack.linesIn(channelId).at(-1)).toMatch(/noted: Rolled back/);
    let stdout = '';
    const code = await runOutboxCommand({
      args: [],
      env: sitrepEnv(slack.server.target),
      cwd: ROOT,
      now: clock.now,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/page\.trigger/);
    clock.advance(MINUTE);
    await slack.caughtUp({ now: clock.now, what: 'the try after a minute' });
    expect(slack.pagerDuty.alerts.map((alert) => alert.component)).toEqual(['search']);
    await until(() => pageLines(slack, channelId).length === 1, 'the page line');
  });
});
