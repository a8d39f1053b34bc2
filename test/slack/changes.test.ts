import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flattenBlocks } from '../../demo/fake-slack/block-text.ts';
import { databaseKinds } from '../support/database.ts';
import { typeCommand } from '../support/slack/type-command.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const ALICE = 'U05ALICE01';
const GENERAL = 'C0GENERAL1';
const MINUTE = 60_000;

describe.each(databaseKinds)('changes before an incident on %s', (kind) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(kind, { maxRetryBackoffMs: 200 });
  });
  afterEach(async () => {
    await server.close();
  });

  const type = (text: string, channelId = GENERAL) => typeCommand(server, text, { userId: ALICE, channelId });

  const addDeploy = (fields: { service: string; version: string; environment: string; minutesAgo: number }) =>
    server.database.prisma.deployEvent.create({
      data: {
        id: randomUUID(),
        source: 'generic',
        deliveryId: randomUUID(),
        service: fields.service,
        knownService: true,
        environment: fields.environment,
        version: fields.version,
        layer: 'artifact',
        status: 'succeeded',
        actor: 'ci-bot',
        url: `https://ci.example.com/runs/${fields.version}`,
        description: null,
        occurredAt: new Date(Date.now() - fields.minutesAgo * MINUTE),
      },
    });

  it('lists the production deploys of the incident’s services in the summary as suspects', async () => {
    await addDeploy({ service: 'checkout-api', version: 'v1.4.2', environment: 'production', minutesAgo: 30 });
    await addDeploy({ service: 'checkout-api', version: 'v1.5.0-rc1', environment: 'staging', minutesAgo: 20 });
    await addDeploy({ service: 'search', version: 's-77', environment: 'production', minutesAgo: 10 });
    await addDeploy({ service: 'checkout-api', version: 'v1.3.9', environment: 'production', minutesAgo: 200 });
    await type('declare sev2 checkout-api: Card payments time out');
    await until(() => server.slack.fake.state.pins.length === 1, 'the pinned summary');
    const pin = server.slack.fake.state.pins[0];
    const summary = server.slack.fake.messagesIn(pin?.channel ?? '').find((m) => m.ts === pin?.ts);
    const lines = flattenBlocks(summary?.blocks ?? []).join('\n');
    expect(lines).toContain('Changes in the 2 h before it started');
    expect(lines).toMatch(
      /checkout-api v1\.4\.2 \(succeeded\) by ci-bot <https:\/\/ci\.example\.com\/runs\/v1\.4\.2\|details>/,
    );
    expect(lines).not.toContain('v1.5.0-rc1');
    expect(lines).not.toContain('s-77');
    expect(lines).not.toContain('v1.3.9');
  });

  it('answers /incident changes with recent deploys anywhere, for one service or all', async () => {
    await addDeploy({ service: 'checkout-api', version: 'v1.4.2', environment: 'production', minutesAgo: 30 });
    await addDeploy({ service: 'search', version: 's-77', environment: 'staging', minutesAgo: 90 });
    const all = await type('changes');
    expect(all).toContain('2 deploys of any service in the last 2 h');
    expect(all.indexOf('v1.4.2')).toBeLessThan(all.indexOf('s-77'));
    const one = await type('changes checkout-api 1h');
    expect(one).toContain('1 deploy of checkout-api in the last 1 h');
    expect(one).not.toContain('s-77');
    expect(await type('changes search 10m')).toContain('No deploys of search in the last 10 min.');
    expect(await type('changes chekout-api')).toMatch(/Did you mean `checkout-api`\?/);
  });
});
