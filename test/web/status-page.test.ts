import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { databaseKinds } from '../support/database.ts';
import { seedIncident, seedOpenIncidentWithInternals } from '../support/incident-factory.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { STATUS_PAGE_LINES, writeUtcTeamConfig } from '../support/utc-team-config.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const INTERNAL_TITLE = 'Internal: rotating the payments database password <b>hush</b>';

const textOf = (page: string): string =>
  page
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([:,.])/g, '$1');

describe.each(databaseKinds)('the public status page on %s', (kind) => {
  let slack: SlackTest;
  let removeConfig: () => Promise<void>;
  beforeEach(async () => {
    const config = await writeUtcTeamConfig(STATUS_PAGE_LINES);
    removeConfig = config.remove;
    slack = await startSlackHarness(kind, { now: () => NOW, teamConfigPath: config.path });
  });
  afterEach(async () => {
    await slack.close();
    await removeConfig();
  });

  it('shows each service’s state now, its 90 days and its uptime, from the impact record and nothing internal', async () => {
    // Three days ago: 45 min of outage on checkout-api, over. Now: an outage of checkout-api since 11:00, and search
    // degraded since 11:30.
    await seedIncident(slack.prisma, {
      services: ['checkout-api'],
      declaredAt: '2026-11-20T10:05:00Z',
      resolvedAt: '2026-11-20T11:00:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-20T10:45:00Z' },
      ],
    });
    await seedOpenIncidentWithInternals(slack.prisma, {
      title: INTERNAL_TITLE,
      channelId: 'C0SECRET01',
      channelName: 'inc-2-secret',
    });

    const maintenance = (fields: { services: string[]; startsAt: string; endsAt: string; publicText: string }) =>
      slack.prisma.maintenance.create({
        data: {
          ...fields,
          id: randomUUID(),
          startsAt: new Date(fields.startsAt),
          endsAt: new Date(fields.endsAt),
          createdBy: EXAMPLE_PEOPLE.alice,
          requestKey: randomUUID(),
        },
      });
    await maintenance({
      services: ['search'],
      startsAt: '2026-11-23T11:45:00Z',
      endsAt: '2026-11-23T13:45:00Z',
      publicText: 'Rebuilding the search index.',
    });
    await maintenance({
      services: ['checkout-api'],
      startsAt: '2026-11-25T02:00:00Z',
      endsAt: '2026-11-25T03:30:00Z',
      publicText: 'Database upgrade; checkout may be slow.',
    });
    const published = await slack.type(
      'publish #2 title:"Card payments failing" We are looking into failed card payments.',
    );
    expect(published).toMatch(/Published/);

    const response = await fetch(`${slack.server.url}/status`);
    expect(response.status).toBe(200);
    const page = await response.text();
    const text = textOf(page);
    expect(text).toContain('Acme status');
    expect(text).toMatch(/Checkout ■ Partial outage/);
    expect(text).toMatch(/Search ▲ Degraded performance/);
    // 105 min of outage: over 30 days (43,200 min) 99.7569…%, over 90 days (129,600 min) 99.9189…%, rounded down.
    expect(text).toContain('Uptime 99.756% over 30 days, 99.918% over 90 days.');
    expect(text).toContain('Checkout: outage from Fri 20 Nov 2026 10:00 to Fri 20 Nov 2026 10:45 (45 minutes).');
    expect(text).toContain(
      'Scheduled maintenance Search (in progress): Mon 23 Nov 2026 11:45 to Mon 23 Nov 2026 13:45. Rebuilding the search index. Checkout: Wed 25 Nov 2026 02:00 to Wed 25 Nov 2026 03:30. Database upgrade; checkout may be slow.',
    );
    expect(text).toContain(
      'Under way Card payments failing Affects Checkout, Search. Investigating · Mon 23 Nov 2026 12:00 We are looking into failed card payments.',
    );
    expect(text).toContain(
      'Card payments failing. Checkout, Search: outage from Mon 23 Nov 2026 11:00, still going on (1 hour so far).',
    );
    for (const internal of [
      'rotating the payments',
      'hush',
      'checkout-api',
      'C0SECRET01',
      'inc-2-secret',
      EXAMPLE_PEOPLE.alice,
    ]) {
      expect(page).not.toContain(internal);
    }
  });
});
