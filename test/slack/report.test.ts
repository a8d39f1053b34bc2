import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/database.ts';
import { seedDeploys, seedIncident } from '../support/incident-factory.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { writeUtcTeamConfig } from '../support/utc-team-config.ts';

const NOW = new Date('2026-11-23T12:00:00Z');

describe.each(databaseKinds)('/incident report on %s', (kind) => {
  // Alice types in #general.
  let slack: SlackTest;
  beforeEach(async () => {
    slack = await startSlackHarness(kind, { now: () => NOW });
    const { prisma } = slack;
    // Europe/Paris (sitrep.example.yml): October 2026 is 745 h, so checkout-api may be down 44.7 min at 99.9 %.
    await seedIncident(prisma, {
      services: ['checkout-api'],
      impactStartedAt: '2026-10-10T08:00:00Z',
      declaredAt: '2026-10-10T08:05:00Z',
      mitigatedAt: '2026-10-10T08:40:00Z',
      resolvedAt: '2026-10-10T09:00:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-10-10T08:00:00Z', endedAt: '2026-10-10T09:00:00Z' },
      ],
    });
    await seedDeploys(prisma, [{ service: 'checkout-api', occurredAt: '2026-10-10T07:00:00Z' }]);
  });
  afterEach(async () => {
    await slack.close();
  });

  it('answers with the report of a month, a breach in plain words', async () => {
    const answer = await slack.type('report checkout-api 2026-10');
    expect(answer).toContain('# SLA report · October 2026');
    expect(answer).toContain('*checkout-api* · October 2026 · target 99.9% · :red_circle: *SLA breached*');
    expect(answer).toContain('*Availability* 99.865% | *Downtime* 60 min of 44.7 min allowed');
    expect(answer).toContain('*Budget used* 134.2%, 15.3 min over | *Incidents* 1');
    expect(answer).toContain('*Mean time to detect · mitigate* 5 min · 35 min | *Mean time to resolve* 55 min');
    expect(answer).toContain('*Production deploys* 1 (0.2 a week) | *Change failure rate* 100%');
    expect(answer).not.toContain('search');
  });

  it('answers with every service over its current SLA window by default', async () => {
    const answer = await slack.type('report');
    expect(answer).toContain(
      '*checkout-api* · November 2026 so far · target 99.9% · :large_green_circle: within the SLA',
    );
    expect(answer).toContain('*search* · Q4 2026 so far · target 99.5% · :large_green_circle: within the SLA');
  });

  it('says what is wrong with a period or a service', async () => {
    expect(await slack.type('report 2026-13')).toBe(
      '`2026-13` is not a month: months go from 01 to 12. Write a month as `2026-10` or a quarter as `2026-Q4`.',
    );
    expect(await slack.type('report 2027-Q1')).toBe(
      'Q1 2027 has not started yet: a report covers a period that has begun.',
    );
    expect(await slack.type('report chekout-api')).toMatch(/Did you mean `checkout-api`\?/);
  });
});

describe.each(databaseKinds)('/incident report of a month still running, on %s', (kind) => {
  // A team in UTC: November is 30 days, 43.2 min allowed at 99.9 %.
  const clock = createTestClock('2026-11-02T00:00:00Z');
  let slack: SlackTest;
  let removeConfig: () => Promise<void>;
  beforeEach(async () => {
    const config = await writeUtcTeamConfig();
    removeConfig = config.remove;
    slack = await startSlackHarness(kind, { now: clock.now, teamConfigPath: config.path });
    await seedIncident(slack.prisma, {
      services: ['checkout-api'],
      impactStartedAt: '2026-11-01T10:00:00Z',
      declaredAt: '2026-11-01T10:05:00Z',
      resolvedAt: '2026-11-01T12:00:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-11-01T10:00:00Z', endedAt: '2026-11-01T12:00:00Z' },
      ],
    });
    await seedDeploys(
      slack.prisma,
      ['2026-11-01T08:00:00Z', '2026-11-01T15:00:00Z', '2026-11-01T18:00:00Z'].map((occurredAt) => ({
        service: 'checkout-api',
        occurredAt,
      })),
    );
  });
  afterEach(async () => {
    await slack.close();
    await removeConfig();
  });

  it('reads availability over the days gone by, the budget over the whole month, deploys over the weeks gone by', async () => {
    clock.set('2026-11-02T00:00:00Z');
    const dayTwo = await slack.type('report checkout-api');
    // 2 h down of the first 24 h: 91.7 %, not the 99.72 % of a whole month.
    expect(dayTwo).toContain(
      '*Availability so far (1 day of 30)* 91.666% | *Downtime* 120 min of 43.2 min allowed in all of November',
    );
    expect(dayTwo).toContain('*Budget used for all of November* 277.8%, 76.8 min over | *Incidents* 1');
    // The first week counts as one: three deploys on the first day are three a week, not 21.
    expect(dayTwo).toContain('*Production deploys* 3 (3 a week)');

    clock.set('2026-11-15T00:00:00Z');
    const halfway = await slack.type('report checkout-api');
    // 120 min of 14 days (20,160 min); three deploys over two weeks, not over the month's 4.3.
    expect(halfway).toContain(
      '*Availability so far (14 days of 30)* 99.404% | *Downtime* 120 min of 43.2 min allowed in all of November',
    );
    expect(halfway).toContain('*Production deploys* 3 (1.5 a week)');

    clock.set('2026-12-02T00:00:00Z');
    const over = await slack.type('report checkout-api 2026-11');
    expect(over).toContain('*Availability* 99.722% | *Downtime* 120 min of 43.2 min allowed');
    expect(over).toContain('*Budget used* 277.8%, 76.8 min over');
    expect(over).toContain('*Production deploys* 3 (0.7 a week)');
  });
});
