import { readFileSync } from 'node:fs';
import type { TestServer } from '../support/test-server.ts';

/** A fixture's exact text: it is what gets signed and sent. */
export const readFixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Valid JSON one and a half megabytes long: over the 1 MB limit only by its size. */
export const OVERSIZED_BODY = JSON.stringify({ padding: 'x'.repeat(1.5 * 1024 * 1024) });

export const postWebhook = (
  server: TestServer,
  path: string,
  { body, headers = {} }: { body: string; headers?: Record<string, string> },
): Promise<Response> =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

/** How many deploys and alerts are stored: what a refused request must leave as it was. */
export const countEvents = async (server: TestServer) => ({
  deploys: await server.database.prisma.deployEvent.count(),
  alerts: await server.database.prisma.alertEvent.count(),
});

/** A deploy as the generic webhook takes it, every field given. */
export const GENERIC_DEPLOY = {
  id: 'ci-run-1',
  service: 'checkout-api',
  environment: 'production',
  version: 'v2.14.0',
  layer: 'artifact',
  status: 'succeeded',
  actor: 'alice',
  url: 'https://ci.acme.example/runs/1',
  description: 'Card retries behind a flag',
  at: '2026-11-20T13:58:00+01:00',
};
