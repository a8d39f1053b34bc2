import { afterEach, describe, expect, it } from 'vitest';
import { seedExampleWorkspace } from '../../demo/fake-slack/example-workspace.ts';
import { createSlackClients } from '../../src/app/slack-clients.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { DEFAULT_SLACK_API_URL, setupFakeSlack } from '../support/slack/msw-slack.ts';
import { TEST_BOT_TOKEN } from '../support/test-server.ts';

/** The slowest answer issue 17 asks the outbox to live with. */
const SLOW_ANSWER_MS = 15_000;

describe("the outbox's Slack client", () => {
  const slack = setupFakeSlack();
  seedExampleWorkspace(slack.fake);
  afterEach(() => slack.close());

  it('takes a channel Slack created but answered for in 15 s as created, not as a failure to retry', async () => {
    const { effects } = createSlackClients({
      slack: { botToken: TEST_BOT_TOKEN, signingSecret: undefined, appToken: undefined, apiUrl: DEFAULT_SLACK_API_URL },
      metrics: createMetrics({ readJobLagSeconds: async () => 0 }),
      logger: createLogger({ level: 'silent' }),
    });
    slack.slowDown(SLOW_ANSWER_MS);

    // Given up on, the creation would be retried and answered name_taken, just as late: the channel never opens.
    const created = await effects.conversations.create({ name: 'inc-1-checkout-is-down' });

    expect(created.channel?.id).toBeDefined();
    expect(slack.fake.state.channels.get(created.channel?.id ?? '')?.name).toBe('inc-1-checkout-is-down');
  }, 30_000);
});
