import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReportStore, type ReportFacts, type ReportStore } from '../../src/store/report-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedDeploys, seedIncident } from '../support/incident-factory.ts';

// The report store keeps facts dated before the day before yesterday in memory, on the database's own clock, and
// reads them again when a trigger counted a change to one. These tests date their rows from the real clock, as the
// database does, and compare every read of one long-lived store with a new store's, which has nothing in memory.

const DAY = 86_400_000;
const daysAgo = (days: number, hour = 10): string =>
  new Date(Math.floor(Date.now() / DAY) * DAY - days * DAY + hour * 3_600_000).toISOString();

const RANGE = {
  services: ['checkout-api', 'search'],
  start: new Date(daysAgo(80, 0)),
  end: new Date(daysAgo(-2, 0)),
  impactFrom: new Date(daysAgo(100, 0)),
  changeFailureWindowMs: DAY,
};

/** The facts in one order, whatever order the reads returned them in. */
const sorted = (facts: ReportFacts) => {
  const by = <T>(rows: T[]) => rows.toSorted((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    spans: by(facts.spans),
    incidents: by(facts.incidents),
    deploys: by(facts.deploys),
    maintenance: by(facts.maintenance),
  };
};

describe.each(databaseKinds)('the report store keeping older facts in memory, on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let kept: ReportStore;
  const ids = { old: '', older: '', today: '' };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    const { prisma } = database;
    await prisma.incident.deleteMany();
    await prisma.deployEvent.deleteMany();
    kept = createReportStore(prisma);
    ids.old = await seedIncident(prisma, {
      services: ['checkout-api'],
      declaredAt: daysAgo(40),
      impactStartedAt: daysAgo(40, 9),
      windows: [{ service: 'checkout-api', kind: 'outage', startedAt: daysAgo(40, 9) }],
    });
    ids.older = await seedIncident(prisma, {
      services: ['checkout-api', 'search'],
      declaredAt: daysAgo(70),
      mitigatedAt: daysAgo(70, 11),
      resolvedAt: daysAgo(70, 12),
      windows: [
        { service: 'search', kind: 'degraded', startedAt: daysAgo(70), endedAt: daysAgo(70, 11) },
        { service: 'checkout-api', kind: 'outage', startedAt: daysAgo(70), endedAt: daysAgo(70, 12) },
      ],
    });
    ids.today = await seedIncident(prisma, {
      services: ['search'],
      declaredAt: daysAgo(0, 0),
      windows: [{ service: 'search', kind: 'outage', startedAt: daysAgo(0, 0) }],
    });
    await seedDeploys(prisma, [
      { service: 'checkout-api', occurredAt: daysAgo(39) },
      { service: 'search', occurredAt: daysAgo(65) },
      { service: 'search', occurredAt: daysAgo(0, 0) },
    ]);
  });

  const expectSameAsAFreshRead = async () => {
    const fresh = createReportStore(database.prisma);
    expect(sorted(await kept.readFacts(RANGE))).toEqual(sorted(await fresh.readFacts(RANGE)));
  };
  const version = async () => {
    const rows = await database.prisma.serviceFactVersion.findMany({ orderBy: { service: 'asc' } });
    return rows.map((row) => `${row.service} ${row.version}`);
  };

  it('answers from memory until an older fact changes: a change the triggers do not see goes unnoticed', async () => {
    const first = sorted(await kept.readFacts(RANGE));
    expect(first.spans).toHaveLength(4);
    // With the triggers off (a replica's replication role), closing the old window is invisible to the kept facts:
    // proof that they came from memory, and that the triggers are what keep them right.
    await database.prisma.$transaction([
      database.prisma.$executeRaw`SET LOCAL session_replication_role = replica`,
      database.prisma.impactWindow.updateMany({ where: { incidentId: ids.old }, data: { endedAt: daysAgo(40, 11) } }),
    ]);
    expect(sorted(await kept.readFacts(RANGE))).toEqual(first);
    const fresh = sorted(await createReportStore(database.prisma).readFacts(RANGE));
    expect(fresh.spans.find((span) => span.incidentId === ids.old)?.endedAt).toEqual(new Date(daysAgo(40, 11)));
  });

  it('gives each range exactly its own facts from one kept read of the whole month, edges included', async () => {
    const { prisma } = database;
    await prisma.incident.deleteMany();
    await prisma.deployEvent.deleteMany();
    // A month well before the boundary, read from its start; two ranges inside it share that read.
    const now = new Date();
    const month = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 4, 1);
    const day = (days: number, ms = 0) => new Date(month + days * DAY + ms).toISOString();
    const range = { services: ['checkout-api'], changeFailureWindowMs: DAY };
    const first = { ...range, start: new Date(day(14)), end: new Date(day(20)), impactFrom: new Date(day(10)) };
    const second = { ...range, start: new Date(day(12)), end: new Date(day(21)), impactFrom: new Date(day(11)) };
    await seedDeploys(prisma, [
      { service: 'checkout-api', occurredAt: day(5), version: 'before both' },
      { service: 'checkout-api', occurredAt: day(12), version: 'at the second start' },
      { service: 'checkout-api', occurredAt: day(14), version: 'at the first start' },
      { service: 'checkout-api', occurredAt: day(20), version: 'at the first end' },
      { service: 'checkout-api', occurredAt: day(21, -1), version: 'just before the second end' },
    ]);
    const window = (startedAt: string, endedAt?: string) => ({
      services: ['checkout-api'],
      declaredAt: startedAt,
      windows: [{ service: 'checkout-api', kind: 'outage' as const, startedAt, ...(endedAt ? { endedAt } : {}) }],
    });
    const endsAtFirstImpactFrom = await seedIncident(prisma, window(day(2), day(10)));
    const endsJustAfter = await seedIncident(prisma, window(day(3), day(10, 1)));
    const stillOpen = await seedIncident(prisma, window(day(4)));
    const impactAfterFirstWindow = await seedIncident(prisma, {
      services: ['checkout-api'],
      declaredAt: day(8),
      impactStartedAt: day(21, 12 * 3_600_000),
    });
    const readDeploys = async (store: ReportStore, asked: typeof first) =>
      (await store.readFacts(asked)).deploys.map((deploy) => deploy.occurredAt.toISOString()).toSorted();
    const readSpans = async (store: ReportStore, asked: typeof first) =>
      (await store.readFacts(asked)).spans.map((span) => span.incidentId).toSorted();
    const readIncidents = async (store: ReportStore, asked: typeof first) =>
      (await store.readFacts(asked)).incidents.map((incident) => incident.id).toSorted();

    for (const store of [kept, kept, createReportStore(prisma)]) {
      expect(await readDeploys(store, first)).toEqual([day(14)]);
      expect(await readDeploys(store, second)).toEqual([day(12), day(14), day(20), day(21, -1)]);
      expect(await readSpans(store, first)).toEqual([endsJustAfter, stillOpen].toSorted());
      expect(await readSpans(store, second)).toEqual([stillOpen]);
      // Declared before both ranges, its impact starts a day and a half after the first one's end, within a day of
      // the second one's.
      expect(await readIncidents(store, first)).toEqual([]);
      expect(await readIncidents(store, second)).toEqual([impactAfterFirstWindow]);
    }
    expect(endsAtFirstImpactFrom).toBeDefined();
  });

  it('reads the older facts again after each kind of change to them', async () => {
    const { prisma } = database;
    await expectSameAsAFreshRead();
    // An old window that ends now.
    await prisma.impactWindow.updateMany({ where: { incidentId: ids.old }, data: { endedAt: new Date() } });
    await expectSameAsAFreshRead();
    // A deploy sent late, dated weeks ago.
    await seedDeploys(prisma, [{ service: 'checkout-api', occurredAt: daysAgo(30) }]);
    await expectSameAsAFreshRead();
    // An old incident mitigated and resolved only now.
    await prisma.incident.update({
      where: { id: ids.old },
      data: { mitigatedAt: new Date(), resolvedAt: new Date(), status: 'resolved' },
    });
    await expectSameAsAFreshRead();
    // A service added to an old incident, and one taken from another.
    await prisma.incidentService.create({ data: { incidentId: ids.old, service: 'search' } });
    await expectSameAsAFreshRead();
    await prisma.incidentService.delete({
      where: { incidentId_service: { incidentId: ids.older, service: 'search' } },
    });
    await expectSameAsAFreshRead();
    // A window moved from today into the past, and a deploy moved the other way.
    await prisma.impactWindow.updateMany({ where: { incidentId: ids.today }, data: { startedAt: daysAgo(20) } });
    await expectSameAsAFreshRead();
    await prisma.deployEvent.updateMany({
      where: { occurredAt: new Date(daysAgo(65)) },
      data: { occurredAt: new Date() },
    });
    await expectSameAsAFreshRead();
    // An old window added to an old incident, then the incident deleted, its windows and services with it.
    await prisma.impactWindow.create({
      data: {
        id: randomUUID(),
        incidentId: ids.older,
        service: 'checkout-api',
        kind: 'degraded',
        startedAt: new Date(daysAgo(70, 13)),
        endedAt: new Date(daysAgo(70, 14)),
        createdBy: 'U0ALICE',
      },
    });
    await expectSameAsAFreshRead();
    await prisma.incident.delete({ where: { id: ids.older } });
    await expectSameAsAFreshRead();
    // An operator emptying a table, which names no service.
    await prisma.$executeRaw`TRUNCATE "DeployEvent"`;
    await expectSameAsAFreshRead();
  });

  it('counts no change for facts of today and yesterday, which every read takes afresh', async () => {
    const { prisma } = database;
    await kept.readFacts(RANGE);
    const before = await version();
    await seedDeploys(prisma, [
      { service: 'search', occurredAt: new Date().toISOString() },
      { service: 'checkout-api', occurredAt: daysAgo(1, 1) },
    ]);
    await prisma.impactWindow.updateMany({ where: { incidentId: ids.today }, data: { endedAt: new Date() } });
    await prisma.incident.update({ where: { id: ids.today }, data: { mitigatedAt: new Date() } });
    const recent = await seedIncident(prisma, {
      services: ['checkout-api'],
      declaredAt: new Date().toISOString(),
      windows: [{ service: 'checkout-api', kind: 'degraded', startedAt: new Date().toISOString() }],
    });
    expect(await version()).toEqual(before);
    await expectSameAsAFreshRead();
    const { incidents } = await kept.readFacts(RANGE);
    expect(incidents.map((incident) => incident.id)).toContain(recent);
  });

  it('keeps a status change that moves none of the instants a report reads from counting as a change', async () => {
    const { prisma } = database;
    const before = await version();
    await prisma.incident.update({ where: { id: ids.old }, data: { severity: 1, status: 'identified' } });
    expect(await version()).toEqual(before);
    await prisma.incident.update({ where: { id: ids.old }, data: { mitigatedAt: new Date() } });
    expect(await version()).not.toEqual(before);
  });
});
