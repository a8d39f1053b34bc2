import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventCallbackBody, slashCommandBody } from '../../demo/fake-slack/sign.ts';
import { databaseKinds } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

describe.each(databaseKinds)('the sitrep server on %s', (kind) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(kind);
  });
  afterEach(async () => {
    await server.close();
  });

  const processedEvents = () => server.database.prisma.processedSlackEvent.count();

  it('answers /healthz and /readyz once migrated, with a trace id on every response', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-trace-id')).toMatch(/^[\w-]+$/);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', migrations: expect.any(Number) });
  });

  it('answers a signed /incident help ephemerally through the response URL', async () => {
    const command = slashCommandBody({
      command: '/incident',
      text: '  HELP ',
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
    });
    const ack = await server.sendToSlackEndpoint(command);
    expect(ack.status).toBe(200);
    await until(() => server.slack.fake.responses.length > 0, 'the answer');
    const [reply] = server.slack.fake.responses;
    expect(reply?.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('`/incident help`'),
    });
  });

  it('tells the person what it does not understand, and how to get help', async () => {
    await server.sendToSlackEndpoint(
      slashCommandBody({ command: '/incident', text: 'frobnicate', userId: 'U0ALICE', channelId: 'C0GENERAL' }),
    );
    await until(() => server.slack.fake.responses.length > 0, 'the answer');
    const [reply] = server.slack.fake.responses;
    expect(reply?.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining("I don't know `/incident frobnicate`"),
    });
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
    expect((await server.sendToSlackEndpoint({ ...command, ...signing })).status).toBe(401);
    expect((await server.sendToSlackEndpoint({ ...event, ...signing })).status).toBe(401);
    // A good request afterwards is handled and answered, so anything the bad ones had set off would show by now.
    await server.sendToSlackEndpoint(
      slashCommandBody({ command: '/incident', text: 'help', userId: 'U0ALICE', channelId: 'C0GENERAL' }),
    );
    await until(() => server.slack.fake.responses.length === 1, 'the answer');
    expect(server.slack.fake.responses).toHaveLength(1);
    expect(await processedEvents()).toBe(0);
    // Only the good request's answer went to Slack (auth.test is Bolt checking its token).
    expect(server.slack.fake.calls.map((call) => call.method).filter((method) => method !== 'auth.test')).toEqual([
      'response_url',
    ]);
  });

  it('acknowledges a burst of commands and answers each one once, with what was asked', async () => {
    // More than the command queue keeps before it drops the ones already started (1,024), each a read of the database.
    const commands = Array.from({ length: 1_500 }, (_, i) =>
      slashCommandBody({
        command: '/incident',
        text: 'list',
        userId: 'U0ALICE',
        channelId: 'C0GENERAL',
        triggerId: `t.${i}`,
      }),
    );
    // 32 connections, each sending its next command as soon as the last was acknowledged.
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let command = commands[next++]; command; command = commands[next++]) {
          statuses.push((await server.sendToSlackEndpoint(command)).status);
        }
      }),
    );
    expect(statuses).toEqual(commands.map(() => 200));
    await until(() => server.slack.fake.responses.length >= commands.length, 'every answer', 60_000);
    const answered = server.slack.fake.responses.map((response) => response.url).sort();
    const sent = commands.map((command) => new URLSearchParams(command.body).get('response_url')).sort();
    expect(answered).toEqual(sent);
    const texts = new Set(server.slack.fake.responses.map((response) => JSON.stringify(response.body)));
    expect([...texts].map((text) => JSON.parse(text).text)).toEqual(['No open incidents. :tada:']);
  }, 90_000);

  it('handles an event once however often Slack redelivers it', async () => {
    const event = eventCallbackBody({
      event: { type: 'app_home_opened', user: 'U05ALICE01', tab: 'home' },
      eventId: 'Ev0ONCE',
    });
    for (const retry of ['', '1', '2']) {
      const headers: Record<string, string> = retry
        ? { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' }
        : {};
      expect((await server.sendToSlackEndpoint({ ...event, headers })).status).toBe(200);
    }
    await until(async () => (await processedEvents()) === 1, 'the event to be recorded');
    expect(await server.database.prisma.processedSlackEvent.findMany({ select: { eventId: true } })).toEqual([
      { eventId: 'Ev0ONCE' },
    ]);
  });

  it('exposes Prometheus metrics for HTTP requests and Slack API calls', async () => {
    await server.sendToSlackEndpoint(
      slashCommandBody({ command: '/incident', text: 'help', userId: 'U0ALICE', channelId: 'C0GENERAL' }),
    );
    await until(() => server.slack.fake.responses.length === 1, 'the answer');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
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
