// `npm run demo`: the real sitrep process, on a fresh embedded database, against the fake Slack server the
// end-to-end tests use. A scripted incident is played through signed requests, as Slack, CI/CD and Alertmanager would
// send them: a deploy before the impact, an alert, the declaration, notes, impact windows, the resolution with the
// downtime against the SLA, the postmortem draft and its action items. What people would have seen in Slack is
// printed as a transcript, followed by the postmortem as its canvas received it. Exits 0 when the story played out.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signDeployBody } from '../src/webhooks/generic/deploy-signature.ts';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE, seedExampleWorkspace } from './fake-slack/example-workspace.ts';
import { FAKE_OIDC_CLIENT } from './fake-slack/fake-slack.ts';
import { type FakeSlackServer, startFakeSlackServer } from './fake-slack/fake-slack-server.ts';
import { postSigned, slashCommandBody } from './fake-slack/sign.ts';
import { renderTranscript } from './fake-slack/transcript.ts';
import { freePort, type SitrepProcess, startSitrep } from './sitrep-process.ts';
import { createBrowser } from './web-browser.ts';

const SIGNING_SECRET = 'de305d5475b4431badb2eb6b9e546014';
const DEPLOY_SECRET = 'demo-deploy-secret-0123456789abcdef';
const ALERT_TOKEN = 'demo-alert-token-0123456789abcdef';
const SESSION_SECRET = 'demo-session-secret-never-use-this-one-in-production';
const EXAMPLE_CONFIG = fileURLToPath(new URL('../sitrep.example.yml', import.meta.url));
/** Slack work settles when the fake has seen nothing new for this long (announcements are paced at 1/s). */
const QUIET_MS = 1_200;
const STEP_DEADLINE_MS = 30_000;

type Person = keyof typeof EXAMPLE_PEOPLE;
type Step = { who: Person; where: 'general' | 'incident'; text: string };

const mention = (who: Person) => `<@${EXAMPLE_PEOPLE[who]}|${who}>`;

/** `2026-11-23 13:58`: the time in Bob's zone (Los Angeles, as in the fake workspace) `minutes` ago. */
const bobsClockAgo = (minutes: number): string =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'America/Los_Angeles',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(Date.now() - minutes * 60_000);

const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

/** What CI/CD and Alertmanager send before anyone declares anything: the deploy that caused it, then the alert. */
const EVENTS_BEFORE: { who: string; path: string; body: Record<string, unknown> }[] = [
  {
    who: 'CI/CD: checkout-api v1.4.2 deployed to production (signed deploy webhook)',
    path: '/webhooks/deploy',
    body: {
      id: 'demo-deploy-1',
      service: 'checkout-api',
      environment: 'production',
      version: 'v1.4.2',
      layer: 'artifact',
      status: 'succeeded',
      actor: 'carol',
      url: 'https://ci.example.com/runs/1042',
      at: minutesAgo(35),
    },
  },
  {
    who: 'Alertmanager: CheckoutCardDeclines firing for checkout-api',
    path: '/webhooks/alertmanager',
    body: {
      version: '4',
      status: 'firing',
      receiver: 'sitrep',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutCardDeclines', service: 'checkout-api', severity: 'page' },
          annotations: { summary: 'Card declines above 20% for 5 minutes' },
          startsAt: minutesAgo(25),
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'demo-card-declines',
        },
      ],
    },
  },
];

const SCRIPT: Step[] = [
  { who: 'alice', where: 'general', text: 'declare sev2 checkout-api: Card payments time out' },
  { who: 'alice', where: 'incident', text: `lead ${mention('bob')}` },
  { who: 'bob', where: 'incident', text: `role comms ${mention('alice')}` },
  { who: 'bob', where: 'incident', text: 'status identified The card processor rejects TLS 1.3 since 02:40' },
  { who: 'bob', where: 'incident', text: `impact outage ${bobsClockAgo(27)}` },
  { who: 'bob', where: 'incident', text: 'sev 1' },
  { who: 'bob', where: 'incident', text: 'status monitoring Rolled back to v1.4.1' },
  { who: 'bob', where: 'incident', text: 'impact end' },
  { who: 'alice', where: 'incident', text: 'note Card declines back to the usual 2%' },
  { who: 'bob', where: 'incident', text: 'timeline' },
  { who: 'alice', where: 'general', text: 'list' },
  { who: 'bob', where: 'incident', text: 'resolve Fixed by rollback' },
  { who: 'bob', where: 'incident', text: 'resolve Again' },
  {
    who: 'bob',
    where: 'incident',
    text: `action Alert on card declines above 5% instead of 20% ${mention('carol')} kind:alarm`,
  },
  { who: 'bob', where: 'incident', text: 'action Pin TLS 1.2 in the card processor client kind:fix in:3bd' },
  { who: 'bob', where: 'incident', text: 'action Fix it due:2026-02-30' },
  { who: 'bob', where: 'incident', text: 'actions' },
  { who: 'bob', where: 'incident', text: 'postmortem complete' },
];

