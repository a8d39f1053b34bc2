import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { runSitrep, startSitrep } from '../../demo/sitrep-process.ts';
import { runReportCommand } from '../../src/cli/report-command.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { openDatabase } from '../../src/store/database.ts';
import { applyMigrations, readMigrations } from '../../src/store/migrate.ts';
import { createTestTarget, databaseKinds, type TestTarget } from '../support/database.ts';
import { seedDeploys, seedIncident } from '../support/incident-factory.ts';
import { fakeSlackEnv, sitrepEnv } from '../support/real-sitrep.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = new Date('2026-11-23T12:00:00Z');

/**
 * October 2026 as sitrep.example.yml sees it: Europe/Paris, so from 2026-09-30T22:00Z (midnight, summer time) to
 * 2026-10-31T23:00Z (midnight, winter time), 745 hours = 2,682,000 s. checkout-api: 99.9 %, degraded time not
 * counted; search: 99.5 %, degraded time counted half. A deploy followed within 24 h by an incident of its service
 * is a failed change.
 */
const scriptOctober = async (target: TestTarget['target']): Promise<void> => {
  const database = await openDatabase({ target, command: 'test' });
  try {
    await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
    const { prisma } = database;
    // A: across the start of the month, declared in September.
    await seedIncident(prisma, {
      services: ['checkout-api'],
      impactStartedAt: '2026-09-30T21:00:00Z',
      declaredAt: '2026-09-30T21:10:00Z',
      resolvedAt: '2026-09-30T22:40:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-09-30T21:00:00Z', endedAt: '2026-09-30T22:30:00Z' },
      ],
    });
    // B and C: overlapping outages, and a degraded tail after B's.
    await seedIncident(prisma, {
      services: ['checkout-api'],
      impactStartedAt: '2026-10-10T08:00:00Z',
      declaredAt: '2026-10-10T08:05:00Z',
      mitigatedAt: '2026-10-10T08:40:00Z',
      resolvedAt: '2026-10-10T09:30:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-10-10T08:00:00Z', endedAt: '2026-10-10T08:40:00Z' },
        {
          service: 'checkout-api',
          kind: 'degraded',
          startedAt: '2026-10-10T08:30:00Z',
          endedAt: '2026-10-10T09:30:00Z',
        },
      ],
    });
    await seedIncident(prisma, {
      services: ['checkout-api'],
      impactStartedAt: '2026-10-10T08:15:00Z',
      declaredAt: '2026-10-10T08:20:00Z',
      mitigatedAt: '2026-10-10T09:00:00Z',
      resolvedAt: '2026-10-10T09:10:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-10-10T08:20:00Z', endedAt: '2026-10-10T09:00:00Z' },
      ],
    });
    // D: both services, across the end of the month (declared at 23:30 in Paris on the 31st).
    await seedIncident(prisma, {
      services: ['checkout-api', 'search'],
      impactStartedAt: '2026-10-31T22:20:00Z',
      declaredAt: '2026-10-31T22:30:00Z',
      mitigatedAt: '2026-10-31T23:40:00Z',
      resolvedAt: '2026-11-01T01:00:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-10-31T22:20:00Z', endedAt: '2026-10-31T23:40:00Z' },
        { service: 'search', kind: 'degraded', startedAt: '2026-10-31T22:20:00Z', endedAt: '2026-11-01T01:00:00Z' },
      ],
    });
    // E: November, 14 h after the last deploy of October. F: search, never mitigated. G: still open, in November.
    await seedIncident(prisma, { services: ['checkout-api'], declaredAt: '2026-11-01T10:00:00Z' });
    await seedIncident(prisma, {
      services: ['search'],
      impactStartedAt: '2026-10-20T11:30:00Z',
      declaredAt: '2026-10-20T12:00:00Z',
      resolvedAt: '2026-10-20T14:00:00Z',
      windows: [
        { service: 'search', kind: 'outage', startedAt: '2026-10-20T11:30:00Z', endedAt: '2026-10-20T13:00:00Z' },
      ],
    });
    await seedIncident(prisma, {
      services: ['checkout-api'],
      declaredAt: '2026-11-20T09:00:00Z',
      windows: [{ service: 'checkout-api', kind: 'outage', startedAt: '2026-11-20T09:00:00Z' }],
    });
    await seedDeploys(prisma, [
      { service: 'checkout-api', occurredAt: '2026-10-01T07:00:00Z' },
      { service: 'checkout-api', occurredAt: '2026-10-09T09:00:00Z' },
      { service: 'checkout-api', occurredAt: '2026-10-10T08:10:00Z' },
      { service: 'checkout-api', occurredAt: '2026-10-20T10:00:00Z' },
      { service: 'checkout-api', occurredAt: '2026-10-31T20:00:00Z' },
      { service: 'checkout-api', occurredAt: '2026-10-15T10:00:00Z', environment: 'staging' },
      { service: 'checkout-api', occurredAt: '2026-10-16T10:00:00Z', status: 'failed' },
      { service: 'checkout-api', occurredAt: '2026-09-30T21:30:00Z' },
      { service: 'checkout-api', occurredAt: '2026-10-31T23:00:00Z' },
      { service: 'search', occurredAt: '2026-10-05T10:00:00Z' },
      { service: 'search', occurredAt: '2026-10-20T11:00:00Z' },
    ]);
  } finally {
    await database.close();
  }
};

