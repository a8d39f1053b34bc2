import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDeployBody } from '../../src/webhooks/generic/deploy-signature.ts';
import { databaseKinds } from '../support/database.ts';
import { captureLogs } from '../support/log-capture.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/test-server.ts';
import { until } from '../support/until.ts';
import { GENERIC_DEPLOY, postWebhook, readFixture } from '../webhooks/webhook-requests.ts';

const DEPLOY_SECRET = 'deploy-secret-0e5b8c3a71';
const GITHUB_SECRET = 'github-secret-6d2f9a4e18';
const GITLAB_TOKEN = 'gitlab-token-b7c1e4d962';
const ALERT_TOKEN = 'alert-token-3f8a2c5d90';

/** What no log line may hold: the credentials of the session, and the names of the headers that carry them. */
const NEVER_LOGGED = [
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
  DEPLOY_SECRET,
  GITHUB_SECRET,
  GITLAB_TOKEN,
  ALERT_TOKEN,
  'xoxb-',
  'xapp-',
  'authorization',
  'cookie',
  'x-slack-signature',
];

const deployBody = JSON.stringify(GENERIC_DEPLOY);

describe.each(databaseKinds)('a little session of sitrep on %s, and all it logs', (kind) => {
  const logs = captureLogs('trace');
  let slack: SlackTest;
  beforeAll(async () => {
    slack = await startSlackHarness(kind, {
      logger: logs.logger,
      maxRetryBackoffMs: 50,
      webhooks: {
        deploySecret: DEPLOY_SECRET,
        githubSecret: GITHUB_SECRET,
        gitlabToken: GITLAB_TOKEN,
        alertToken: ALERT_TOKEN,
      },
    });
  });
  afterAll(async () => {
    await slack.close();
  });

  const post = (path: string, body: string, headers: Record<string, string>) =>
    postWebhook(slack.server, path, { body, headers: { cookie: 'session=abc', ...headers } });

  it('serves slash commands, webhooks and strangers, and Slack failing with a 500', async () => {
    expect(await slack.type('help')).toContain('/incident declare');
    const { fake } = slack.server.slack;
    fake.failWith({ status: 500 }, { methods: ['conversations.create'], count: 1 });
    await slack.declare();
    expect(fake.callsTo('conversations.create').map((call) => call.status)).toEqual([500, 200]);
    // Slack answers 500 to the answer of a command, and the listener fails with Slack's error.
    fake.failWith({ status: 500 }, { methods: ['response_url'] });
    await slack.sendCommand('help');
    await until(() => logs.text().includes('a Slack listener failed'), 'the failure to be logged');
    fake.recover();

    const badlySigned = await slack.server.sendToSlackEndpoint({
      ...slack.slashCommand('help').request,
      signingSecret: 'not-the-signing-secret-0000000000',
    });
    expect(badlySigned.status).toBe(401);

    expect(
      (await post('/webhooks/deploy', deployBody, { 'x-sitrep-signature': signDeployBody(DEPLOY_SECRET, deployBody) }))
        .status,
    ).toBe(200);
    expect(
      (await post('/webhooks/deploy', deployBody, { 'x-sitrep-signature': signDeployBody('wrong', deployBody) }))
        .status,
    ).toBe(401);
    const alert = readFixture('alertmanager-notification.json');
    expect((await post('/webhooks/alertmanager', alert, { authorization: `Bearer ${ALERT_TOKEN}` })).status).toBe(200);
    expect((await post('/webhooks/alertmanager', alert, { authorization: 'Bearer guess' })).status).toBe(401);
    const gitlab = { 'x-gitlab-event': 'Deployment Hook', 'x-gitlab-event-uuid': 'uuid-1' };
    const hook = readFixture('gitlab-deployment-hook.json');
    expect((await post('/webhooks/gitlab', hook, { ...gitlab, 'x-gitlab-token': GITLAB_TOKEN })).status).toBe(200);
    expect((await post('/webhooks/gitlab', hook, { ...gitlab, 'x-gitlab-token': 'guess' })).status).toBe(401);
    expect((await post('/wp-login.php', 'x', { authorization: `Bearer ${TEST_BOT_TOKEN}` })).status).toBe(404);
    expect((await fetch(`${slack.server.url}/slack/events`, { headers: { cookie: 'a=b' } })).status).toBe(405);
    await slack.settled();
  });

  it("logs what happened, Slack's 500 included, but never a credential, a header or a signature", () => {
    const failures = logs.lines().filter((line) => line.level === 'error');
    expect(failures.map((line) => line.msg)).toContain('a Slack listener failed');
    expect(JSON.stringify(failures)).toContain('500');
    const text = logs.text().toLowerCase();
    expect(NEVER_LOGGED.filter((secret) => text.includes(secret.toLowerCase()))).toEqual([]);
  });
});
