import { seedExampleWorkspace } from '../../demo/fake-slack/example-workspace.ts';
import { createFakeSlack } from '../../demo/fake-slack/fake-slack.ts';
import { type FakeSlackServer, startFakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { postSigned, type SlackRequestBody } from '../../demo/fake-slack/sign.ts';
import type { SitrepProcess } from '../../demo/sitrep-process.ts';
import type { DatabaseTarget } from '../../src/store/database.ts';
import { createSlackHarness } from './slack/slack-harness.ts';

/** The signing secret the real process is started with, and the fake Slack signs with. */
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';

/** What a sitrep process (serve, or a command that exits) needs to open `target`, with the example team config. */
export const sitrepEnv = (target: DatabaseTarget): Record<string, string> => ({
  ...(target.kind === 'pglite' ? { DATA_DIR: target.dataDir } : { DATABASE_URL: target.url }),
  SITREP_CONFIG: 'sitrep.example.yml',
  LOG_LEVEL: 'warn',
});

/** What `sitrep serve` needs to take Slack's requests over HTTP and call the Web API of the fake Slack `server`. */
export const fakeSlackEnv = (server: FakeSlackServer): Record<string, string> => ({
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: server.apiUrl,
});

export type StartExampleSlackOptions = {
  /** The sitrep process that receives what Slack sends, whichever runs at the time. */
  running: () => SitrepProcess;
  replyWithinMs?: number;
};

/**
 * The fake Slack HTTP server with the example workspace, in front of a real sitrep process: `post` sends a request
 * to it signed as Slack signs, and `slack` plays the people who type into it.
 */
export const startExampleSlack = async ({ running, replyWithinMs }: StartExampleSlackOptions) => {
  const fake = createFakeSlack();
  seedExampleWorkspace(fake);
  const server = await startFakeSlackServer({ fake });
  const post = (request: SlackRequestBody & { headers?: Record<string, string> }) =>
    postSigned({ url: `${running().url}/slack/events`, signingSecret: SIGNING_SECRET, ...request });
  const slack = createSlackHarness({ fake, post, replyWithinMs });
  return { server, slack, post };
};

export type ExampleSlack = Awaited<ReturnType<typeof startExampleSlack>>;
