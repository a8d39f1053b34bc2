import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/database.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { countEvents, OVERSIZED_BODY, postWebhook, readFixture } from '../webhook-requests.ts';

const TOKEN = 'gitlab-token-5d2e71b9';
const PATH = '/webhooks/gitlab';
const HOOK_PAYLOAD = readFixture('gitlab-deployment-hook.json');

/** As GitLab sends it: event name, event UUID and the secret token in headers. */
const hook = ({
  id,
  body = HOOK_PAYLOAD,
  event = 'Deployment Hook',
  token = TOKEN,
}: {
  id: string;
  body?: string;
  event?: string;
  token?: string;
}) => ({
  body,
  headers: {
    'user-agent': 'GitLab/17.5.1',
    'x-gitlab-event': event,
    'x-gitlab-event-uuid': id,
    'x-gitlab-instance': 'https://gitlab.acme.example',
    'x-gitlab-webhook-uuid': '2f4b1c9e-7a3d-4e58-b6c0-9d8e7f6a5b4c',
    'x-gitlab-token': token,
  },
});

describe.each(databaseKinds)('POST /webhooks/gitlab on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { webhooks: { gitlabToken: TOKEN } });
  });
  afterAll(async () => {
    await server.close();
  });

  const storedWithId = (deliveryId: string) =>
    server.database.prisma.deployEvent.findMany({ where: { source: 'gitlab', deliveryId } });

  it('stores a Deployment Hook once per event, and answers a redelivery with stored: false', async () => {
    const request = hook({ id: '8bd1c4e6-1a61-4b5e-9a8f-0c6f2a4b7e11' });
    const first = await postWebhook(server, PATH, request);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: true });

    const again = await postWebhook(server, PATH, request);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: false });

    expect(await storedWithId('8bd1c4e6-1a61-4b5e-9a8f-0c6f2a4b7e11')).toEqual([
      expect.objectContaining({
        service: 'search',
        knownService: true,
        environment: 'production',
        version: '279484c0',
        status: 'succeeded',
        actor: 'carol',
        url: 'https://gitlab.acme.example/acme/search/indexer/-/jobs/90213',
        // 2026-11-20 13:58:00 +0100
        occurredAt: new Date('2026-11-20T12:58:00.000Z'),
      }),
    ]);
  });

  it('answers another event with 202 and stores nothing', async () => {
    const before = await countEvents(server);
    const response = await postWebhook(
      server,
      PATH,
      hook({ id: 'push-1', event: 'Push Hook', body: '{"object_kind":"push"}' }),
    );
    expect(response.status).toBe(202);
    expect(await countEvents(server)).toEqual(before);
  });

  it.each([
    ['a wrong token', hook({ id: 'forged-1', token: 'not-the-token' }), 401],
    [
      'no token',
      { body: HOOK_PAYLOAD, headers: { 'x-gitlab-event': 'Deployment Hook', 'x-gitlab-event-uuid': 'x' } },
      401,
    ],
    ['a body over 1 MB', hook({ id: 'big-1', body: OVERSIZED_BODY }), 413],
  ])('refuses %s and stores nothing', async (_name, request, status) => {
    const before = await countEvents(server);
    const response = await postWebhook(server, PATH, request);
    expect(response.status).toBe(status);
    expect(await countEvents(server)).toEqual(before);
  });

  it('answers a hook that is not a deployment with 400 and the issues, storing nothing', async () => {
    const before = await countEvents(server);
    const body = HOOK_PAYLOAD.replace('"object_kind": "deployment"', '"object_kind": "build"');
    const response = await postWebhook(server, PATH, hook({ id: 'bad-1', body }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid body',
      issues: [expect.objectContaining({ path: ['object_kind'] })],
    });
    expect(await countEvents(server)).toEqual(before);
  });
});
