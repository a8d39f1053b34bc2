import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeployEventCommand } from '../../../src/cli/deploy-event-command.ts';
import { signDeployBody } from '../../../src/webhooks/generic/deploy-signature.ts';
import { databaseKinds } from '../../support/database.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { countEvents, OVERSIZED_BODY, postWebhook } from '../webhook-requests.ts';

const SECRET = 'deploy-secret-7f3a91c2d4';
const PATH = '/webhooks/deploy';

const deployBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'ci-run-48213',
    service: 'checkout-api',
    environment: 'production',
    version: 'v2.14.0',
    layer: 'artifact',
    status: 'succeeded',
    actor: 'alice',
    url: 'https://ci.acme.example/runs/48213',
    description: 'Card retries behind a flag',
    at: '2026-11-20T13:58:00+01:00',
    ...overrides,
  });

const signed = (body: string, secret = SECRET) => ({
  body,
  headers: { 'x-sitrep-signature': signDeployBody(secret, body) },
});

describe.each(databaseKinds)('POST /webhooks/deploy on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { webhooks: { deploySecret: SECRET } });
  });
  afterAll(async () => {
    await server.close();
  });

  const storedWithId = (deliveryId: string) =>
    server.database.prisma.deployEvent.findMany({ where: { source: 'generic', deliveryId } });

  it('stores a signed deploy once, and answers a redelivery with stored: false', async () => {
    const body = deployBody();
    const first = await postWebhook(server, PATH, signed(body));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: true });

    const again = await postWebhook(server, PATH, signed(body));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: false });

    expect(await storedWithId('ci-run-48213')).toEqual([
      expect.objectContaining({
        service: 'checkout-api',
        knownService: true,
        environment: 'production',
        version: 'v2.14.0',
        layer: 'artifact',
        status: 'succeeded',
        actor: 'alice',
        url: 'https://ci.acme.example/runs/48213',
        description: 'Card retries behind a flag',
        occurredAt: new Date('2026-11-20T12:58:00.000Z'),
      }),
    ]);
  });

  it('takes the secret as a bearer token from senders that cannot sign, such as Argo CD notifications', async () => {
    const response = await postWebhook(server, PATH, {
      body: deployBody({ id: 'argocd-checkout-api-3f9c2e1' }),
      headers: { authorization: `Bearer ${SECRET}` },
    });
    expect(await response.json()).toEqual({ stored: true });
    expect(await storedWithId('argocd-checkout-api-3f9c2e1')).toHaveLength(1);
  });

  it('stores a deploy of a service sitrep.yml does not list, as unknown', async () => {
    const response = await postWebhook(
      server,
      PATH,
      signed(deployBody({ id: 'ci-run-48214', service: 'legacy-billing' })),
    );
    expect(await response.json()).toEqual({ stored: true });
    expect(await storedWithId('ci-run-48214')).toEqual([
      expect.objectContaining({ service: 'legacy-billing', knownService: false }),
    ]);
  });

  it.each([
    ['no signature', { body: deployBody({ id: 'unsigned' }) }, 401],
    ['a signature made with another secret', signed(deployBody({ id: 'forged' }), 'not-the-secret'), 401],
    [
      'a signature of another body',
      { body: deployBody({ id: 'tampered' }), headers: signed(deployBody()).headers },
      401,
    ],
    [
      'a bearer token that is not the secret',
      { body: deployBody({ id: 'bearer' }), headers: { authorization: 'Bearer not-the-secret' } },
      401,
    ],
    ['a body over 1 MB, however well signed', signed(OVERSIZED_BODY), 413],
  ])('refuses %s and stores nothing', async (_name, request, status) => {
    const before = await countEvents(server);
    const response = await postWebhook(server, PATH, request);
    expect(response.status).toBe(status);
    expect(await countEvents(server)).toEqual(before);
  });

  it.each([
    [
      'a body that is not JSON',
      '{"id": "ci-run-1",',
      [expect.objectContaining({ path: [], message: 'expected a JSON body' })],
    ],
    [
      'an unknown layer and a missing version',
      JSON.stringify({
        id: 'ci-run-2',
        service: 'checkout-api',
        environment: 'production',
        layer: 'kubernetes',
        status: 'succeeded',
      }),
      [expect.objectContaining({ path: ['version'] }), expect.objectContaining({ path: ['layer'] })],
    ],
  ])('answers %s with 400 and the issues, storing nothing', async (_name, body, issues) => {
    const before = await countEvents(server);
    const response = await postWebhook(server, PATH, signed(body));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid body', issues: expect.arrayContaining(issues) });
    expect(await countEvents(server)).toEqual(before);
  });

  it('stores what `sitrep deploy-event` sends, once however often the pipeline retries it', async () => {
    const args = ['--service', 'search', '--version', 'v9.1.0', '--id', 'pipeline-77', '--status', 'started'];
    const send = async () => {
      let out = '';
      const code = await runDeployEventCommand({
        args: [...args, '--url', server.url],
        env: { DEPLOY_WEBHOOK_SECRET: SECRET },
        stdout: { write: (text: string) => (out += text) },
        stderr: { write: (text: string) => (out += text) },
      });
      return { code, out };
    };
    expect(await send()).toEqual({ code: 0, out: 'stored (id pipeline-77)\n' });
    expect(await send()).toEqual({ code: 0, out: 'already recorded (id pipeline-77)\n' });
    expect(await storedWithId('pipeline-77')).toEqual([
      expect.objectContaining({ service: 'search', environment: 'production', version: 'v9.1.0', status: 'started' }),
    ]);
  });
});
