import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { createBrowser } from '../../demo/web-browser.ts';
import { runPostmortemCommand } from '../../src/cli/postmortem-command.ts';
import { runReportCommand } from '../../src/cli/report-command.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { openDatabase } from '../../src/store/database.ts';
import { applyMigrations, readMigrations } from '../../src/store/migrate.ts';
import { createTestTarget, databaseKinds, type TestTarget } from '../support/database.ts';
import { seedDeploys, seedIncident } from '../support/incident-factory.ts';
import { sitrepEnv } from '../support/real-sitrep.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = new Date('2026-11-23T12:00:00Z');

/** November 2026 so far (Europe/Paris): two incidents of checkout-api, one also of search, and two deploys. */
const seedNovember = async (test: TestTarget) => {
  const database = await openDatabase({ target: test.target, command: 'test' });
  try {
    await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
    const { prisma } = database;
    await seedIncident(prisma, {
      services: ['checkout-api'],
      impactStartedAt: '2026-11-10T08:00:00Z',
      declaredAt: '2026-11-10T08:05:00Z',
      mitigatedAt: '2026-11-10T08:40:00Z',
      resolvedAt: '2026-11-10T09:00:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-11-10T08:00:00Z', endedAt: '2026-11-10T09:00:00Z' },
      ],
    });
    await seedIncident(prisma, {
      services: ['checkout-api', 'search'],
      impactStartedAt: '2026-11-18T14:00:00Z',
      declaredAt: '2026-11-18T14:10:00Z',
      resolvedAt: '2026-11-18T15:00:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-11-18T14:00:00Z', endedAt: '2026-11-18T14:20:00Z' },
        {
          service: 'checkout-api',
          kind: 'degraded',
          startedAt: '2026-11-18T14:20:00Z',
          endedAt: '2026-11-18T15:00:00Z',
        },
        { service: 'search', kind: 'degraded', startedAt: '2026-11-18T14:00:00Z', endedAt: '2026-11-18T15:00:00Z' },
      ],
    });
    await seedDeploys(prisma, [
      { service: 'checkout-api', occurredAt: '2026-11-10T07:00:00Z' },
      { service: 'checkout-api', occurredAt: '2026-11-12T07:00:00Z' },
    ]);
  } finally {
    await database.close();
  }
};

/** What a `sitrep` command printed, run in this process against `test`'s database. */
const runCli = async (
  command: typeof runReportCommand | typeof runPostmortemCommand,
  { test, args }: { test: TestTarget; args: string[] },
): Promise<string> => {
  const out = { text: '' };
  const stream = { write: (text: string) => (out.text += text) };
  const code = await command({
    args,
    env: sitrepEnv(test.target),
    cwd: ROOT,
    now: () => NOW,
    stdout: stream,
    stderr: stream,
  });
  if (code !== 0) throw new Error(`sitrep ${args.join(' ')} exited ${code}: ${out.text}`);
  return out.text;
};

const textOf = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();

describe.each(databaseKinds)('the web pages and the command line on %s', (kind) => {
  let test: TestTarget | undefined;
  let slack: SlackTest | undefined;
  afterEach(async () => {
    await slack?.close();
    await test?.cleanup();
  });

  it('show the numbers of sitrep report --json on the service page and the postmortem’s on the incident page', async () => {
    test = await createTestTarget(kind);
    await seedNovember(test);
    // The command line first: the embedded database has one process at a time.
    const report = JSON.parse(await runCli(runReportCommand, { test, args: ['--service', 'checkout-api', '--json'] }));
    const postmortem = await runCli(runPostmortemCommand, { test, args: ['1'] });
    slack = await startSlackHarness(kind, { web: true, now: () => NOW, database: test.target });
    slack.fake.signInAs(EXAMPLE_PEOPLE.alice);
    const browser = createBrowser(slack.server.url);

    const { sla, delivery } = report.services[0];
    const service = textOf(await (await browser.visit('/services/checkout-api')).response.text());
    expect(service).toContain(`${Math.floor(sla.availabilityPercent * 1000) / 1000}%`);
    expect(service).toContain(`Downtime ${sla.downtimeMinutes} min of ${sla.allowedMinutes} min`);
    expect(service).toContain(`${Math.round(sla.budgetUsedPercent * 10) / 10}%`);
    // 80 min of 43.2: the budget is overspent.
    expect(service).toContain(`${-sla.remainingMinutes} min over`);
    expect(sla.breached).toBe(true);
    expect(service).toContain(`Incidents ${delivery.incidents}`);
    expect(service).toContain(`Production deploys ${delivery.productionDeploys} (`);
    expect(service).toContain(`Change failure rate ${delivery.changeFailureRatePercent}%`);
    expect(delivery.incidents).toBe(2);

    const incident = await (await browser.visit('/incidents/1')).response.text();
    const row = /<tr><th scope="row">checkout-api<\/th>[\s\S]*?<\/tr>/.exec(incident)?.[0];
    // The downtime table's row: seven cells (the impact windows' table has fewer).
    const markdownRow = postmortem
      .split('\n')
      .find((line) => line.startsWith('| checkout-api |') && line.split('|').length === 9);
    expect(row).toBeDefined();
    expect(markdownRow).toBeDefined();
    const cells = (markdownRow ?? '')
      .split('|')
      .map((cell) => cell.trim())
      .filter((cell) => cell !== '');
    expect(cells.length).toBeGreaterThanOrEqual(7);
    for (const cell of cells) expect(textOf(row ?? '')).toContain(cell.replace(' (exceeded)', ''));
  });
});
