import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { postWebhook } from './webhook-requests.ts';

const SECRET = 'argocd-shared-secret-51c0';
const TEMPLATE_FILE = new URL('../../docs/argocd-notifications.yaml', import.meta.url);

const ZNotificationsConfigMap = z.object({
  data: z.record(z.string(), z.string()),
});
const ZWebhookService = z.object({
  url: z.url(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
});
const ZWebhookTemplate = z.object({
  webhook: z.object({ sitrep: z.object({ method: z.literal('POST'), path: z.string(), body: z.string() }) }),
});

/** What Argo CD hands a template about an application after an automated sync of checkout-api. */
const APPLICATION = {
  app: {
    metadata: { name: 'checkout-api' },
    status: {
      sync: { revision: '3f9c2e1b7d4a5c6e8f90a1b2c3d4e5f6a7b8c9d0' },
      operationState: {
        phase: 'Succeeded',
        startedAt: '2026-11-20T13:56:41Z',
        finishedAt: '2026-11-20T13:58:00Z',
        syncResult: { revision: '3f9c2e1b7d4a5c6e8f90a1b2c3d4e5f6a7b8c9d0' },
        operation: { initiatedBy: { automated: true } },
      },
    },
  },
  context: { argocdUrl: 'https://argocd.example.com' },
};

const lookup = (path: string): unknown =>
  path
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], APPLICATION);

/**
 * Just enough of Go's text/template for these bodies: `{{.a.b}}` and `{{with .a.b}}{{.}}{{else}}x{{end}}`. Any
 * other action is left in place, so the body then fails to parse and the test says so.
 */
const renderTemplate = (text: string): string =>
  text
    .replace(
      /\{\{with (\.[\w.]+)\}\}\{\{\.\}\}\{\{else\}\}([^{]*)\{\{end\}\}/g,
      (_all, path: string, fallback: string) => String(lookup(path) ?? fallback),
    )
    .replace(/\{\{(\.[\w.]+)\}\}/g, (all, path: string) => {
      const value = lookup(path);
      return value === undefined ? all : String(value);
    });

describe('docs/argocd-notifications.yaml against the real deploy webhook', () => {
  let server: TestServer;
  const data = ZNotificationsConfigMap.parse(parse(readFileSync(TEMPLATE_FILE, 'utf8'))).data;

  beforeAll(async () => {
    server = await startTestServer('pglite', { webhooks: { deploySecret: SECRET } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends the secret as Argo CD substitutes it from argocd-notifications-secret', () => {
    const service = ZWebhookService.parse(parse(data['service.webhook.sitrep'] ?? ''));
    expect(service.headers).toContainEqual({ name: 'Authorization', value: 'Bearer $sitrep-deploy-secret' });
  });

  it.each([
    ['template.sitrep-deployed', 'succeeded'],
    ['template.sitrep-sync-failed', 'failed'],
  ])('%s renders a body sitrep stores once, as a %s production deploy', async (key, status) => {
    const template = ZWebhookTemplate.parse(parse(data[key] ?? '')).webhook.sitrep;
    const body = renderTemplate(template.body);
    const headers = { authorization: `Bearer ${SECRET}` };
    const first = await postWebhook(server, template.path, { body, headers });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: true });
    const again = await postWebhook(server, template.path, { body, headers });
    expect(await again.json()).toEqual({ stored: false });

    const deliveryId = z.object({ id: z.string() }).parse(JSON.parse(body)).id;
    expect(await server.database.prisma.deployEvent.findMany({ where: { deliveryId } })).toEqual([
      expect.objectContaining({
        service: 'checkout-api',
        knownService: true,
        environment: 'production',
        version: '3f9c2e1b7d4a5c6e8f90a1b2c3d4e5f6a7b8c9d0',
        status,
        actor: 'argocd',
        url: 'https://argocd.example.com/applications/checkout-api',
        occurredAt: new Date('2026-11-20T13:58:00Z'),
      }),
    ]);
  });
});
