import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIncidentListStore, type IncidentListStore } from '../../src/store/incident-list-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';

describe.each(databaseKinds)('the incidents list store on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let list: IncidentListStore;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    list = createIncidentListStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    const { prisma } = database;
    await prisma.incident.deleteMany();
    const declare = (title: string, day: number, services: string[], severity = 2) =>
      declareIncident(prisma, { title, services, severity, declaredAt: new Date(Date.UTC(2026, 10, day, 10)) });
    await declare('Checkout TIMEOUTS in eu-west', 2, ['checkout-api']);
    await declare('Search timeouts', 3, ['search'], 3);
    await declare('100% of checkout_api errors', 4, ['checkout-api', 'search']);
    await declare('1000 checkoutXapi errors', 5, ['checkout-api']);
    await declare('Ledger lag', 6, ['ledger'], 1);
    await prisma.incident.updateMany({ where: { title: 'Ledger lag' }, data: { status: 'resolved' } });
  });

  const titlesOf = async (filter: Parameters<IncidentListStore['search']>[0]) => {
    const page = await list.search(filter);
    return { titles: page.incidents.map((incident) => incident.title), total: page.total };
  };
  const all = { offset: 0, limit: 50 };

  it('finds titles holding every word, in any case, newest first', async () => {
    expect(await titlesOf({ ...all, query: 'timeout' })).toEqual({
      titles: ['Search timeouts', 'Checkout TIMEOUTS in eu-west'],
      total: 2,
    });
    expect(await titlesOf({ ...all, query: '  CHECKOUT   timeouts ' })).toEqual({
      titles: ['Checkout TIMEOUTS in eu-west'],
      total: 1,
    });
  });

  it('finds an incident by its new title once it is renamed, and no longer by the old one', async () => {
    await database.prisma.incident.updateMany({
      where: { title: 'Ledger lag' },
      data: { title: 'Ledger REPLICATION lag' },
    });
    expect((await titlesOf({ ...all, query: 'replication' })).titles).toEqual(['Ledger REPLICATION lag']);
    await database.prisma.incident.updateMany({
      where: { title: 'Ledger REPLICATION lag' },
      data: { title: 'Ledger' },
    });
    expect((await titlesOf({ ...all, query: 'replication' })).titles).toEqual([]);
  });

  it('reads % and _ typed in the search as letters, not wildcards', async () => {
    expect((await titlesOf({ ...all, query: '100%' })).titles).toEqual(['100% of checkout_api errors']);
    expect((await titlesOf({ ...all, query: 'checkout_api' })).titles).toEqual(['100% of checkout_api errors']);
  });

  it('filters by status, severity, service and declared period together with the search', async () => {
    expect((await titlesOf({ ...all, status: 'open', service: 'checkout-api', query: 'errors' })).titles).toEqual([
      '1000 checkoutXapi errors',
      '100% of checkout_api errors',
    ]);
    expect((await titlesOf({ ...all, status: 'resolved' })).titles).toEqual(['Ledger lag']);
    expect((await titlesOf({ ...all, severity: 3 })).titles).toEqual(['Search timeouts']);
    const november3to5 = { from: new Date('2026-11-03T00:00:00Z'), to: new Date('2026-11-05T00:00:00Z') };
    expect((await titlesOf({ ...all, ...november3to5, service: 'search' })).titles).toEqual([
      '100% of checkout_api errors',
      'Search timeouts',
    ]);
  });

  it('pages through the matches and counts them all, also on a page past the last', async () => {
    expect(await titlesOf({ offset: 1, limit: 2 })).toEqual({
      titles: ['1000 checkoutXapi errors', '100% of checkout_api errors'],
      total: 5,
    });
    expect(await titlesOf({ offset: 4, limit: 2 })).toEqual({ titles: ['Checkout TIMEOUTS in eu-west'], total: 5 });
    expect(await titlesOf({ offset: 10, limit: 2, query: 'errors' })).toEqual({ titles: [], total: 2 });
    expect(await titlesOf({ ...all, query: 'nothing like it' })).toEqual({ titles: [], total: 0 });
  });
});
