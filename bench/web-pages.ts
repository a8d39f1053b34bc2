import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { EXAMPLE_PEOPLE, seedExampleWorkspace } from '../demo/fake-slack/example-workspace.ts';
import { createFakeSlack, FAKE_OIDC_CLIENT } from '../demo/fake-slack/fake-slack.ts';
import { startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { freePort } from '../demo/sitrep-process.ts';
import { createBrowser } from '../demo/web-browser.ts';
import { listRecentPeriods } from '../src/domain/sla/sla-period.ts';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { openDatabase } from '../src/store/database.ts';
import { applyMigrations, readMigrations } from '../src/store/migrate.ts';
import { benchDatabases, benchPostgresUrl, dropSchema, startBenchSitrep, stopSitrep } from './bench-sitrep.ts';
import { writeResultsSection } from './results-section.ts';
import { median, roundToTenth } from './timing.ts';
import { seedWebHistory } from './web-history.ts';

// `npm run bench:web`: every page of the web view, asked 200 times in a row with a signed-in session, of the real
// `sitrep serve` on 10,000 incidents (BENCH_WEB_INCIDENTS for fewer while working on it), on PGlite and, when
// BENCH_DATABASE_URL or TEST_DATABASE_URL is set, PostgreSQL. Rewrites its section of RESULTS.md.

const INCIDENTS = z.coerce.number().int().min(500).default(10_000).parse(process.env.BENCH_WEB_INCIDENTS);
const THIS_MONTH = Math.round(INCIDENTS / 25);
/** An incident of this month, resolved, with two postmortem versions and a long timeline (see seedWebHistory). */
const BUSY = INCIDENTS - 100;
const WARM_UPS = 20;
const REQUESTS = 200;
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const TEAM_ZONE = 'Europe/Paris';
const P95_TARGET_MS = 50;
const SIZE_TARGET_KB = 150;

const PAGES = [
  '/',
  '/incidents',
  '/incidents?status=resolved&service=checkout-api&q=timeout',
  '/incidents?page=100',
  `/incidents/${BUSY}`,
  `/incidents/${BUSY}?from=1&to=2`,
  `/incidents/${BUSY}/postmortem/edit`,
  '/services',
  '/services/checkout-api',
  '/services/search',
  '/action-items',
  '/action-items?overdue=1',
];

type PageFigure = { path: string; p50: number; p95: number; p99: number; serverMeanMs: number; kb: number };

/** The value at rank `share` of sorted `values` (nearest rank). */
const percentile = (sorted: number[], share: number): number =>
  roundToTenth(sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? 0);

/** The web pages' time on the server so far, from sitrep's own histogram: seconds in all, and how many requests. */
const readServerTime = async (url: string): Promise<{ seconds: number; count: number }> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (suffix: string) =>
    Number(new RegExp(`^sitrep_http_request_duration_seconds_${suffix}\\{route="web"\\} (\\S+)$`, 'm').exec(text)?.[1]);
  return { seconds: read('sum'), count: read('count') };
};

/** Migrates the database `env` names (DATA_DIR or DATABASE_URL, as sitrep reads them) and seeds its history. */
const prepareDatabase = async (env: Record<string, string>, now: Date): Promise<void> => {
  const url = env.DATABASE_URL;
  if (url !== undefined) {
    const schema = new URL(url).searchParams.get('schema') ?? 'public';
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).finally(() => admin.end());
  }
  const target =
    url === undefined ? { kind: 'pglite' as const, dataDir: env.DATA_DIR ?? '' } : { kind: 'postgres' as const, url };
  const database = await openDatabase({ target, command: 'bench', poolSize: 1 });
  try {
    await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
    const [month] = listRecentPeriods({ now, count: 1, window: 'monthly', zone: TEAM_ZONE });
    const started = performance.now();
    await seedWebHistory(database.prisma, {
      incidents: INCIDENTS,
      thisMonth: THIS_MONTH,
      busy: BUSY,
      now,
      monthStart: month?.start ?? now,
    });
    process.stdout.write(`seeded ${INCIDENTS} incidents in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await database.close();
  }
};

/** Signs in once through Slack's (fake) OpenID Connect, then asks each page WARM_UPS and REQUESTS times in a row. */
const measurePages = async (databaseEnv: Record<string, string>): Promise<PageFigure[]> => {
  const fake = createFakeSlack();
  seedExampleWorkspace(fake);
  fake.signInAs(EXAMPLE_PEOPLE.alice);
  const slack = await startFakeSlackServer({ fake });
  const port = String(await freePort());
  const sitrep = await startBenchSitrep({
    slackApiUrl: slack.apiUrl,
    signingSecret: SIGNING_SECRET,
    databaseEnv,
    env: {
      PORT: port,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: 'a-bench-session-secret-of-32-characters-or-more',
      SLACK_CLIENT_ID: FAKE_OIDC_CLIENT.id,
      SLACK_CLIENT_SECRET: FAKE_OIDC_CLIENT.secret,
      SLACK_OIDC_ISSUER: slack.oidcIssuer,
    },
  });
  try {
    const browser = createBrowser(sitrep.url);
    const signedIn = await browser.visit('/');
    if (signedIn.response.status !== 200) throw new Error(`sign-in ended at ${signedIn.hops.join(' -> ')}`);
    await signedIn.response.arrayBuffer();
    const ask = async (path: string): Promise<number> => {
      const response = await browser.request(path);
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      return body.byteLength;
    };
    const figures: PageFigure[] = [];
    for (const path of PAGES) {
      for (let i = 0; i < WARM_UPS; i += 1) await ask(path);
      const before = await readServerTime(sitrep.url);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < REQUESTS; i += 1) {
        const started = performance.now();
        bytes = await ask(path);
        times.push(performance.now() - started);
      }
      const after = await readServerTime(sitrep.url);
      const sorted = times.toSorted((a, b) => a - b);
      const serverMeanMs = ((after.seconds - before.seconds) / (after.count - before.count)) * 1000;
      figures.push({
        path,
        p50: roundToTenth(median(times)),
        p95: percentile(sorted, 0.95),
        p99: percentile(sorted, 0.99),
        serverMeanMs: roundToTenth(serverMeanMs),
        kb: roundToTenth(bytes / 1000),
      });
      process.stdout.write(`${path}: p95 ${percentile(sorted, 0.95)} ms, ${roundToTenth(bytes / 1000)} KB\n`);
    }
    return figures;
  } finally {
    await stopSitrep(sitrep);
    await slack.close();
  }
};

const formatTable = (name: string, figures: PageFigure[]): string =>
  [
    `| ${name}, ${INCIDENTS.toLocaleString('en-US')} incidents | p50 | p95 | p99 | server, mean | body |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) => `| \`${f.path}\` | ${f.p50} ms | ${f.p95} ms | ${f.p99} ms | ${f.serverMeanMs} ms | ${f.kb} KB |`,
    ),
  ].join('\n');

