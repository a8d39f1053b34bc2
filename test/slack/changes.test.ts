import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/database.ts';
import { seedDeploys } from '../support/incident-factory.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';

const MINUTE = 60_000;

describe.each(databaseKinds)('changes before an incident on %s', (kind) => {
  // Alice types in #general.
  let slack: SlackTest;
  beforeEach(async () => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200 });
  });
  afterEach(async () => {
    await slack.close();
  });

  /** A deploy of `version` by ci-bot `minutes` ago, with its CI run's link. */
  const deployByCi = ({ version, minutes }: { version: string; minutes: number }) => ({
    version,
    actor: 'ci-bot',
    url: `https://ci.example.com/runs/${version}`,
    occurredAt: new Date(Date.now() - minutes * MINUTE).toISOString(),
  });

  it('lists the production deploys of the incident’s services in the summary as suspects', async () => {
    await seedDeploys(slack.prisma, [
      { service: 'checkout-api', environment: 'production', ...deployByCi({ version: 'v1.4.2', minutes: 30 }) },
      { service: 'checkout-api', environment: 'staging', ...deployByCi({ version: 'v1.5.0-rc1', minutes: 20 }) },
      { service: 'search', environment: 'production', ...deployByCi({ version: 's-77', minutes: 10 }) },
      { service: 'checkout-api', environment: 'production', ...deployByCi({ version: 'v1.3.9', minutes: 200 }) },
    ]);
    const { channelId } = await slack.declare({ text: 'declare sev2 checkout-api: Card payments time out' });
    const lines = slack.summaryIn(channelId);
    expect(lines).toContain('Changes in the 2 h before it started');
    expect(lines).toMatch(
      /checkout-api v1\.4\.2 \(succeeded\) by ci-bot <https:\/\/ci\.example\.com\/runs\/v1\.4\.2\|details>/,
    );
    expect(lines).not.toContain('v1.5.0-rc1');
    expect(lines).not.toContain('s-77');
    expect(lines).not.toContain('v1.3.9');
  });

  it('answers /incident changes with recent deploys anywhere, for one service or all', async () => {
    await seedDeploys(slack.prisma, [
      { service: 'checkout-api', environment: 'production', ...deployByCi({ version: 'v1.4.2', minutes: 30 }) },
      { service: 'search', environment: 'staging', ...deployByCi({ version: 's-77', minutes: 90 }) },
    ]);
    const all = await slack.type('changes');
    expect(all).toContain('2 deploys of any service in the last 2 h');
    expect(all.indexOf('v1.4.2')).toBeLessThan(all.indexOf('s-77'));
    const one = await slack.type('changes checkout-api 1h');
    expect(one).toContain('1 deploy of checkout-api in the last 1 h');
    expect(one).not.toContain('s-77');
    expect(await slack.type('changes search 10m')).toContain('No deploys of search in the last 10 min.');
    expect(await slack.type('changes chekout-api')).toMatch(/Did you mean `checkout-api`\?/);
  });
});
