import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReportStore, type ReportStore } from '../../src/store/report-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedDeploys, seedIncident } from '../support/incident-factory.ts';

const OCTOBER = {
  start: new Date('2026-10-01T00:00:00Z'),
  end: new Date('2026-11-01T00:00:00Z'),
  changeFailureWindowMs: 24 * 3_600_000,
};

describe.each(databaseKinds)('the report store on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let reports: ReportStore;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    reports = createReportStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.incident.deleteMany();
    await database.prisma.deployEvent.deleteMany();
    const { prisma } = database;
    ids.acrossStart = await seedIncident(prisma, {
      services: ['checkout-api'],
      declaredAt: '2026-09-30T23:10:00Z',
      impactStartedAt: '2026-09-30T23:00:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-09-30T23:00:00Z', endedAt: '2026-10-01T01:00:00Z' },
        // Ends exactly where October starts: nothing of it is in the period.
        {
          service: 'checkout-api',
          kind: 'degraded',
          startedAt: '2026-09-30T22:00:00Z',
          endedAt: '2026-10-01T00:00:00Z',
        },
      ],
    });
    ids.declaredInOctober = await seedIncident(prisma, {
      services: ['checkout-api', 'search'],
      declaredAt: '2026-10-05T10:00:00Z',
      impactStartedAt: '2026-10-05T09:50:00Z',
      mitigatedAt: '2026-10-05T10:30:00Z',
      resolvedAt: '2026-10-05T12:00:00Z',
      windows: [
        { service: 'search', kind: 'degraded', startedAt: '2026-10-05T09:50:00Z', endedAt: '2026-10-05T10:30:00Z' },
      ],
    });
    ids.stillOpen = await seedIncident(prisma, {
      services: ['checkout-api'],
      declaredAt: '2026-10-31T22:00:00Z',
      windows: [{ service: 'checkout-api', kind: 'outage', startedAt: '2026-10-31T22:00:00Z' }],
    });
    ids.rightAfter = await seedIncident(prisma, {
      services: ['checkout-api'],
      declaredAt: '2026-11-01T10:00:00Z',
      windows: [
        { service: 'checkout-api', kind: 'outage', startedAt: '2026-11-01T00:00:00Z', endedAt: '2026-11-01T02:00:00Z' },
      ],
    });
    ids.tooLate = await seedIncident(prisma, { services: ['checkout-api'], declaredAt: '2026-11-02T00:00:00Z' });
    ids.otherService = await seedIncident(prisma, {
      services: ['ledger'],
      declaredAt: '2026-10-08T10:00:00Z',
      windows: [
        { service: 'ledger', kind: 'outage', startedAt: '2026-10-08T10:00:00Z', endedAt: '2026-10-08T11:00:00Z' },
      ],
    });
    await seedDeploys(prisma, [
      { service: 'checkout-api', occurredAt: '2026-10-01T00:00:00Z' },
      { service: 'checkout-api', occurredAt: '2026-10-02T09:00:00Z', environment: 'Prod' },
      { service: 'checkout-api', occurredAt: '2026-10-03T09:00:00Z', environment: 'staging' },
      { service: 'checkout-api', occurredAt: '2026-10-04T09:00:00Z', status: 'failed' },
      { service: 'checkout-api', occurredAt: '2026-10-04T09:30:00Z', status: 'started' },
      { service: 'checkout-api', occurredAt: '2026-11-01T00:00:00Z' },
      { service: 'checkout-api', occurredAt: '2026-09-30T23:59:59.999Z' },
      { service: 'search', occurredAt: '2026-10-06T09:00:00Z' },
    ]);
  });

  const sortedBy = <T>(rows: T[], key: (row: T) => string) => rows.toSorted((a, b) => key(a).localeCompare(key(b)));

  it('reads the windows overlapping the period, open ones included, and nothing of other services', async () => {
    const { spans } = await reports.readFacts({ services: ['checkout-api'], ...OCTOBER });
    expect(sortedBy(spans, (span) => span.startedAt.toISOString())).toEqual([
      {
        service: 'checkout-api',
        kind: 'outage',
        startedAt: new Date('2026-09-30T23:00:00Z'),
        endedAt: new Date('2026-10-01T01:00:00Z'),
        incidentId: ids.acrossStart,
      },
      {
        service: 'checkout-api',
        kind: 'outage',
        startedAt: new Date('2026-10-31T22:00:00Z'),
        endedAt: null,
        incidentId: ids.stillOpen,
      },
    ]);
  });

  it('reads impact windows from an earlier instant when asked, and the incidents and deploys of the period still', async () => {
    const wider = await reports.readFacts({
      services: ['checkout-api'],
      ...OCTOBER,
      impactFrom: new Date('2026-09-30T21:00:00Z'),
    });
    const october = await reports.readFacts({ services: ['checkout-api'], ...OCTOBER });
    expect(wider.spans.map((span) => `${span.kind} ${span.startedAt.toISOString()}`).toSorted()).toEqual([
      'degraded 2026-09-30T22:00:00.000Z',
      'outage 2026-09-30T23:00:00.000Z',
      'outage 2026-10-31T22:00:00.000Z',
    ]);
    expect(wider.incidents).toEqual(october.incidents);
    expect(wider.deploys).toEqual(october.deploys);
  });

  it('reads the incidents declared in the period and those that start within the change-failure window after it', async () => {
    const { incidents } = await reports.readFacts({ services: ['checkout-api'], ...OCTOBER });
    expect(sortedBy(incidents, (incident) => incident.declaredAt.toISOString())).toEqual([
      {
        id: ids.declaredInOctober,
        services: ['checkout-api'],
        impactStartedAt: new Date('2026-10-05T09:50:00Z'),
        declaredAt: new Date('2026-10-05T10:00:00Z'),
        mitigatedAt: new Date('2026-10-05T10:30:00Z'),
        resolvedAt: new Date('2026-10-05T12:00:00Z'),
      },
      {
        id: ids.stillOpen,
        services: ['checkout-api'],
        impactStartedAt: null,
        declaredAt: new Date('2026-10-31T22:00:00Z'),
        mitigatedAt: null,
        resolvedAt: null,
      },
      {
        id: ids.rightAfter,
        services: ['checkout-api'],
        impactStartedAt: null,
        declaredAt: new Date('2026-11-01T10:00:00Z'),
        mitigatedAt: null,
        resolvedAt: null,
      },
    ]);
  });

  it('reads only the succeeded production deploys of the period', async () => {
    const { deploys } = await reports.readFacts({ services: ['checkout-api'], ...OCTOBER });
    expect(sortedBy(deploys, (deploy) => deploy.occurredAt.toISOString())).toEqual([
      { service: 'checkout-api', environment: 'production', status: 'succeeded', occurredAt: OCTOBER.start },
      {
        service: 'checkout-api',
        environment: 'Prod',
        status: 'succeeded',
        occurredAt: new Date('2026-10-02T09:00:00Z'),
      },
    ]);
  });

  it('reads several services at once, an incident of two of them once with both names', async () => {
    const facts = await reports.readFacts({ services: ['checkout-api', 'search'], ...OCTOBER });
    expect(facts.spans.map((span) => span.service).toSorted()).toEqual(['checkout-api', 'checkout-api', 'search']);
    expect(facts.incidents.find((incident) => incident.id === ids.declaredInOctober)?.services).toEqual([
      'checkout-api',
      'search',
    ]);
    expect(facts.incidents).toHaveLength(3);
    expect(facts.deploys.map((deploy) => deploy.service).toSorted()).toEqual([
      'checkout-api',
      'checkout-api',
      'search',
    ]);
  });
});