const judge = (name: string, figures: PageFigure[]): string => {
  const slow = figures.filter((f) => f.p95 >= P95_TARGET_MS).map((f) => `\`${f.path}\` (${f.p95} ms)`);
  const heavy = figures.filter((f) => f.kb > SIZE_TARGET_KB).map((f) => `\`${f.path}\` (${f.kb} KB)`);
  const worst = figures.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  const largest = figures.reduce((a, b) => (b.kb > a.kb ? b : a));
  return `${name}: p95 ${slow.length === 0 ? `met (slowest \`${worst.path}\`, ${worst.p95} ms)` : `missed by ${slow.join(', ')}`}; size ${
    heavy.length === 0 ? `met (largest \`${largest.path}\`, ${largest.kb} KB)` : `missed by ${heavy.join(', ')}`
  }.`;
};

const SECTION = '## Web pages';
const INTRO = `${SECTION}

\`npm run bench:web\` (\`bench/web-pages.ts\`): the real \`sitrep serve\` with the web view on, the fake Slack HTTP
server as its Slack and OpenID Connect issuer, on ${INCIDENTS.toLocaleString('en-US')} incidents over two years written with
set-based SQL (\`bench/web-history.ts\`): 1–2 services each (a tenth on services sitrep.yml does not know), impact
windows, five timeline entries and three action items each (owners among 30 people, a sixteenth of the items still
open, most of those overdue), one or two postmortem versions of about 3 KB per resolved incident, 30,000 production
deploys, 3,000 alerts, and ${THIS_MONTH} incidents this month (the burn-down's markers). Incident ${BUSY} has 305 timeline
entries and two postmortem versions. One sign-in through the real flow, then each page ${WARM_UPS} times unmeasured and
${REQUESTS} times in a row over loopback with the session cookie: p50/p95/p99 at the client (stricter than the server's
own), the server's mean from sitrep's \`sitrep_http_request_duration_seconds{route="web"}\` histogram, and the body
as sent (HTML with its inline SVG and CSS, uncompressed, 1 KB = 1,000 bytes).`;
const TARGET = `Targets (issue: web view): every page under ${P95_TARGET_MS} ms at p95 on the server, none over ${SIZE_TARGET_KB} KB.`;

const loadAtStart = loadavg()[0]?.toFixed(1) ?? '?';
const now = new Date();
const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-web-'));
const schema = `bench_web_${process.pid}`;
try {
  const tables: string[] = [];
  const verdicts: string[] = [];
  for (const [name, databaseEnv] of benchDatabases(dir, schema)) {
    await prepareDatabase(databaseEnv, now);
    const figures = await measurePages(databaseEnv);
    tables.push(formatTable(name, figures));
    verdicts.push(judge(name, figures));
  }
  const text = `${tables.join('\n\n')}\n\nIn this run: ${verdicts.join(' ')}`;
  process.stdout.write(`${text}\n`);
  const run = `Run on ${now.toISOString().slice(0, 10)}, the load average at ${loadAtStart} when it started and ${loadavg()[0]?.toFixed(1)} when it ended.`;
  await writeResultsSection({ heading: SECTION, text: `${INTRO}\n${run}\n\n${text}\n${TARGET}\n` });
} finally {
  await rm(dir, { recursive: true, force: true });
  const postgres = benchPostgresUrl();
  if (postgres) await dropSchema(postgres, schema);
}
