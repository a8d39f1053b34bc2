import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import type { FakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { type SitrepProcess, startSitrep } from '../../demo/sitrep-process.ts';
import { openDatabase } from '../../src/store/database.ts';
import { createTestTarget, databaseKinds, type TestTarget } from '../support/database.ts';
import { readSlackStatus } from '../support/readiness.ts';
import { fakeSlackEnv, sitrepEnv, startExampleSlack } from '../support/real-sitrep.ts';
import type { SlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

// A token rotated or the app reinstalled while sitrep runs: Slack refuses the old token until the operator restarts
// sitrep with the new one. What was written meanwhile waits in the outbox and goes out once, after the restart.

const { alice: ALICE } = EXAMPLE_PEOPLE;
const OLD_TOKEN = 'xoxb-before-the-reinstall';
const NEW_TOKEN = 'xoxb-after-the-reinstall';
/** On a machine busy with other suites a start (PGlite, migrations) can take a while. */
const READY_WITHIN_MS = 45_000;

describe.each(databaseKinds)('a restart with a new Slack token, on %s', (kind) => {
  let slackServer: FakeSlackServer;
  let slack: SlackHarness;
  let data: TestTarget;
  let sitrep: SitrepProcess | undefined;

  const running = (): SitrepProcess => {
    if (!sitrep) throw new Error('sitrep is not running');
    return sitrep;
  };
  const start = async (token: string) => {
    sitrep = await startSitrep({
      env: { ...fakeSlackEnv(slackServer), ...sitrepEnv(data.target), SLACK_BOT_TOKEN: token },
      readyWithinMs: READY_WITHIN_MS,
    });
  };
  const slackStatus = () => readSlackStatus(running().url);

  beforeAll(async () => {
    ({ server: slackServer, slack } = await startExampleSlack({ running, replyWithinMs: 20_000 }));
    data = await createTestTarget(kind);
  });
  afterAll(async () => {
    if (sitrep && sitrep.child.exitCode === null && sitrep.child.signalCode === null) await sitrep.stop();
    await slackServer.close();
    await data.cleanup();
  });

  it('keeps what was written while the old token was refused, and sends it once with the new one', async () => {
    slack.fake.acceptTokens([OLD_TOKEN]);
    await start(OLD_TOKEN);
    const declared = (await slack.ask('declare sev2 checkout-api: Checkout is down')).text;
    const number = Number(/Declared incident (\d+)/.exec(declared)?.[1]);
    await until(() => slack.incidentChannels().length === 1 && slack.fake.state.pins.length === 1, 'the channel');
    const channelId = slack.incidentChannels()[0]?.id ?? '';

    slack.fake.acceptTokens([NEW_TOKEN]);
    // The command is answered at its response URL, which needs no token; its line waits for one.
    expect(await slack.type(`note #${number} Rolled back the canary`)).toBe(
      `Noted on the timeline of incident ${number}.`,
    );
    await until(async () => (await slackStatus()) === 'paused', '/readyz to show the pause');
    expect(slack.linesIn(channelId).some((line) => line.includes('Rolled back the canary'))).toBe(false);

    expect((await running().stop()).code).toBe(0);
    await start(NEW_TOKEN);
    await until(
      () => slack.linesIn(channelId).some((line) => line.includes('Rolled back the canary')),
      'the note in the channel, after the restart',
    );
    expect(await slackStatus()).toBe('ok');
    const lines = slack.linesIn(channelId);
    expect(lines.filter((line) => line === `:memo: <@${ALICE}> noted: Rolled back the canary`)).toHaveLength(1);
    expect(new Set(lines).size).toBe(lines.length);

    await running().stop();
    sitrep = undefined;
    const database = await openDatabase({ target: data.target, command: 'test' });
    try {
      expect(await database.prisma.outboxMessage.count({ where: { status: { not: 'done' } } })).toBe(0);
    } finally {
      await database.close();
    }
  }, 150_000);
});
