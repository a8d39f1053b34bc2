import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDeployBody } from '../../../src/webhooks/generic/deploy-signature.ts';
import { databaseKinds } from '../../support/database.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { countEvents, OVERSIZED_BODY, postWebhook, readFixture } from '../webhook-requests.ts';

const SECRET = 'github-secret-0c4e8b2a';
const PATH = '/webhooks/github';
const STATUS_PAYLOAD = readFixture('github-deployment-status.json');
const DEPLOYMENT_PAYLOAD = readFixture('github-deployment.json');

/** As GitHub sends it: event name, delivery id and signature in headers. */
const delivery = ({
  event,
  id,
  body,
  secret = SECRET,
}: {
  event: string;
  id: string;
  body: string;
  secret?: string;
}) => ({
  body,
  headers: {
    'user-agent': 'GitHub-Hookshot/6f8e2b1',
    'x-github-event': event,
    'x-github-delivery': id,
    'x-github-hook-id': '512345678',
    'x-hub-signature-256': signDeployBody(secret, body),
  },
});

/** The fixture with its state or repository changed, as GitHub would write it. */
const statusPayload = ({
  state = 'success',
  repository = 'acme/checkout-api',
}: {
  state?: string;
  repository?: string;
}) =>
  STATUS_PAYLOAD.replace('"state": "success"', `"state": "${state}"`).replace(
    '"full_name": "acme/checkout-api"',
    `"full_name": "${repository}"`,
  );

describe.each(databaseKinds)('POST /webhooks/github on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { webhooks: { githubSecret: SECRET } });
  });
  afterAll(async () => {
    await server.close();
  });

  const storedWithId = (deliveryId: string) =>
    server.database.prisma.deployEvent.findMany({ where: { source: 'github', deliveryId } });

  it('answers a signed ping', async () => {
    const body = JSON.stringify({ zen: 'Design for failure.', hook_id: 512345678 });
    const response = await postWebhook(server, PATH, delivery({ event: 'ping', id: 'ping-1', body }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('stores a deployment_status once per delivery, and answers a redelivery with stored: false', async () => {
    const request = delivery({
      event: 'deployment_status',
      id: '6a0f3c80-a6a4-11ef-9b1e-1f2e3d4c5b6a',
      body: STATUS_PAYLOAD,
    });
    const first = await postWebhook(server, PATH, request);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: true });

    const again = await postWebhook(server, PATH, request);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: false });

    expect(await storedWithId('6a0f3c80-a6a4-11ef-9b1e-1f2e3d4c5b6a')).toEqual([
      expect.objectContaining({
        service: 'checkout-api',
        knownService: true,
        environment: 'production',
        version: 'v2.14.0',
        layer: 'artifact',
        status: 'succeeded',
        actor: 'alice-acme',
        url: 'https://github.com/acme/checkout-api/actions/runs/11934028457/job/33263251234',
        occurredAt: new Date('2026-11-20T12:58:03.000Z'),
      }),
    ]);
  });

  it('stores the deployment that came before it as a deploy started, under its own delivery id', async () => {
    const response = await postWebhook(
      server,
      PATH,
      delivery({ event: 'deployment', id: '5f1e2d00-a6a4-11ef-8c2d-0a1b2c3d4e5f', body: DEPLOYMENT_PAYLOAD }),
    );
    expect(await response.json()).toEqual({ stored: true });
    expect(await storedWithId('5f1e2d00-a6a4-11ef-8c2d-0a1b2c3d4e5f')).toEqual([
      expect.objectContaining({ service: 'checkout-api', status: 'started', version: '9fceb02' }),
    ]);
  });

  it('stores a deploy of a repository no service lists under its full name', async () => {
    const body = statusPayload({ repository: 'acme/legacy-billing' });
    const response = await postWebhook(
      server,
      PATH,
      delivery({ event: 'deployment_status', id: 'unknown-repo-1', body }),
    );
    expect(await response.json()).toEqual({ stored: true });
    expect(await storedWithId('unknown-repo-1')).toEqual([
      expect.objectContaining({ service: 'acme/legacy-billing', knownService: false }),
    ]);
  });

  it.each([
    ['a push event', delivery({ event: 'push', id: 'push-1', body: '{"ref":"refs/heads/main"}' })],
    [
      'an inactive deployment status',
      delivery({ event: 'deployment_status', id: 'inactive-1', body: statusPayload({ state: 'inactive' }) }),
    ],
  ])('answers %s with 202 and stores nothing', async (_name, request) => {
    const before = await countEvents(server);
    const response = await postWebhook(server, PATH, request);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ignored: true, reason: expect.any(String) });
    expect(await countEvents(server)).toEqual(before);
  });

  it.each([
    [
      'a signature made with another secret',
      delivery({ event: 'deployment_status', id: 'forged-1', body: STATUS_PAYLOAD, secret: 'not-the-secret' }),
      401,
    ],
    [
      'no signature',
      {
        body: STATUS_PAYLOAD,
        headers: { 'x-github-event': 'deployment_status', 'x-github-delivery': 'unsigned-1' },
      },
      401,
    ],
    ['a body over 1 MB', delivery({ event: 'deployment_status', id: 'big-1', body: OVERSIZED_BODY }), 413],
  ])('refuses %s and stores nothing', async (_name, request, status) => {
    const before = await countEvents(server);
    const response = await postWebhook(server, PATH, request);
    expect(response.status).toBe(status);
    expect(await countEvents(server)).toEqual(before);
  });

  it('answers a deployment_status without its deployment with 400 and the issues, storing nothing', async () => {
    const before = await countEvents(server);
    const body = JSON.stringify({ action: 'created', deployment_status: { state: 'success' }, repository: {} });
    const response = await postWebhook(server, PATH, delivery({ event: 'deployment_status', id: 'bad-1', body }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid body',
      issues: expect.arrayContaining([
        expect.objectContaining({ path: ['deployment'] }),
        expect.objectContaining({ path: ['repository', 'full_name'] }),
      ]),
    });
    expect(await countEvents(server)).toEqual(before);
  });

  it('answers a delivery without X-GitHub-Delivery with 400, storing nothing', async () => {
    const before = await countEvents(server);
    const { 'x-github-delivery': _id, ...headers } = delivery({
      event: 'deployment_status',
      id: 'dropped',
      body: STATUS_PAYLOAD,
    }).headers;
    const response = await postWebhook(server, PATH, { body: STATUS_PAYLOAD, headers });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid headers',
      issues: [expect.objectContaining({ path: ['x-github-delivery'] })],
    });
    expect(await countEvents(server)).toEqual(before);
  });
});
