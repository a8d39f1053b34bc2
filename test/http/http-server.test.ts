import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/database.ts';
import { captureLogs } from '../support/log-capture.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(databaseKinds)('the HTTP server on %s, asked for what it does not serve', (kind) => {
  let server: TestServer;
  const logs = captureLogs();
  beforeAll(async () => {
    server = await startTestServer(kind, { logger: logs.logger });
  });
  afterAll(async () => {
    await server.close();
  });

  const ask = (method: string, path: string) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: 'Bearer xoxb-not-a-real-token', cookie: 'session=abc' },
      ...(method === 'POST' || method === 'PUT' ? { body: '{"a":1}' } : {}),
    });

  it.each([
    ['GET', '/'],
    ['GET', '/nope'],
    ['POST', '/nope'],
    ['GET', '/slack'],
    ['GET', '/webhooks/nope'],
    ['GET', '/slack/events/more'],
  ])('answers %s %s 404, in a few words', async (method, path) => {
    const response = await ask(method, path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('Not found\n');
  });

  it.each([
    ['GET', '/slack/events', 'POST'],
    ['PUT', '/slack/events', 'POST'],
    ['GET', '/webhooks/deploy', 'POST'],
    ['GET', '/webhooks/github', 'POST'],
    ['POST', '/healthz', 'GET'],
    ['DELETE', '/readyz', 'GET'],
    ['POST', '/metrics', 'GET'],
  ])('answers %s %s 405, allowing %s', async (method, path, allowed) => {
    const response = await ask(method, path);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allowed);
    expect(await response.text()).toBe('Method not allowed\n');
  });

  it('logs none of it as a warning or an error', () => {
    const loud = logs
      .lines()
      .filter((line) => line.level !== 'trace' && line.level !== 'debug' && line.level !== 'info');
    expect(loud).toEqual([]);
    expect(logs.text()).not.toMatch(/xoxb-not-a-real-token|session=abc|authorization/i);
  });
});