const OCTOBER = {
  key: '2026-10',
  label: 'October 2026',
  kind: 'month',
  start: '2026-09-30T22:00:00.000Z',
  end: '2026-10-31T23:00:00.000Z',
  complete: true,
};

/** The report of October worked out by hand; every duration in seconds. */
const EXPECTED_OCTOBER = {
  generatedAt: '2026-11-23T12:00:00.000Z',
  timeZone: 'Europe/Paris',
  services: [
    {
      service: 'checkout-api',
      period: OCTOBER,
      sla: {
        targetPercent: 99.9,
        // (2,682,000 − 7,800) / 2,682,000
        availabilityPercent: 99.7092,
        periodSeconds: 2_682_000,
        // October is over: all of it.
        elapsedSeconds: 2_682_000,
        // A's last 30 min (1,800) + B ∪ C, 08:00 to 09:00 (3,600) + D until midnight in Paris, 22:20 to 23:00 (2,400).
        downtimeSeconds: 7_800,
        downtimeMinutes: 130,
        outageSeconds: 7_800,
        // B's degraded tail outside the outages, 09:00 to 09:30; checkout-api does not count it.
        degradedSeconds: 1_800,
        // 0.1 % of 2,682,000
        allowedSeconds: 2_682,
        allowedMinutes: 44.7,
        // 7,800 / 2,682
        budgetUsedPercent: 290.8277,
        remainingSeconds: -5_118,
        remainingMinutes: -85.3,
        breached: true,
        openImpactWindows: 0,
        // A, B, C and D.
        incidentsWithImpact: 4,
        // No maintenance was scheduled; checkout-api leaves it out of downtime (sitrep.example.yml).
        maintenanceExcluded: true,
        maintenanceSeconds: 0,
      },
      delivery: {
        // B, C and D; A was declared in September, E in November.
        incidents: 3,
        // (300 + 300 + 600) / 3
        meanTimeToDetectSeconds: 400,
        // (2,100 + 2,400 + 4,200) / 3
        meanTimeToMitigateSeconds: 2_900,
        // (5,100 + 3,000 + 9,000) / 3
        meanTimeToResolveSeconds: 5_700,
        // 1, 9, 10 (08:10), 20 and 31 October; not staging, the failed one, 30 September nor midnight on 1 November.
        productionDeploys: 5,
        // 5 / (2,682,000 / 604,800)
        deploysPerWeek: 1.1275,
        // The 9th (B 23 h later), the 10th (C 5 min later), the 31st (D 2 h 20 min later).
        changeFailureRatePercent: 60,
      },
    },
    {
      service: 'search',
      period: OCTOBER,
      sla: {
        targetPercent: 99.5,
        availabilityPercent: 99.7539,
        periodSeconds: 2_682_000,
        elapsedSeconds: 2_682_000,
        // F's outage, 11:30 to 13:00 (5,400) + half of D's degraded time until midnight in Paris (2,400 / 2).
        downtimeSeconds: 6_600,
        downtimeMinutes: 110,
        outageSeconds: 5_400,
        degradedSeconds: 2_400,
        // 0.5 % of 2,682,000
        allowedSeconds: 13_410,
        allowedMinutes: 223.5,
        // 6,600 / 13,410
        budgetUsedPercent: 49.217,
        remainingSeconds: 6_810,
        remainingMinutes: 113.5,
        breached: false,
        openImpactWindows: 0,
        incidentsWithImpact: 2,
        maintenanceExcluded: false,
        maintenanceSeconds: 0,
      },
      delivery: {
        // D and F.
        incidents: 2,
        // (600 + 1,800) / 2
        meanTimeToDetectSeconds: 1_200,
        // D only: F was never mitigated.
        meanTimeToMitigateSeconds: 4_200,
        // (9,000 + 7,200) / 2
        meanTimeToResolveSeconds: 8_100,
        productionDeploys: 2,
        // 2 / (2,682,000 / 604,800)
        deploysPerWeek: 0.451,
        // The 20th at 11:00, F 30 min later.
        changeFailureRatePercent: 50,
      },
    },
  ],
};

