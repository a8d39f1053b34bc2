import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { http } from 'msw';
import { parseDocument } from 'yaml';
import { createFakeGithub, type FakeGithub } from '../../../demo/fake-github/fake-github.ts';
import { createFakeJira, FAKE_JIRA_DEFAULTS, type FakeJira } from '../../../demo/fake-jira/fake-jira.ts';
import { createFakeLinear, type FakeLinear } from '../../../demo/fake-linear/fake-linear.ts';
import type { DatabaseKind } from '../database.ts';
import { type StartSlackHarnessOptions, startSlackHarness } from '../slack/slack-harness.ts';

const EXAMPLE = fileURLToPath(new URL('../../../sitrep.example.yml', import.meta.url));

export const GITHUB = { apiUrl: 'https://api.github.com', token: 'ghp_fakeGithubToken0000000000000000000001' };
const GITHUB_WEBHOOK_SECRET = 'github-webhook-secret-for-issues';
export const LINEAR = {
  apiUrl: 'https://api.linear.app/graphql',
  apiKey: 'lin_api_fakeLinearKey00000000000000000000001',
  webhookSecret: 'lin_wh_fakeLinearSigningSecret0001',
};

/**
 * The people of the example workspace as the trackers know them, by the email Slack shows for them; zed is in the
 * trackers only.
 */
export const JIRA_PEOPLE = [
  { email: 'alice@acme.example', displayName: 'Alice Martin' },
  { email: 'bob@acme.example', displayName: 'Bob Ruiz' },
  { email: 'carol@acme.example', displayName: 'Carol Diaz' },
  { email: 'zed@acme.example', displayName: 'Zed Outsider' },
];
const GITHUB_USERS = [
  { login: 'sitrep-bot', id: 91000001, name: 'sitrep', email: 'sitrep-bot@acme.example', emailPublic: false },
  { login: 'alice-m', id: 91000002, name: 'Alice Martin', email: 'alice@acme.example', emailPublic: true },
  { login: 'bob-r', id: 91000003, name: 'Bob Ruiz', email: 'bob@acme.example', emailPublic: true },
  { login: 'carol-d', id: 91000004, name: 'Carol Diaz', email: 'carol@acme.example', emailPublic: true },
];

/**
 * sitrep.example.yml with trackers as docs/integrations.md sets them up: checkout-api's action items go to Jira
 * (project PAY), search's to Linear (team SRCH), and every other service's to GitHub Issues in acme/incidents (the
 * team's target); docs-site has no tracker of its own.
 */
const writeTrackerConfig = (): string => {
  const document = parseDocument(readFileSync(EXAMPLE, 'utf8'));
  document.set('trackers', {
    jira: { url: FAKE_JIRA_DEFAULTS.site },
    linear: { apiUrl: LINEAR.apiUrl },
    github: { apiUrl: GITHUB.apiUrl },
    target: { github: { repository: 'acme/incidents', labels: ['incident-follow-up'] } },
  });
  document.setIn(['services', 0, 'tracker'], { jira: { project: 'PAY', labels: ['incident'] } });
  document.setIn(['services', 1, 'tracker'], { linear: { team: 'SRCH' } });
  document.addIn(['services'], { name: 'docs-site', description: 'The help centre.' });
  const path = join(mkdtempSync(join(tmpdir(), 'sitrep-trackers-')), 'sitrep.yml');
  writeFileSync(path, document.toString());
  return path;
};

type Delivery = { headers: Record<string, string>; body: string };

/**
 * A Slack harness whose sitrep keeps action items in step with a fake Jira, Linear and GitHub (msw), on sitrep's
 * clock (Linear's deliveries carry the time they were sent, which sitrep checks).
 */
export const startTrackerHarness = async (kind: DatabaseKind, options: StartSlackHarnessOptions = {}) => {
  const jira: FakeJira = createFakeJira({ people: JIRA_PEOPLE });
  const linear: FakeLinear = createFakeLinear({
    apiKey: LINEAR.apiKey,
    webhookSecret: LINEAR.webhookSecret,
    teams: [{ key: 'SRCH', name: 'Search' }],
    users: JIRA_PEOPLE.map(({ email, displayName }) => ({ email, name: displayName })),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const github: FakeGithub = createFakeGithub({
    token: GITHUB.token,
    webhookSecret: GITHUB_WEBHOOK_SECRET,
    users: GITHUB_USERS,
    repositories: ['acme/incidents'],
    apiUrl: GITHUB.apiUrl,
  });
  const slack = await startSlackHarness(kind, {
    teamConfigPath: writeTrackerConfig(),
    variables: {
      JIRA_EMAIL: FAKE_JIRA_DEFAULTS.email,
      JIRA_API_TOKEN: FAKE_JIRA_DEFAULTS.token,
      JIRA_WEBHOOK_SECRET: FAKE_JIRA_DEFAULTS.webhookSecret,
      GITHUB_TOKEN: GITHUB.token,
      LINEAR_API_KEY: LINEAR.apiKey,
      LINEAR_WEBHOOK_SECRET: LINEAR.webhookSecret,
    },
    webhooks: { githubSecret: GITHUB_WEBHOOK_SECRET },
    ...options,
  });
  slack.server.slack.server.use(
    http.all(`${FAKE_JIRA_DEFAULTS.site}/*`, ({ request }) => jira.answer(request)),
    http.all(`${GITHUB.apiUrl}/*`, ({ request }) => github.answer(request)),
    http.post(LINEAR.apiUrl, ({ request }) => linear.answer(request)),
  );
  /** Posts a tracker's webhook delivery to sitrep as the tracker would; answers the status and the JSON body. */
  const deliver = async (path: string, { headers, body }: Delivery) => {
    const response = await fetch(`${slack.server.url}${path}`, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  /** Each delivery three times over, as a tracker retrying a lost answer would: the outcomes in order. */
  const deliverThrice = async (path: string, delivery: Delivery) => {
    const outcomes: unknown[] = [];
    for (let i = 0; i < 3; i += 1) outcomes.push((await deliver(path, delivery)).body);
    return outcomes;
  };
  /** The writes sitrep made to a tracker's API (reads left out). */
  const writesTo = (requests: readonly { method: string; path: string }[]) =>
    requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);
  return { ...slack, jira, linear, github, deliver, deliverThrice, writesTo };
};

export type TrackerTest = Awaited<ReturnType<typeof startTrackerHarness>>;
