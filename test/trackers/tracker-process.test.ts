import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { createFakeJira, FAKE_JIRA_DEFAULTS, type FakeJira } from '../../demo/fake-jira/fake-jira.ts';
import type { FakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { type ServedFake, serveFake } from '../../demo/serve-fake.ts';
import { type SitrepProcess, startSitrep } from '../../demo/sitrep-process.ts';
import { createTestTarget, databaseKinds, type TestTarget } from '../support/database.ts';
import { type ExampleSlack, fakeSlackEnv, sitrepEnv, startExampleSlack } from '../support/real-sitrep.ts';
import type { SlackHarness } from '../support/slack/slack-harness.ts';
import { JIRA_PEOPLE } from '../support/trackers/tracker-harness.ts';
import { until } from '../support/until.ts';

const EXAMPLE = fileURLToPath(new URL('../../sitrep.example.yml', import.meta.url));

/** sitrep.example.yml with checkout-api's action items going to the Jira at `url`. */
const writeConfig = (url: string): string => {
  const document = parseDocument(readFileSync(EXAMPLE, 'utf8'));
  document.set('trackers', { jira: { url } });
  document.setIn(['services', 0, 'tracker'], { jira: { project: 'PAY' } });
  const path = join(mkdtempSync(join(tmpdir(), 'sitrep-jira-')), 'sitrep.yml');
  writeFileSync(path, document.toString());
  return path;
};

describe.each(databaseKinds)('the real sitrep process and a Jira over HTTP, on %s', (kind) => {
  let slackServer: FakeSlackServer;
  let slack: SlackHarness;
  let data: TestTarget;
  let jira: FakeJira | undefined;
  let served: ServedFake;
  let sitrep: SitrepProcess | undefined;

  const running = (): SitrepProcess => {
    if (!sitrep) throw new Error('sitrep is not running');
    return sitrep;
  };

  beforeAll(async () => {
    ({ server: slackServer, slack } = (await startExampleSlack({ running })) as ExampleSlack);
    data = await createTestTarget(kind);
    served = await serveFake((request) => {
      if (!jira) throw new Error('no fake Jira yet');
      return jira.answer(request);
    });
    jira = createFakeJira({ site: served.url, people: JIRA_PEOPLE });
  });
  afterEach(async () => {
    await sitrep?.stop();
    sitrep = undefined;
  });
  afterAll(async () => {
    await served.close();
    await slackServer.close();
    await data.cleanup();
  });

  it('opens the ticket of an action typed in Slack, and closes the action when Jira says it is done', async () => {
    sitrep = await startSitrep({
      env: {
        ...fakeSlackEnv(slackServer),
        ...sitrepEnv(data.target),
        SITREP_CONFIG: writeConfig(served.url),
        JIRA_EMAIL: FAKE_JIRA_DEFAULTS.email,
        JIRA_API_TOKEN: FAKE_JIRA_DEFAULTS.token,
        JIRA_WEBHOOK_SECRET: FAKE_JIRA_DEFAULTS.webhookSecret,
      },
      readyWithinMs: 45_000,
    });
    const fake = jira;
    if (!fake) throw new Error('no fake Jira');
    const declared = (await slack.ask('declare sev2 checkout-api: Checkout is down')).text;
    const number = Number(/Declared incident (\d+)/.exec(declared)?.[1]);
    await until(() => slack.incidentChannels().some((c) => c.name.startsWith(`inc-${number}-`)), 'the channel');
    const channelId = slack.incidentChannels().find((c) => c.name.startsWith(`inc-${number}-`))?.id ?? '';

    await slack.ask('action Add an alert on checkout 5xx kind:alarm', { channelId });
    await until(() => fake.issues.length === 1, 'the Jira ticket', 20_000);
    expect(fake.issues[0]).toMatchObject({
      key: 'PAY-1',
      summary: 'Add an alert on checkout 5xx',
      labels: ['star-alarm'],
      assigneeId: fake.accountIdOf('alice@acme.example'),
    });
    await until(() => slack.linesIn(channelId).some((line) => line.startsWith(':ticket:')), 'the ticket line');

    const done = fake.closeAsDone({ key: 'PAY-1', by: 'bob@acme.example' });
    const answer = await fetch(`${running().url}/webhooks/jira`, {
      method: 'POST',
      headers: done.headers,
      body: done.body,
    });
    expect(await answer.json()).toEqual({ outcome: 'applied' });
    await until(
      () =>
        slack
          .linesIn(channelId)
          .includes(
            ':white_check_mark: *Add an alert on checkout 5xx* was closed as done in Jira (PAY-1) by Bob Ruiz.',
          ),
      'the done line',
      20_000,
    );
  }, 120_000);
});
