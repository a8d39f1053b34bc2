import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyEffects } from '../../src/domain/outbox/outbox-effect.ts';
import type { ImpactSpan } from '../../src/domain/sla/downtime.ts';
import {
  type BudgetWrites,
  createImpactStore,
  type ImpactChange,
  type ImpactStore,
  newImpactWindowId,
  type Resolution,
} from '../../src/store/impact-store.ts';
import { createIncidentStore, type IncidentStore } from '../../src/store/incident-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';

const BOB = 'U05BOB0002';
const at = (time: string) => new Date(`2026-11-23T${time}:00Z`);

describe.each(databaseKinds)('the impact store on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let impacts: ImpactStore;
  let incidents: IncidentStore;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    impacts = createImpactStore(database.prisma);
    incidents = createIncidentStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.incident.deleteMany();
    await database.prisma.outboxMessage.deleteMany();
    await database.prisma.budgetAnnouncement.deleteMany();
  });

  /** An incident of checkout-api declared and led by BOB at 21:00. */
  const declare = async (): Promise<string> =>
    (await declareIncident(database.prisma, { declaredBy: BOB, declaredAt: at('21:00') })).id;

  const start = (incidentId: string, { service = 'checkout-api', time = '22:00', key = randomUUID() } = {}) => {
    const change: ImpactChange = {
      incidentId,
      recordedAt: at('22:40'),
      close: [],
      open: [{ id: newImpactWindowId(), service, kind: 'outage', startedAt: at(time), endedAt: null, createdBy: BOB }],
      timeline: { naturalKey: `impact:${key}`, source: 'impact', occurredAt: at(time), actorId: BOB, text: 'outage' },
      effects: keyEffects(`${incidentId}:impact:${key}`, [{ kind: 'incident.post', incidentId, text: 'outage' }]),
    };
    return impacts.applyImpactChange(change);
  };

  const resolution = (
    incidentId: string,
    overrides: Partial<Resolution> & { plan?: (spans: ImpactSpan[]) => BudgetWrites } = {},
  ): Resolution => {
    const { plan = () => ({ effects: [], announcements: [] }), ...rest } = overrides;
    return {
      change: {
        incidentId,
        expectedStatus: 'investigating',
        data: { status: 'resolved', resolvedAt: at('22:40') },
        timeline: {
          naturalKey: 'resolved',
          source: 'lifecycle',
          occurredAt: at('22:40'),
          actorId: BOB,
          text: 'resolved',
        },
        effects: keyEffects(`${incidentId}:resolved`, [{ kind: 'incident.post', incidentId, text: 'resolved' }]),
      },
      close: [],
      expectNoWindows: false,
      entries: [],
      budget: { scopes: [{ service: 'checkout-api', from: at('00:00'), to: at('23:59') }], plan },
      ...rest,
    };
  };

  const counts = async () => ({
    windows: await database.prisma.impactWindow.count(),
    entries: await database.prisma.timelineEntry.count({ where: { source: { not: 'lifecycle' } } }),
    outbox: await database.prisma.outboxMessage.count(),
  });

  it('keeps one open window per service and incident, even when two changes race', async () => {
    const incidentId = await declare();
    const results = await Promise.allSettled([start(incidentId), start(incidentId)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'NO_CHANGE' } });
    expect(await counts()).toEqual({ windows: 1, entries: 1, outbox: 1 });
  });

  it('applies one request once: a copy racing it or coming after it changes nothing and says so', async () => {
    const incidentId = await declare();
    const key = randomUUID();
    expect(await impacts.wasApplied(incidentId, `impact:${key}`)).toBe(false);
    expect((await Promise.all([start(incidentId, { key }), start(incidentId, { key })])).sort()).toEqual([false, true]);
    expect(await impacts.wasApplied(incidentId, `impact:${key}`)).toBe(true);
    expect(await start(incidentId, { key })).toBe(false);
    expect(await counts()).toEqual({ windows: 1, entries: 1, outbox: 1 });
  });

  it('refuses to close a window that is no longer open, writing nothing', async () => {
    const incidentId = await declare();
    await start(incidentId);
    const [window] = await impacts.listForIncident(incidentId);
    if (!window) throw new Error('no window');
    await database.prisma.impactWindow.update({ where: { id: window.id }, data: { endedAt: at('22:30') } });
    await expect(
      impacts.applyImpactChange({
        incidentId,
        recordedAt: at('22:40'),
        close: [{ id: window.id, endedAt: at('22:35') }],
        open: [],
        timeline: { naturalKey: 'impact:end', source: 'impact', occurredAt: at('22:35'), actorId: BOB, text: 'end' },
        effects: [],
      }),
    ).rejects.toMatchObject({ code: 'NO_CHANGE' });
    expect(await counts()).toEqual({ windows: 1, entries: 1, outbox: 1 });
  });

  it('records no impact on a resolved incident', async () => {
    const incidentId = await declare();
    await impacts.resolve(resolution(incidentId, { expectNoWindows: true }));
    await expect(start(incidentId)).rejects.toMatchObject({ code: 'INCIDENT_RESOLVED' });
    expect((await counts()).windows).toBe(0);
  });

  it('reads for the budget only the scoped service’s windows that overlap its period, after closing', async () => {
    const incidentId = await declare();
    await start(incidentId, { time: '22:00' });
    await start(incidentId, { service: 'search', time: '22:05' });
    const other = await declare();
    await start(other, { time: '10:00' });
    await database.prisma.impactWindow.updateMany({ where: { incidentId: other }, data: { endedAt: at('10:20') } });
    const before = await declare();
    await database.prisma.impactWindow.create({
      data: {
        id: newImpactWindowId(),
        incidentId: before,
        service: 'checkout-api',
        kind: 'outage',
        startedAt: new Date('2026-11-22T10:00:00Z'),
        endedAt: new Date('2026-11-22T11:00:00Z'),
        createdBy: BOB,
      },
    });
    const open = await impacts.listForIncident(incidentId);
    let read: ImpactSpan[] = [];
    await impacts.resolve(
      resolution(incidentId, {
        close: open.map((window) => ({ id: window.id, endedAt: at('22:40') })),
        plan: (spans) => {
          read = spans;
          return { effects: [], announcements: [] };
        },
      }),
    );
    expect(
      read.map((span) => [span.incidentId === incidentId, span.service, span.endedAt?.toISOString()]).sort(),
    ).toEqual([
      [false, 'checkout-api', '2026-11-23T10:20:00.000Z'],
      [true, 'checkout-api', '2026-11-23T22:40:00.000Z'],
    ]);
  });

  it('announces a threshold once per service and period, whichever resolution crosses it again', async () => {
    const announce = (incidentId: string) => (): BudgetWrites => ({
      effects: [],
      announcements: [
        {
          service: 'checkout-api',
          periodKey: '2026-11',
          threshold: 50,
          effect: {
            dedupeKey: `budget:checkout-api:2026-11:50:${incidentId}`,
            effect: { kind: 'announcements.post', incidentId, text: 'half the budget' },
          },
        },
      ],
    });
    const first = await declare();
    const second = await declare();
    await impacts.resolve(resolution(first, { expectNoWindows: true, plan: announce(first) }));
    await impacts.resolve(resolution(second, { expectNoWindows: true, plan: announce(second) }));
    expect(await database.prisma.outboxMessage.count({ where: { kind: 'announcements.post' } })).toBe(1);
    expect(await database.prisma.budgetAnnouncement.findMany()).toMatchObject([{ incidentId: first, threshold: 50 }]);
  });

  it('resolves nothing when the open windows are not the ones expected', async () => {
    const incidentId = await declare();
    await start(incidentId);
    await expect(impacts.resolve(resolution(incidentId))).rejects.toMatchObject({ code: 'NO_CHANGE' });
    await expect(impacts.resolve(resolution(incidentId, { expectNoWindows: true }))).rejects.toMatchObject({
      code: 'NO_CHANGE',
    });
    expect((await incidents.findById(incidentId))?.status).toBe('investigating');
    expect(await database.prisma.timelineEntry.count({ where: { naturalKey: 'resolved' } })).toBe(0);
  });
});
