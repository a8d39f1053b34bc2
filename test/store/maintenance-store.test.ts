import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../src/domain/maintenance/maintenance-window.ts';
import {
  createMaintenanceStore,
  type MaintenanceStore,
  type NewMaintenance,
  newMaintenanceId,
} from '../../src/store/maintenance-store.ts';
import { createReportStore } from '../../src/store/report-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';

const ALICE = 'U05ALICE01';
const NOW = new Date('2026-12-09T15:00:00Z');

const newWindow = (overrides: Partial<NewMaintenance> = {}): NewMaintenance => ({
  id: newMaintenanceId(),
  services: ['checkout-api', 'search'],
  startsAt: new Date('2026-12-10T01:00:00Z'),
  endsAt: new Date('2026-12-10T02:30:00Z'),
  publicText: 'Database upgrade',
  createdBy: ALICE,
  createdAt: NOW,
  requestKey: randomUUID(),
  ...overrides,
});

const announce = (text: string) => (window: MaintenanceWindow) => [
  { dedupeKey: `maintenance:${window.id}:${text}`, effect: { kind: 'announcements.post' as const, text } },
];

describe.each(databaseKinds)('the maintenance store on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let store: MaintenanceStore;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    store = createMaintenanceStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.maintenance.deleteMany();
    await database.prisma.outboxMessage.deleteMany();
  });

  const schedule = (maintenance: NewMaintenance) =>
    store.schedule({ maintenance, effects: announce(maintenance.publicText), now: NOW });

  it('writes a window with its announcement, numbered, and gives it back as written', async () => {
    const { window, created } = await schedule(newWindow());
    expect(created).toBe(true);
    expect(window).toMatchObject({
      services: ['checkout-api', 'search'],
      startsAt: new Date('2026-12-10T01:00:00Z'),
      endsAt: new Date('2026-12-10T02:30:00Z'),
      publicText: 'Database upgrade',
      createdBy: ALICE,
      cancelledAt: null,
    });
    expect(window.number).toBeGreaterThanOrEqual(1);
    expect(await store.find({ number: window.number })).toEqual(window);
    expect(await store.find({ id: window.id })).toEqual(window);
    const outbox = await database.prisma.outboxMessage.findMany();
    expect(outbox).toMatchObject([{ kind: 'announcements.post', orderingKey: 'announcements' }]);
  });

  it('writes once for the same request key, also when both copies arrive together', async () => {
    const requestKey = randomUUID();
    const copies = await Promise.all([
      schedule(newWindow({ requestKey })),
      schedule(newWindow({ requestKey, publicText: 'The second copy' })),
    ]);
    expect(copies.map(({ created }) => created).toSorted()).toEqual([false, true]);
    expect(copies[0]?.window.id).toBe(copies[1]?.window.id);
    expect(await database.prisma.maintenance.count()).toBe(1);
    expect(await database.prisma.outboxMessage.count()).toBe(1);
  });

  it('lists the windows overlapping a range by start, by service, without those cancelled before they began', async () => {
    const at = (time: string) => new Date(`2026-12-10T${time}:00Z`);
    const early = await schedule(newWindow({ startsAt: at('01:00'), endsAt: at('02:00'), services: ['search'] }));
    const late = await schedule(newWindow({ startsAt: at('05:00'), endsAt: at('06:00') }));
    const dropped = await schedule(newWindow({ startsAt: at('03:00'), endsAt: at('04:00') }));
    const cut = await schedule(newWindow({ startsAt: at('02:30'), endsAt: at('04:30') }));
    expect(
      await store.cancel({
        ref: { number: dropped.window.number },
        at: at('02:00'),
        by: ALICE,
        effects: announce('off'),
      }),
    ).toBe(true);
    expect(
      await store.cancel({ ref: { id: dropped.window.id }, at: at('02:10'), by: ALICE, effects: announce('off') }),
    ).toBe(false);
    // Cancelled while in progress: it ran from 02:30 to 03:00.
    await store.cancel({ ref: { id: cut.window.id }, at: at('03:00'), by: ALICE, effects: announce('ended') });

    const ids = async (from: string, to: string, services?: string[]) =>
      (
        await store.listMaintenance({ from: at(from), to: at(to), ...(services === undefined ? {} : { services }) })
      ).map((window) => window.id);
    expect(await ids('00:00', '23:00')).toEqual([early.window.id, cut.window.id, late.window.id]);
    expect(await ids('00:00', '23:00', ['checkout-api'])).toEqual([cut.window.id, late.window.id]);
    // [02:00, 05:00): `early` ends where it starts, `late` starts where it ends; `cut` ended at 03:00.
    expect(await ids('02:00', '05:00')).toEqual([cut.window.id]);
    expect(await ids('03:00', '05:00')).toEqual([]);
    expect(await database.prisma.outboxMessage.count()).toBe(6);
  });

  it('gives the report the windows of its services overlapping the period, as they ran', async () => {
    const at = (time: string) => new Date(`2026-12-10T${time}:00Z`);
    await schedule(newWindow({ startsAt: at('01:00'), endsAt: at('02:00'), services: ['search'] }));
    await schedule(newWindow({ startsAt: at('01:00'), endsAt: at('02:00'), services: ['ledger'] }));
    const cancelled = await schedule(newWindow({ startsAt: at('03:00'), endsAt: at('04:00') }));
    await store.cancel({ ref: { id: cancelled.window.id }, at: at('02:00'), by: ALICE, effects: announce('off') });
    // A window across the period's start.
    await schedule(newWindow({ startsAt: new Date('2026-11-30T23:00:00Z'), endsAt: new Date('2026-12-01T01:00:00Z') }));
    await schedule(newWindow({ startsAt: new Date('2027-01-01T00:00:00Z'), endsAt: new Date('2027-01-01T01:00:00Z') }));
    const { maintenance } = await createReportStore(database.prisma).readFacts({
      services: ['checkout-api', 'search'],
      start: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
      changeFailureWindowMs: 0,
    });
    expect(maintenance).toEqual([
      {
        services: ['checkout-api', 'search'],
        startsAt: new Date('2026-11-30T23:00:00Z'),
        endsAt: new Date('2026-12-01T01:00:00Z'),
        cancelledAt: null,
      },
      { services: ['search'], startsAt: at('01:00'), endsAt: at('02:00'), cancelledAt: null },
    ]);
  });
});