const capture = () => {
  const out = { text: '' };
  return { out, stream: { write: (text: string) => (out.text += text) } };
};

describe.each(databaseKinds)('sitrep report on %s', (kind) => {
  let test: TestTarget;
  let env: Record<string, string>;

  beforeAll(async () => {
    test = await createTestTarget(kind);
    env = sitrepEnv(test.target);
    await scriptOctober(test.target);
  });
  afterAll(async () => {
    await test.cleanup();
  });

  const report = async (args: string[]) => {
    const stdout = capture();
    const stderr = capture();
    const code = await runReportCommand({
      args,
      env,
      cwd: ROOT,
      now: () => NOW,
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    return { code, stdout: stdout.out.text, stderr: stderr.out.text };
  };

  it('gives, as JSON, the scripted October exactly as worked out by hand', async () => {
    const { code, stdout, stderr } = await report(['--month', '2026-10', '--json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const json: unknown = JSON.parse(stdout);
    expect(json).toEqual(EXPECTED_OCTOBER);
    expect(stdout).toBe(`${JSON.stringify(EXPECTED_OCTOBER, null, 2)}\n`);
  });

  it('gives the same figures for one service, and Q4 so far with the window open since the 20th', async () => {
    const one = await report(['--service', 'search', '--month', '2026-10', '--json']);
    expect(JSON.parse(one.stdout)).toEqual({ ...EXPECTED_OCTOBER, services: [EXPECTED_OCTOBER.services[1]] });

    const quarter = await report(['--service', 'checkout-api', '--quarter', '2026-q4', '--json']);
    expect(JSON.parse(quarter.stdout)).toMatchObject({
      services: [
        {
          period: {
            key: '2026-Q4',
            start: '2026-09-30T22:00:00.000Z',
            end: '2026-12-31T23:00:00.000Z',
            complete: false,
          },
          // October's 7,800 s, D's last 40 min in November (2,400) and G's, open since 20 November 09:00 (3 d 3 h).
          sla: {
            downtimeSeconds: 7_800 + 2_400 + 270_000,
            openImpactWindows: 1,
            incidentsWithImpact: 5,
            // From 1 October, midnight in Paris, to now: 53 d 14 h; the allowance stays the quarter's 2,209 h.
            elapsedSeconds: 4_629_600,
            periodSeconds: 7_952_400,
            // (4,629,600 − 280,200) / 4,629,600, so far.
            availabilityPercent: 93.9476,
          },
          // 6 / (4,629,600 / 604,800): over the weeks gone by.
          delivery: { incidents: 5, productionDeploys: 6, deploysPerWeek: 0.7838 },
        },
      ],
    });
  });

  it('prints a Markdown table of each service’s current SLA window by default', async () => {
    const { code, stdout } = await report([]);
    expect(code).toBe(0);
    expect(stdout).toContain('Periods are calendar months and quarters in Europe/Paris.');
    expect(stdout).toMatch(/^\| checkout-api \| November 2026 so far \| [\d.]+% \| 99\.9% \|/m);
    expect(stdout).toMatch(/^\| search \| Q4 2026 so far \| [\d.]+% \| 99\.5% \|/m);
    expect(stdout).toContain('checkout-api has an impact window still open');

    const october = await report(['--month', '2026-10']);
    expect(october.stdout).toContain(
      '| checkout-api | October 2026 | 99.709% | 99.9% | 130 min | 44.7 min | 290.8% | 85.3 min over | **yes** | 3 | 7 min | 48 min | 1 h 35 min | 5 | 1.1 | 60% |',
    );
  });

  it('refuses an unknown service, a period that does not exist and one not started, with exit code 2', async () => {
    expect(await report(['--service', 'chekout-api'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'sitrep: Unknown service `chekout-api`. Did you mean `checkout-api`? The services in sitrep.yml are checkout-api and search.\n',
    });
    const badMonth = await report(['--month', '2026-13']);
    expect(badMonth.code).toBe(2);
    expect(badMonth.stderr).toMatch(/^sitrep: `2026-13` is not a month: months go from 01 to 12\..*\n$/);
    expect(await report(['--quarter', '2027-Q1'])).toMatchObject({
      code: 2,
      stderr: 'sitrep: Q1 2027 has not started yet: a report covers a period that has begun.\n',
    });
  });
});

describe('sitrep report, the command', () => {
  let test: TestTarget;
  let env: Record<string, string>;

  beforeAll(async () => {
    test = await createTestTarget('pglite');
    env = sitrepEnv(test.target);
    await scriptOctober(test.target);
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it('prints the report and exits 0', async () => {
    const { code, stdout, stderr } = await runSitrep(['report', '--month', '2026-10', '--json'], env);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({ services: EXPECTED_OCTOBER.services });
  });

  it('reads the embedded database while sitrep serve holds it, through its socket', async () => {
    const slack = await startFakeSlackServer();
    const sitrep = await startSitrep({
      env: { ...env, ...fakeSlackEnv(slack) },
      readyWithinMs: 45_000,
    });
    try {
      const { code, stdout, stderr } = await runSitrep(['report', '--month', '2026-10', '--json'], env);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(stdout)).toMatchObject({ services: EXPECTED_OCTOBER.services });
    } finally {
      await sitrep.stop();
      await slack.close();
    }
  }, 90_000);

  it.each([
    [['--month', '2026-Q4'], 'sitrep: report: --month takes a month such as 2026-10; for 2026-Q4 use --quarter\n'],
    [['--quarter', '2026-10'], 'sitrep: report: --quarter takes a quarter such as 2026-Q4; for 2026-10 use --month\n'],
    [['--month', '2026-10', '--quarter', '2026-Q4'], 'sitrep: report: give --month or --quarter, not both\n'],
    [['--service'], expect.stringMatching(/^sitrep: report: Option '--service <value>' argument missing.*\n$/)],
    [['--format', 'json'], expect.stringMatching(/^sitrep: report: Unknown option '--format'.*\n$/)],
    [['checkout-api'], expect.stringMatching(/^sitrep: report: Unexpected argument 'checkout-api'.*\n$/)],
    [['--month', '2026-13'], expect.stringMatching(/^sitrep: `2026-13` is not a month.*\n$/)],
  ])('exits 2 with one line on a misuse: %j', async (args, stderr) => {
    const result = await runSitrep(['report', ...args], env);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr,
    });
  });

  it('exits 1 when the database cannot be reached', async () => {
    const result = await runSitrep(['report'], {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/nowhere',
      SITREP_CONFIG: 'sitrep.example.yml',
      LOG_LEVEL: 'silent',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^sitrep: report failed: .*Can't reach database server at 127\.0\.0\.1:9.*\n$/);
  });
});
