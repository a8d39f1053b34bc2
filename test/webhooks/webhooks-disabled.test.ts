import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDeployBody } from '../../src/webhooks/generic/deploy-signature.ts';
import { databaseKinds } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { countEvents, postWebhook, readFixture } from './webhook-requests.ts';

describe.each(databaseKinds)('webhooks without their secret on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['/webhooks/deploy', 'DEPLOY_WEBHOOK_SECRET'],
    ['/webhooks/github', 'GITHUB_WEBHOOK_SECRET'],
    ['/webhooks/gitlab', 'GITLAB_WEBHOOK_TOKEN'],
    ['/webhooks/alertmanager', 'ALERT_WEBHOOK_TOKEN'],
  ])('%s answers 404 naming %s, and stores nothing', async (path, variable) => {
    const body = readFixture('github-deployment-status.json');
    // Signed with an empty secret, in case an unset one were ever read as "".
    const headers = { 'x-sitrep-signature': signDeployBody('', body), 'x-hub-signature-256': signDeployBody('', body) };
    const response = await postWebhook(server, path, { body, headers });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not enabled', hint: `set ${variable} to enable this webhook` });
    expect(await countEvents(server)).toEqual({ deploys: 0, alerts: 0 });
  });

  it('answers GET with 405', async () => {
    const response = await fetch(`${server.url}/webhooks/deploy`);
    expect(response.status).toBe(405);
  });
});
