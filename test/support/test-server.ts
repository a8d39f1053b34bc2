import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'msw';
import { seedExampleWorkspace } from '../../demo/fake-slack/example-workspace.ts';
import { FAKE_OIDC_CLIENT } from '../../demo/fake-slack/fake-slack.ts';
import { startFakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { postSigned, type SlackRequestBody } from '../../demo/fake-slack/sign.ts';
import { freePort } from '../../demo/sitrep-process.ts';
import type { TConfig } from '../../src/config/environment.ts';
import { type RunningServer, startServer } from '../../src/main.ts';
import { createLogger, type Logger } from '../../src/observability/logger.ts';
import type { DatabaseTarget } from '../../src/store/database.ts';
import { createTestTarget, type DatabaseKind } from './database.ts';
import { setupFakeSlack } from './slack/msw-slack.ts';

export const TEST_SIGNING_SECRET = '8b1e5f2c9d4a7e3b6f0c1d2e3f4a5b6c';
export const TEST_BOT_TOKEN = 'xoxb-test-1-2-abcdef';
const EXAMPLE_TEAM_CONFIG = fileURLToPath(new URL('../../sitrep.example.yml', import.meta.url));

export type TestServer = RunningServer & {
  slack: ReturnType<typeof setupFakeSlack>;
  /** Where its database is, for a CLI command run next to it. */
  target: TConfig['database'];
  /** Sends a request to /slack/events signed as Slack would (pass a timestamp or secret to sign it badly). */
  sendToSlackEndpoint: (
    request: SlackRequestBody & { timestamp?: number; signingSecret?: string; headers?: Record<string, string> },
  ) => Promise<Response>;
  close: () => Promise<void>;
};

export type StartTestServerOptions = {
  maxRetryBackoffMs?: number;
  /** sitrep's clock (the outbox's schedule, timestamps); Slack's fake keeps real time. */
  now?: () => Date;
  /** Webhook secrets to turn on (all are off otherwise). */
  webhooks?: Partial<TConfig['webhooks']>;
  /** A sitrep.yml of the test's own instead of sitrep.example.yml. */
  teamConfigPath?: string;
  /** Between two reminder sweeps (a minute otherwise). */
  reminderEveryMs?: number;
  /** sitrep's logger, for a test that reads what sitrep logs (silent otherwise). */
  logger?: Logger;
  /** Between two `auth.test` probes while Slack refuses the token (30 s otherwise). */
  slackAuthProbeMs?: number;
  /** How long an outbox claim lasts without renewal (60 s otherwise). */
  outboxLeaseMs?: number;
  /** Between two looks at whether a scheduled backup is due (a minute otherwise). */
  backupCheckEveryMs?: number;
  /** Where PagerDuty's Events API is, and the environment variables sitrep.yml names as routing keys. */
  pagerDuty?: { eventsUrl: string; variables: Record<string, string>; api?: { url: string; token: string } };
  /** A database the test made (and removes) itself, already migrated, instead of a new one. */
  database?: DatabaseTarget;
  /** A second replica: this server's fake Slack and database instead of new ones (PostgreSQL only). */
  replicaOf?: TestServer;
  /** Environment variables sitrep.yml names (a tracker's token and webhook secret). */
  variables?: Record<string, string>;
  /**
   * Turns the web view on, signing in through the fake Slack's OpenID Connect: behind msw as https://slack.com, or,
   * for a real browser (which msw cannot answer), `'http'`: the same fake served over HTTP on this machine.
   */
  web?: boolean | 'http';
  /**
   * Turns the Atlassian Statuspage push on (with a sitrep.yml that names a page): its API and key, how a paced call
   * waits for its turn (the test's clock moved ahead, rather than real time), and between two looks for components
   * to push (15 s otherwise).
   */
  statuspage?: TConfig['statuspage'] & {
    sleep?: (ms: number) => Promise<void>;
    everyMs?: number;
    /** The fake API's handler, in place before sitrep starts (its first look pushes at once). */
    handler?: RequestHandler;
  };
  /** Email subscriptions through this mail server (the status page's links point at the server itself). */
  email?: { smtpUrl: string; from: string };
};

const WEB_SESSION_SECRET = 'a-test-session-secret-of-32-characters-or-more';

/**
 * The real sitrep server in this process, on a database of its own, with msw playing Slack: the way Slack tests
 * drive sitrep. msw starts listening before the Bolt app exists, as its WebClient captures fetch when built.
 */
export const startTestServer = async (
  kind: DatabaseKind,
  {
    maxRetryBackoffMs,
    now,
    webhooks,
    teamConfigPath = EXAMPLE_TEAM_CONFIG,
    reminderEveryMs,
    logger,
    slackAuthProbeMs,
    outboxLeaseMs,
    backupCheckEveryMs,
    replicaOf,
    pagerDuty,
    variables: named = {},
    web = false,
    database,
    statuspage,
    email: emailOptions,
  }: StartTestServerOptions = {},
): Promise<TestServer> => {
  const variables: Record<string, string> = { ...pagerDuty?.variables, ...named };
  const slack = replicaOf?.slack ?? setupFakeSlack();
  if (!replicaOf) seedExampleWorkspace(slack.fake);
  if (statuspage?.handler) slack.server.use(statuspage.handler);
  const given = replicaOf?.target ?? database;
  const { target, cleanup } = given ? { target: given, cleanup: async () => {} } : await createTestTarget(kind);
  const config: TConfig = {
    slack: {
      botToken: TEST_BOT_TOKEN,
      signingSecret: TEST_SIGNING_SECRET,
      appToken: undefined,
      apiUrl: 'https://slack.com/api/',
    },
    database: target,
    // PUBLIC_URL must be known before the server listens.
    http: { port: web || emailOptions ? await freePort() : 0, host: '127.0.0.1' },
    shutdownGraceMs: 5_000,
    retentionMs: 30 * 86_400_000,
    teamConfig: { path: teamConfigPath, explicit: true },
    logLevel: 'silent',
    webhooks: {
      deploySecret: undefined,
      githubSecret: undefined,
      gitlabToken: undefined,
      alertToken: undefined,
      ...webhooks,
    },
    pagerDuty: { eventsUrl: pagerDuty?.eventsUrl ?? 'https://events.pagerduty.com/v2/enqueue', api: pagerDuty?.api },
    readVariable: (name) => variables[name],
    web: { enabled: false, reason: 'The web view is off in this test' },
    statuspage: {
      apiUrl: statuspage?.apiUrl ?? 'https://api.statuspage.io/v1',
      apiKey: statuspage?.apiKey,
    },
    email: { enabled: false, reason: 'Email subscriptions are off in this test' },
  };
  if (emailOptions)
    config.email = { enabled: true, ...emailOptions, publicUrl: `http://127.0.0.1:${config.http.port}` };
  const oidcServer = web === 'http' ? await startFakeSlackServer({ fake: slack.fake }) : undefined;
  if (web) {
    config.web = {
      enabled: true,
      publicUrl: `http://127.0.0.1:${config.http.port}`,
      sessionSecret: WEB_SESSION_SECRET,
      clientId: FAKE_OIDC_CLIENT.id,
      clientSecret: FAKE_OIDC_CLIENT.secret,
      issuer: oidcServer?.oidcIssuer ?? 'https://slack.com',
    };
  }
  const server = await startServer({
    config,
    // TEST_LOG_LEVEL=error shows what went wrong inside sitrep when a Slack test fails.
    logger: logger ?? createLogger({ level: process.env.TEST_LOG_LEVEL === 'error' ? 'error' : 'silent' }),
    ...(maxRetryBackoffMs !== undefined ? { maxRetryBackoffMs } : {}),
    ...(now !== undefined ? { now } : {}),
    ...(reminderEveryMs !== undefined ? { reminderEveryMs } : {}),
    ...(slackAuthProbeMs !== undefined ? { slackAuthProbeMs } : {}),
    ...(outboxLeaseMs !== undefined ? { outboxLeaseMs } : {}),
    ...(backupCheckEveryMs !== undefined ? { backupCheckEveryMs } : {}),
    ...(statuspage?.sleep !== undefined ? { statuspageSleep: statuspage.sleep } : {}),
    ...(statuspage?.everyMs !== undefined ? { statuspageEveryMs: statuspage.everyMs } : {}),
  });
  return {
    ...server,
    slack,
    target,
    sendToSlackEndpoint: ({ signingSecret = TEST_SIGNING_SECRET, ...request }) =>
      postSigned({ url: `${server.url}/slack/events`, signingSecret, ...request }),
    close: async () => {
      await server.stop();
      await cleanup();
      await oidcServer?.close();
      if (!replicaOf) slack.close();
    },
  };
};
