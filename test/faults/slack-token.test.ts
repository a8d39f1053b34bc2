import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { WEB_API_METHODS } from '../../demo/fake-slack/fake-slack.ts';
import { BOT_SCOPES } from '../../demo/fake-slack/method-scopes.ts';
import { databaseKinds } from '../support/database.ts';
import { captureLogs } from '../support/log-capture.ts';
import { readSlackStatus } from '../support/readiness.ts';
import { startSlackHarness } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';

const { alice: ALICE } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

const OUTAGE_MS = 60_000;
const STEP_MS = 5_000;
/** sitrep asks `auth.test` this often while paused (30 s in production). */
const PROBE_MS = 100;

describe.each(databaseKinds)('Slack refusing the token (a reinstall, a rotated token) on %s', (kind) => {
  it('pauses the outbox for the workspace, says so once and in /readyz, then delivers every message once', async () => {
    const clock = createTestClock();
    const logs = captureLogs('warn');
    const slack = await startSlackHarness(kind, {
      now: () => clock.now(),
      logger: logs.logger,
      slackAuthProbeMs: PROBE_MS,
      maxRetryBackoffMs: 200,
      replyWithinMs: 20_000,
    });
    const ready = async () => (await fetch(`${slack.server.url}/readyz`)).json();
    const slackStatus = () => readSlackStatus(slack.server.url);
    const pausedGauge = async () =>
      (await (await fetch(`${slack.server.url}/metrics`)).text())
        .split('\n')
        .filter((line) => /^sitrep_slack_paused/.test(line));
    try {
      const { incident, channelId } = await slack.declare();
      await slack.allDone();
      expect(await ready()).toMatchObject({ status: 'ready', slack: { status: 'ok' } });
      const healthyCalls = slack.fake.calls.length;

      // Slack's clock is sitrep's here: the token is refused for a minute of it, then accepted again.
      const outageEnds = clock.now().getTime() + OUTAGE_MS;
      slack.fake.failWith(
        { error: 'invalid_auth' },
        { methods: WEB_API_METHODS, until: () => clock.now().getTime() >= outageEnds },
      );
      expect(await slack.type('status identified', { channelId })).toBe(
        `Incident ${incident.number} is now identified.`,
      );
      expect(await slack.type('note Rolled back the canary', { channelId })).toBe(
        `Noted on the timeline of incident ${incident.number}.`,
      );
      const second = await slack.ask('declare sev1 search: Search is down');
      expect(second.text).toMatch(/Declared incident \d+/);

      await until(async () => (await slackStatus()) === 'paused', '/readyz to show the pause');
      while (clock.now().getTime() < outageEnds - STEP_MS) {
        clock.advance(STEP_MS);
        // Several probes each step, all refused.
        await sleep(3 * PROBE_MS);
        const readiness = await ready();
        expect(readiness).toEqual({
          status: 'ready',
          migrations: expect.any(Number),
          slack: {
            status: 'paused',
            reason: 'Slack said invalid_auth',
            fix: expect.stringMatching(/^reinstall the app/),
            since: expect.any(String),
          },
        });
        expect(await pausedGauge()).toEqual(['sitrep_slack_paused{reason="invalid_auth"} 1']);
      }
      const duringOutage = slack.fake.calls.slice(healthyCalls).filter((call) => call.injected);
      // One effect met the refusal; every other call of the outbox during the minute was the probe asking whether it
      // was over (users.info is the slash command asking who Alice is, not the outbox).
      const outboxCalls = duringOutage.filter((call) => !['auth.test', 'users.info'].includes(call.method));
      expect(outboxCalls.map((call) => call.method)).toEqual(['chat.postMessage']);
      expect(duringOutage.filter((call) => call.method === 'auth.test').length).toBeGreaterThan(10);
      expect(await slack.prisma.outboxMessage.count({ where: { status: 'pending', attempts: { gt: 0 } } })).toBe(0);

      clock.advance(STEP_MS);
      await until(async () => (await slackStatus()) === 'ok', '/readyz to show the resume');
      await slack.allDone(20_000);
      expect(await pausedGauge()).toEqual(['sitrep_slack_paused 0']);

      expect(await slack.prisma.outboxMessage.count({ where: { status: { not: 'done' } } })).toBe(0);
      // Not one message was charged for the token: each went on its first counted try.
      expect(await slack.prisma.outboxMessage.count({ where: { attempts: { not: 1 } } })).toBe(0);
      const lines = slack.linesIn(channelId);
      expect(new Set(lines).size).toBe(lines.length);
      expect(lines.slice(-2)).toEqual([
        `<@${ALICE}> changed the status from *Investigating* to *Identified*.`,
        `:memo: <@${ALICE}> noted: Rolled back the canary`,
      ]);
      expect(slack.linesIn(ANNOUNCEMENTS).filter((line) => line.includes('Search is down'))).toHaveLength(1);

      const pauseLines = logs.lines().filter((line) => String(line.msg).includes('outbox is paused'));
      expect(pauseLines).toEqual([
        expect.objectContaining({
          level: 'error',
          reason: 'Slack said invalid_auth',
          fix: expect.stringMatching(/reinstall/),
        }),
      ]);
      expect(logs.lines().filter((line) => line.level === 'error')).toHaveLength(1);
    } finally {
      await slack.close();
    }
  }, 90_000);

  it('after missing_scope, stays paused while the token still lacks the scope Slack named, then pins once', async () => {
    const logs = captureLogs('warn');
    const slack = await startSlackHarness(kind, {
      logger: logs.logger,
      slackAuthProbeMs: PROBE_MS,
      maxRetryBackoffMs: 200,
    });
    const ready = async () => (await fetch(`${slack.server.url}/readyz`)).json();
    const slackStatus = () => readSlackStatus(slack.server.url);
    try {
      // A manifest change dropped pins:write: the token works, and says which scopes it has on every answer.
      const everyScope = [...BOT_SCOPES];
      slack.fake.grantScopes(everyScope.filter((scope) => scope !== 'pins:write'));
      const declared = await slack.ask('declare sev2 checkout-api: Checkout is down');
      expect(declared.text).toMatch(/Declared incident \d+/);
      await until(async () => (await slackStatus()) === 'paused', '/readyz to show the pause');
      expect(await ready()).toMatchObject({
        slack: {
          status: 'paused',
          reason: 'Slack said missing_scope',
          fix: "add the pins:write scope to the app's manifest and reinstall the app in the workspace",
        },
      });
      // auth.test passes all along; without the scope back, resuming would only fail again.
      const probesBefore = slack.fake.callsTo('auth.test').length;
      await until(() => slack.fake.callsTo('auth.test').length > probesBefore + 3, 'several probes');
      expect(await slackStatus()).toBe('paused');
      expect(slack.fake.callsTo('pins.add').map((call) => call.error)).toEqual(['missing_scope']);

      slack.fake.grantScopes(everyScope);
      await until(async () => (await slackStatus()) === 'ok', '/readyz to show the resume');
      await slack.allDone(20_000);
      const channelId = slack.incidentChannels()[0]?.id ?? '';
      expect(slack.pinsIn(channelId)).toHaveLength(1);
      expect(
        slack.fake.callsTo('chat.postMessage').filter((call) => call.params.channel === channelId && call.ok),
      ).toHaveLength(1);
      expect(await slack.prisma.outboxMessage.count({ where: { status: { not: 'done' } } })).toBe(0);
      expect(logs.lines().filter((line) => line.level === 'error')).toEqual([
        expect.objectContaining({ reason: 'Slack said missing_scope', fix: expect.stringMatching(/pins:write/) }),
      ]);
    } finally {
      await slack.close();
    }
  }, 60_000);
});
