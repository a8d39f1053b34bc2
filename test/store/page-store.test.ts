import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIncidentStore, type IncidentStore } from '../../src/store/incident-store.ts';
import type { NewPage } from '../../src/store/page-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { DECLARED_AT, declaredRecord, newIncident } from '../support/incident-factory.ts';

const ALICE = 'U05ALICE01';
const at = (ms: number): Date => new Date(DECLARED_AT.getTime() + ms);

const page = (service: string, ms: number, reason: string | null = null): NewPage => ({
  service,
  reason,
  pagedBy: ALICE,
  pagedAt: at(ms),
  timelineText: `:pager: Paged the ${service} on-call through PagerDuty (SEV2).`,
});

describe.each(databaseKinds)('the pages of an incident, on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let incidents: IncidentStore;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    incidents = createIncidentStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.incident.deleteMany();
  });

  const change = (incidentId: string, ms: number, pages: Parameters<IncidentStore['applyChange']>[0]['pages']) =>
    incidents.applyChange({
      incidentId,
      timeline: { naturalKey: `change-${ms}`, source: 'lifecycle', occurredAt: at(ms), actorId: ALICE, text: 'x' },
      effects: [],
      ...(pages ? { pages } : {}),
    });

  it('records the pages written with a declare, each with its timeline line', async () => {
    const incident = newIncident();
    await incidents.declare(incident, {
      ...declaredRecord(incident),
      pages: [page('search', 0), page('checkout-api', 0)],
    });
    expect(await incidents.listPaged(incident.id)).toEqual(['checkout-api', 'search']);
    const lines = await database.prisma.timelineEntry.count({
      where: { incidentId: incident.id, text: { startsWith: ':pager:' } },
    });
    expect(lines).toBe(2);
  });

  it('refuses to page a service whose page is open, and pages it again once resolved', async () => {
    const incident = newIncident();
    await incidents.declare(incident, declaredRecord(incident));
    await change(incident.id, 1_000, { trigger: [page('search', 1_000, 'slow')] });
    await expect(change(incident.id, 2_000, { trigger: [page('search', 2_000)] })).rejects.toMatchObject({
      code: 'NO_CHANGE',
    });
    await change(incident.id, 3_000, { resolve: ['search'], at: at(3_000) });
    expect(await incidents.listPaged(incident.id)).toEqual([]);
    await change(incident.id, 4_000, { trigger: [page('search', 4_000, 'back')] });
    expect(await incidents.listPaged(incident.id)).toEqual(['search']);
    expect(await database.prisma.incidentPage.findMany({ select: { reason: true, resolvedAt: true } })).toEqual([
      { reason: 'back', resolvedAt: null },
    ]);
  });

  it('refuses a resolution that would leave a page open (a service paged since the pages were read)', async () => {
    const incident = newIncident();
    await incidents.declare(incident, { ...declaredRecord(incident), pages: [page('search', 0)] });
    await change(incident.id, 1_000, { trigger: [page('checkout-api', 1_000)] });
    await expect(change(incident.id, 2_000, { resolve: ['search'], at: at(2_000) })).rejects.toMatchObject({
      code: 'NO_CHANGE',
    });
    expect(await incidents.listPaged(incident.id)).toEqual(['checkout-api', 'search']);
  });
});
