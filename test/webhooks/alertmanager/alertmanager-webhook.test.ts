import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/database.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { countEvents, OVERSIZED_BODY, postWebhook, readFixture } from '../webhook-requests.ts';

const TOKEN = 'alert-token-9a7c3e15';
const PATH = '/webhooks/alertmanager';
const NOTIFICATION = readFixture('alertmanager-notification.json');

const authorized = (body: string, authorization = `Bearer ${TOKEN}`) => ({ body, headers: { authorization } });

describe.each(databaseKinds)('POST /webhooks/alertmanager on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { webhooks: { alertToken: TOKEN } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores each alert of a notification once, and counts none new on a repeat', async () => {
    const first = await postWebhook(server, PATH, authorized(NOTIFICATION));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: 3 });

    const again = await postWebhook(server, PATH, authorized(NOTIFICATION));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: 0 });

    const rows = await server.database.prisma.alertEvent.findMany({ orderBy: { startsAt: 'asc' } });
    expect(rows).toEqual([
      expect.objectContaining({
        fingerprint: '7d2f09aa13e84c6b',
        status: 'resolved',
        service: 'checkout-api',
        summary: 'p99 latency above 2 s',
        endsAt: new Date('2026-11-20T11:55:00.123Z'),
      }),
      expect.objectContaining({ fingerprint: '0f9e31b2c7aa4d18', status: 'firing', service: null, endsAt: null }),
      expect.objectContaining({
        fingerprint: 'c4a1e2b7f0d39a55',
        status: 'firing',
        service: 'checkout-api',
        alertName: 'CheckoutHighErrorRate',
        summary: '5xx above 5% on checkout-api for 5 minutes',
        startsAt: new Date('2026-11-20T12:59:30.518Z'),
        endsAt: null,
      }),
    ]);
  });

  it.each([
    ['a wrong token', authorized(NOTIFICATION, 'Bearer not-the-token'), 401],
    ['no Authorization header', { body: NOTIFICATION }, 401],
    ['the token as Basic credentials', authorized(NOTIFICATION, `Basic ${TOKEN}`), 401],
    ['a body over 1 MB', authorized(OVERSIZED_BODY), 413],
  ])('refuses %s and stores nothing', async (_name, request, status) => {
    const before = await countEvents(server);
    const response = await postWebhook(server, PATH, request);
    expect(response.status).toBe(status);
    expect(await countEvents(server)).toEqual(before);
  });

  it('answers a notification of another version with 400 and the issues, storing nothing', async () => {
    const before = await countEvents(server);
    const body = NOTIFICATION.replace('"version": "4"', '"version": "3"');
    const response = await postWebhook(server, PATH, authorized(body));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid body',
      issues: [expect.objectContaining({ path: ['version'] })],
    });
    expect(await countEvents(server)).toEqual(before);
  });
});