/** `--socket`: Slack's requests come over Socket Mode, as behind a firewall that lets nothing in. */
const { values: flags } = parseArgs({ options: { socket: { type: 'boolean', default: false } } });

const main = async (): Promise<number> => {
  const slack = await startFakeSlackServer();
  seedExampleWorkspace(slack.fake);
  const dataDir = await mkdtemp(join(tmpdir(), 'sitrep-demo-'));
  let sitrep: SitrepProcess | undefined;
  try {
    process.stdout.write('Starting sitrep on a new embedded database (the first start takes a few seconds)…\n');
    const port = String(await freePort());
    sitrep = await startSitrep({
      env: {
        PORT: port,
        // The web view, signing in with the fake Slack's OpenID Connect.
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SESSION_SECRET,
        SLACK_CLIENT_ID: FAKE_OIDC_CLIENT.id,
        SLACK_CLIENT_SECRET: FAKE_OIDC_CLIENT.secret,
        SLACK_OIDC_ISSUER: slack.oidcIssuer,
        SLACK_BOT_TOKEN: 'xoxb-demo-token',
        ...(flags.socket ? { SLACK_APP_TOKEN: 'xapp-1-A0DEMO-1-demo' } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
        SLACK_API_URL: slack.apiUrl,
        DATA_DIR: dataDir,
        SITREP_CONFIG: EXAMPLE_CONFIG,
        DEPLOY_WEBHOOK_SECRET: DEPLOY_SECRET,
        ALERT_WEBHOOK_TOKEN: ALERT_TOKEN,
        LOG_LEVEL: 'warn',
      },
      readyWithinMs: 60_000,
    });
    const running = sitrep;
    if (flags.socket) await connected(slack);
    const transport = flags.socket ? 'Slack talks to it over Socket Mode' : `fake Slack at ${slack.url}`;
    process.stdout.write(`sitrep is ready at ${running.url}; ${transport}. Times are UTC.\n\n`);

    /** Resolves once the fake Slack has been quiet for QUIET_MS: sitrep has finished reacting. */
    const settle = async () => {
      const deadline = Date.now() + STEP_DEADLINE_MS;
      let seen = slack.fake.state.timeline.length;
      let quietSince = Date.now();
      while (Date.now() - quietSince < QUIET_MS) {
        if (Date.now() > deadline) throw new Error('Slack never went quiet');
        await new Promise((resolve) => setTimeout(resolve, 100));
        const now = slack.fake.state.timeline.length;
        if (now !== seen) {
          seen = now;
          quietSince = Date.now();
        }
      }
    };

    const incidentChannel = () => [...slack.fake.state.channels.values()].find((c) => c.name.startsWith('inc-'));
    let printed = 0;
    for (const event of EVENTS_BEFORE) {
      const raw = JSON.stringify(event.body);
      const headers: Record<string, string> =
        event.path === '/webhooks/deploy'
          ? { 'x-sitrep-signature': signDeployBody(DEPLOY_SECRET, raw) }
          : { authorization: `Bearer ${ALERT_TOKEN}` };
      const res = await fetch(`${running.url}${event.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: raw,
      });
      if (res.status !== 200) throw new Error(`sitrep answered ${res.status} to ${event.path}`);
      process.stdout.write(`▶ ${event.who}: stored\n\n`);
    }
    for (const step of SCRIPT) {
      const channel = step.where === 'general' ? EXAMPLE_CHANNELS.general : incidentChannel()?.id;
      if (channel === undefined) throw new Error('the incident channel was never created');
      const userId = EXAMPLE_PEOPLE[step.who];
      const channelName = slack.fake.state.channels.get(channel)?.name ?? channel;
      const body = slashCommandBody({
        command: '/incident',
        text: step.text,
        userId,
        userName: step.who,
        channelId: channel,
        channelName,
        responseUrl: slack.fake.newResponseUrl({ channel, user: userId }),
      });
      if (flags.socket) {
        await slack.socketMode.send({
          type: 'slash_commands',
          payload: Object.fromEntries(new URLSearchParams(body.body)),
        });
      } else {
        const res = await postSigned({ url: `${running.url}/slack/events`, signingSecret: SIGNING_SECRET, ...body });
        if (res.status !== 200) throw new Error(`sitrep answered ${res.status} to /incident ${step.text}`);
      }
      await settle();
      const shown = step.text.replace(/<@U[A-Z0-9]+\|([^>]+)>/g, '@$1');
      process.stdout.write(`▶ @${step.who} in #${channelName}: /incident ${shown}\n`);
      process.stdout.write(`${renderTranscript(slack.fake.state, { fromEntry: printed })}\n\n`);
      printed = slack.fake.state.timeline.length;
    }

    const channel = incidentChannel();
    const pins = slack.fake.state.pins.filter((pin) => pin.channel === channel?.id).length;
    if (pins !== 1) throw new Error(`expected the summary pinned once, found ${pins} pins`);
    const canvases = [...slack.fake.state.canvases.values()].filter((canvas) => canvas.channel_id === channel?.id);
    const files = [...slack.fake.state.files.values()].filter((file) => channel && file.channels.includes(channel.id));
    const [canvas] = canvases;
    if (canvases.length !== 1 || files.length !== 1 || canvas === undefined) {
      throw new Error(`expected one postmortem canvas and one file, found ${canvases.length} and ${files.length}`);
    }
    const file = new TextDecoder().decode(files[0]?.bytes);
    if (file !== canvas.markdown) throw new Error('the Markdown file differs from the canvas');
    process.stdout.write(
      `━━━ The canvas "${canvas.title}" in #${channel?.name} (also shared as ${files[0]?.name}) ━━━\n\n`,
    );
    process.stdout.write(`${canvas.markdown.trimEnd()}\n\n━━━ End of the postmortem draft ━━━\n\n`);
    await showWebPages({ slack, url: running.url, number: 1 });
    process.stdout.write(
      `Done: #${channel?.name} has one pinned summary, kept up to date in place. Everything above went through ` +
        `${flags.socket ? 'Socket Mode envelopes' : 'signed requests'} into the real sitrep process and Slack Web API ` +
        'calls out of it.\n',
    );
    return 0;
  } catch (error) {
    process.stderr.write(`The demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    const output = sitrep?.output();
    if (output && output.stderr.trim() !== '') process.stderr.write(`sitrep's own output:\n${output.stderr}\n`);
    return 1;
  } finally {
    await sitrep?.stop();
    await slack.close();
    await rm(dataDir, { recursive: true, force: true });
  }
};

/**
 * Signs in as @bob through the fake Slack, checks the incident's page shows it, and prints its address: the fake Slack
 * signs whoever opens it in as @bob too. A person at a terminal keeps sitrep running until they press Enter.
 */
const showWebPages = async ({ slack, url, number }: { slack: FakeSlackServer; url: string; number: number }) => {
  slack.fake.signInAs(EXAMPLE_PEOPLE.bob);
  const page = `${url}/incidents/${number}`;
  const { response } = await createBrowser(url).visit(page);
  const body = await response.text();
  if (response.status !== 200 || !body.includes(`Incident ${number}: Card payments time out`)) {
    throw new Error(`the web page of incident ${number} answered ${response.status}`);
  }
  process.stdout.write(
    `━━━ The web pages ━━━\n\nIncident ${number} on the web: ${page} (you are signed in as @bob through the fake Slack). ` +
      `Also ${url}/ for the overview and ${url}/services/checkout-api for its error budget.\n\n`,
  );
  if (process.stdin.isTTY) {
    process.stdout.write('sitrep keeps running for you to look: press Enter to stop it.\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    process.stdin.pause();
  }
};

/** Waits for sitrep to open its Socket Mode connection, which it does once it is ready. */
const connected = async (slack: FakeSlackServer) => {
  const deadline = Date.now() + 15_000;
  while (!slack.socketMode.connected()) {
    if (Date.now() > deadline) throw new Error('sitrep never connected over Socket Mode');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

process.exitCode = await main();
