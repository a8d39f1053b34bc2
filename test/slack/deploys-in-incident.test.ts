import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signDeployBody } from '../../src/webhooks/generic/deploy-signature.ts';
import { databaseKinds } from '../support/database.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

const DEPLOY_SECRET = 'deploy-secret-for-tests';
const ALERT_TOKEN = 'alert-token-for-tests';

describe.each(databaseKinds)('deploys and alerts reaching an open incident on %s', (kind) => {
  let slack: SlackTest;
  beforeEach(async () => {
    slack = await startSlackHarness(kind, {
      maxRetryBackoffMs: 200,
      webhooks: { deploySecret: DEPLOY_SECRET, alertToken: ALERT_TOKEN },
    });
  });
  afterEach(async () => {
    await slack.close();
  });

  const postDeploy = async (body: Record<string, unknown>) => {
    const raw = JSON.stringify(body);
    return fetch(`${slack.server.url}/webhooks/deploy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sitrep-signature': signDeployBody(DEPLOY_SECRET, raw) },
      body: raw,
    });
  };

  const declare = () => slack.declare({ text: 'declare sev2 checkout-api: Card payments time out' });

  it('puts a production deploy of the incident’s service on its timeline and says so in its channel, once', async () => {
    const { incident, channelId } = await declare();
    const body = {
      id: 'delivery-1',
      service: 'checkout-api',
      environment: 'production',
      version: 'v1.4.3',
      layer: 'artifact',
      status: 'rolled_back',
      actor: 'bob',
      url: 'https://ci.example.com/runs/124',
    };
    expect(await (await postDeploy(body)).json()).toEqual({ stored: true });
    expect(await (await postDeploy(body)).json()).toEqual({ stored: false });
    const line =
      ':leftwards_arrow_with_hook: checkout-api v1.4.3 rolled back to production by bob (artifact) <https://ci.example.com/runs/124|details>';
    await until(() => slack.linesIn(channelId).includes(line), 'the line in the channel');
    expect(slack.linesIn(channelId).filter((text) => text === line)).toHaveLength(1);
    const entries = await slack.prisma.timelineEntry.findMany({
      where: { incidentId: incident.id, source: 'deploy' },
    });
    expect(entries.map((e) => e.text)).toEqual([line]);
  });

  it('shows a deploy whose version and actor hold a special mention and a link as the characters sent', async () => {
    const { channelId } = await declare();
    const body = {
      id: 'delivery-hostile',
      service: 'checkout-api',
      environment: 'production',
      version: '<!channel> v9 <https://evil.example|https://status.example.com>',
      layer: 'artifact',
      status: 'succeeded',
      actor: '<!subteam^S0123|@oncall> & <!here>',
      url: 'https://ci.example.com/runs/9',
    };
    expect(await (await postDeploy(body)).json()).toEqual({ stored: true });
    const line =
      ':rocket: checkout-api &lt;!channel&gt; v9 &lt;https://evil.example|https://status.example.com&gt; deployed to production by &lt;!subteam^S0123|@oncall&gt; &amp; &lt;!here&gt; (artifact) <https://ci.example.com/runs/9|details>';
    await until(() => slack.linesIn(channelId).includes(line), 'the inert line in the channel');
  });

  it('puts a firing alert on the incident’s timeline and keeps the first one before the declaration as its detection', async () => {
    const { incident, channelId } = await declare();
    const startsAt = new Date(incident.declaredAt.getTime() - 10 * 60_000).toISOString();
    const res = await fetch(`${slack.server.url}/webhooks/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALERT_TOKEN}` },
      body: JSON.stringify({
        version: '4',
        groupKey: '{}:{alertname="HighErrorRate"}',
        truncatedAlerts: 0,
        status: 'firing',
        receiver: 'sitrep',
        groupLabels: { alertname: 'HighErrorRate' },
        commonLabels: { alertname: 'HighErrorRate', service: 'checkout-api' },
        commonAnnotations: {},
        externalURL: 'http://alertmanager:9093',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'HighErrorRate', service: 'checkout-api', severity: 'page' },
            annotations: { summary: '5xx above 5% on checkout-api' },
            startsAt,
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus:9090/graph',
            fingerprint: 'c0ffee',
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const line = ':rotating_light: Alert HighErrorRate firing on checkout-api: 5xx above 5% on checkout-api';
    await until(() => slack.linesIn(channelId).includes(line), 'the alert line');
    const updated = await slack.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(updated.detectedAt?.toISOString()).toBe(startsAt);
  });
});
