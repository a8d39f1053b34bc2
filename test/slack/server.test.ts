import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventCallbackBody, slashCommandBody } from '../../demo/fake-slack/sign.ts';
import { databaseKinds } from '../support/database.ts';
import { retryHeaders, type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

describe.each(databaseKinds)('the sitrep server on %s', (kind) => {
  // Alice types in #general.
  let slack: SlackTest;
  beforeEach(async () => {
    slack = await startSlackHarness(kind);
  });
  afterEach(async () => {
    await slack.close();
  });

  const processedEvents = () => slack.prisma.processedSlackEvent.count();

  it('answers /healthz and /readyz once migrated, with a trace id on every response', async () => {
    const health = await fetch(`${slack.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-trace-id')).toMatch(/^[\w-]+$/);
    const ready = await fetch(`${slack.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', migrations: expect.any(Number), slack: { status: 'ok' } });
  });

  it('answers a signed /incident help ephemerally through the response URL', async () => {
    // The harness checks the answer is ephemeral.
    expect((await slack.ask('  HELP ')).text).toContain('`/incident help`');
    expect(slack.fake.responses).toHaveLength(1);
  });

  it('tells the person what it does not understand, and how to get help', async () => {
    expect((await slack.ask('frobnicate')).text).toContain("I don't know `/incident frobnicate`");
  });

  it.each([
    ['a wrong secret', { signingSecret: 'ffffffffffffffffffffffffffffffff' }],
    ['a timestamp over five minutes old', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('refuses a request signed with %s with 401 and changes nothing', async (_name, signing) => {
    const command = slashCommandBody({
      command: '/incident',
      text: 'help',
      userId: 'U0MALLORY',
      channelId: 'C0GENERAL',
    });
    const event = eventCallbackBody({
      event: { type: 'app_home_opened', user: 'U0MALLORY', tab: 'home' },
      eventId: 'Ev0BAD',
    });
    expect((await slack.server.sendToSlackEndpoint({ ...command, ...signing })).status).toBe(401);
    expect((await slack.server.sendToSlackEndpoint({ ...event, ...signing })).status).toBe(401);
    // A good request afterwards is handled and answered, so anything the bad ones had set off would show by now.
    await slack.ask('help');
    expect(slack.fake.responses).toHaveLength(1);
    expect(await processedEvents()).toBe(0);
    // Only the good request's answer went to Slack (auth.test is Bolt checking its token).
    expect(slack.fake.calls.map((call) => call.method).filter((method) => method !== 'auth.test')).toEqual([
      'response_url',
    ]);
  });

  it('acknowledges a burst of commands and answers each one once, or says at once that it is busy', async () => {
    // Well past the 256 commands one process keeps waiting, each a read of the database.
    const commands = Array.from({ length: 1_500 }, () => slack.slashCommand('list'));
    // 32 connections, each sending its next command as soon as the last was acknowledged.
    const acknowledged: typeof commands = [];
    const busy: typeof commands = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let command = commands[next++]; command; command = commands[next++]) {
          const res = await slack.server.sendToSlackEndpoint(command.request);
          expect(res.status).toBe(200);
          const body = await res.text();
          if (body === '') acknowledged.push(command);
          else {
            expect(JSON.parse(body)).toEqual({ response_type: 'ephemeral', text: expect.stringMatching(/too many/) });
            busy.push(command);
          }
        }
      }),
    );
    expect(acknowledged.length).toBeGreaterThan(256);
    await until(() => slack.fake.responses.length >= acknowledged.length, 'every answer', 60_000);
    // Each command acknowledged answered once, at its own response URL, with what was asked; the busy ones never.
    expect(slack.fake.responses).toHaveLength(acknowledged.length);
    expect(acknowledged.filter((command) => command.replies().length !== 1)).toEqual([]);
    expect(busy.filter((command) => command.replies().length !== 0)).toEqual([]);
    const answers = new Set(acknowledged.flatMap((command) => command.replies().map((reply) => reply.text)));
    expect([...answers]).toEqual(['No open incidents. :tada:']);
  }, 90_000);

  it('handles an event once however often Slack redelivers it', async () => {
    const event = eventCallbackBody({
      event: { type: 'app_home_opened', user: 'U05ALICE01', tab: 'home' },
      eventId: 'Ev0ONCE',
    });
    await slack.deliver(event);
    await slack.deliver({ ...event, headers: retryHeaders(1) });
    await slack.deliver({ ...event, headers: retryHeaders(2) });
    await until(async () => (await processedEvents()) === 1, 'the event to be recorded');
    expect(await slack.prisma.processedSlackEvent.findMany({ select: { eventId: true } })).toEqual([
      { eventId: 'Ev0ONCE' },
    ]);
  });

  it('exposes Prometheus metrics for HTTP requests and Slack API calls', async () => {
    await slack.ask('help');
    const metrics = await (await fetch(`${slack.server.url}/metrics`)).text();
    expect(metrics).toMatch(/sitrep_http_requests_total\{route="\/slack\/events",method="POST",status="200"\} 1/);
    expect(metrics).toMatch(/sitrep_slack_api_calls_total\{method="auth.test",outcome="ok"\} \d/);
    // The answer went to the command's response URL: one series for all of them, not one per URL's secret token.
    expect(metrics).toMatch(/sitrep_slack_api_calls_total\{method="response_url",outcome="ok"\} 1\n/);
    const methods = [...metrics.matchAll(/sitrep_slack_api_calls_total\{method="([^"]*)"/g)].map((m) => m[1]);
    expect(
      methods.filter((method) => method !== 'response_url' && !/^[a-z]+(\.[a-zA-Z]+)+$/.test(method ?? '')),
    ).toEqual([]);
    expect(metrics).toMatch(/sitrep_job_lag_seconds 0/);
    expect(metrics).toContain('sitrep_process_resident_memory_bytes');
  });
});
