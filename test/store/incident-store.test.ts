import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.ts';
import type { IncidentView } from '../../src/domain/incident/incident.ts';
import { keyEffects, type TOutboxEffect } from '../../src/domain/outbox/outbox-effect.ts';
import {
  createIncidentStore,
  type IncidentChange,
  type IncidentStore,
  type NewIncident,
} from '../../src/store/incident-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { DECLARED_AT, declaredRecord, newIncident } from '../support/incident-factory.ts';

const ALICE = 'U05ALICE01';
const BOB = 'U05BOB0002';
const CAROL = 'U05CAROL03';

const at = (ms: number): Date => new Date(DECLARED_AT.getTime() + ms);

/** What the declare flow records with a new incident: the first timeline line and the channel and announcement. */
const declaredWithEffects = (incident: NewIncident) =>
  declaredRecord(incident, {
    effects: keyEffects(`${incident.id}:declared`, [
      { kind: 'incident.open_channel', incidentId: incident.id },
      { kind: 'incident.announce', incidentId: incident.id, about: 'declared' },
    ]),
  });

describe.each(databaseKinds)('the incident store on %s', (kind: DatabaseKind) => {
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
    await database.prisma.outboxMessage.deleteMany();
  });

  const declare = (incident: NewIncident) => incidents.declare(incident, declaredWithEffects(incident));

  const timelineOf = (incidentId: string) =>
    database.prisma.timelineEntry.findMany({ where: { incidentId }, orderBy: { occurredAt: 'asc' } });

  const outboxKeys = async () =>
    (await database.prisma.outboxMessage.findMany({ orderBy: { sequence: 'asc' } })).map((m) => m.dedupeKey);

  /** A status change as the flows write it: a timeline line, a post and a summary refresh. */
  const statusChange = (
    incidentId: string,
    {
      to,
      expectedStatus,
      when,
    }: { to: 'identified' | 'monitoring' | 'resolved'; expectedStatus?: 'investigating' | 'identified'; when: Date },
  ): IncidentChange => {
    const text = `<@${BOB}> changed the status to ${to}`;
    const effects: TOutboxEffect[] = [
      { kind: 'incident.post', incidentId, text },
      { kind: 'incident.refresh', incidentId },
    ];
    return {
      incidentId,
      ...(expectedStatus ? { expectedStatus } : {}),
      data: {
        status: to,
        ...(to === 'identified' ? { identifiedAt: when } : {}),
        ...(to === 'resolved' ? { resolvedAt: when } : {}),
      },
      timeline: {
        naturalKey: `status-${to}:${when.getTime()}`,
        source: 'lifecycle',
        occurredAt: when,
        actorId: BOB,
        text,
      },
      effects: keyEffects(`${incidentId}:status-${to}:${when.getTime()}`, effects),
    };
  };

  /** A severity change as the flows write it, made against the severity it was read at. */
  const severityChange = (
    incidentId: string,
    { from, to, when }: { from: number; to: number; when: Date },
  ): IncidentChange => ({
    incidentId,
    expectedSeverity: from,
    data: { severity: to },
    timeline: {
      naturalKey: `severity-${to}:${when.getTime()}`,
      source: 'lifecycle',
      occurredAt: when,
      actorId: BOB,
      text: `<@${BOB}> changed the severity from SEV${from} to SEV${to}`,
    },
    effects: keyEffects(`${incidentId}:severity-${to}:${when.getTime()}`, [
      { kind: 'incident.post', incidentId, text: `SEV${from} -> SEV${to}` },
    ]),
  });

  /** A role change as the flows write it, made against the holder it was read with (null: nobody). */
  const roleChange = (
    incidentId: string,
    { role, userId, previous, when }: { role: 'lead' | 'comms'; userId: string; previous: string | null; when: Date },
  ): IncidentChange => ({
    incidentId,
    role: { role, userId, previous, assignedBy: CAROL, assignedAt: when },
    timeline: {
      naturalKey: `role-${role}:${when.getTime()}`,
      source: 'role',
      occurredAt: when,
      actorId: CAROL,
      text: `<@${userId}> is now the ${role}`,
    },
    effects: keyEffects(`${incidentId}:role-${role}:${when.getTime()}`, [
      { kind: 'incident.invite', incidentId, userIds: [userId] },
    ]),
  });

  /** Applies changes at the same moment; returns the one that applied, after checking every other was refused. */
  const applyAtOnce = async (changes: IncidentChange[]): Promise<IncidentChange> => {
    const results = await Promise.allSettled(changes.map((change) => incidents.applyChange(change)));
    const applied = changes.filter((_, index) => results[index]?.status === 'fulfilled');
    expect(applied).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'NO_CHANGE' });
    }
    const [winner] = applied;
    if (!winner) throw new Error('no change applied');
    return winner;
  };

  /** The outbox keys a change wrote: the prefix its flow gives them. */
  const keysOf = (change: IncidentChange) => change.effects.map((effect) => effect.dedupeKey);

  it('declares an incident with its lead, services, first timeline entry and effects', async () => {
    const input = newIncident({
      services: ['payments-api', 'checkout-web'],
      description: 'Card payments fail with 502',
      impactStartedAt: at(-600_000),
    });
    const { incident, created } = await declare(input);

    expect(created).toBe(true);
    expect(incident).toEqual({
      id: input.id,
      number: expect.any(Number),
      title: 'Checkout is down',
      description: 'Card payments fail with 502',
      severity: 2,
      status: 'investigating',
      channelId: null,
      channelName: null,
      summaryTs: null,
      channelProblem: null,
      declaredBy: ALICE,
      declaredAt: DECLARED_AT,
      impactStartedAt: at(-600_000),
      detectedAt: null,
      identifiedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      services: ['checkout-web', 'payments-api'],
      roles: { lead: ALICE },
    });
    expect(await incidents.findById(input.id)).toEqual(incident);
    expect(await database.prisma.incidentRole.findMany()).toEqual([
      { incidentId: input.id, role: 'lead', userId: ALICE, assignedBy: ALICE, assignedAt: DECLARED_AT },
    ]);
    expect(await timelineOf(input.id)).toEqual([
      expect.objectContaining({
        naturalKey: 'declared',
        source: 'lifecycle',
        occurredAt: DECLARED_AT,
        actorId: ALICE,
        text: `<@${ALICE}> declared the incident`,
        permalink: null,
      }),
    ]);
    const messages = await database.prisma.outboxMessage.findMany({ orderBy: { sequence: 'asc' } });
    expect(messages.map((m) => ({ key: m.dedupeKey, payload: m.payload, runAt: m.runAt }))).toEqual([
      {
        key: `incident.open_channel:${input.id}`,
        payload: { kind: 'incident.open_channel', incidentId: input.id },
        runAt: DECLARED_AT,
      },
      {
        key: `${input.id}:declared#1:incident.announce`,
        payload: { kind: 'incident.announce', incidentId: input.id, about: 'declared' },
        runAt: DECLARED_AT,
      },
    ]);
  });

  it('writes nothing of a declaration when any part of it fails', async () => {
    const input = newIncident();
    const record = declaredWithEffects(input);
    // PostgreSQL refuses \u0000 in jsonb: the outbox insert, the last step, fails after the incident was written.
    const broken = keyEffects(`${input.id}:declared`, [
      { kind: 'incident.post', incidentId: input.id, text: 'a\u0000b' },
    ]);

    // 22P05: the jsonb payload, which only the outbox insert writes.
    await expect(incidents.declare(input, { ...record, effects: [...record.effects, ...broken] })).rejects.toThrow(
      /22P05.*unsupported Unicode escape sequence/,
    );

    expect(await database.prisma.incident.count()).toBe(0);
    expect(await database.prisma.incidentRole.count()).toBe(0);
    expect(await database.prisma.timelineEntry.count()).toBe(0);
    expect(await database.prisma.outboxMessage.count()).toBe(0);
  });

  it('declares one incident for a request sent twice', async () => {
    const first = newIncident({ requestKey: 'view-V01' });
    const retry = newIncident({ requestKey: 'view-V01', title: 'Checkout is down (again)' });

    const original = await declare(first);
    const repeated = await declare(retry);

    expect(original.created).toBe(true);
    expect(repeated).toEqual({ incident: original.incident, created: false });
    expect(await database.prisma.incident.count()).toBe(1);
    expect(await database.prisma.timelineEntry.count()).toBe(1);
    expect(await outboxKeys()).toEqual([
      `incident.open_channel:${first.id}`,
      `${first.id}:declared#1:incident.announce`,
    ]);
  });

  it('declares one incident for a request sent twice at the same moment', async () => {
    const copies = [newIncident({ requestKey: 'view-V02' }), newIncident({ requestKey: 'view-V02' })];

    const results = await Promise.all(copies.map(declare));

    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    const winner = results.find((r) => r.created)?.incident;
    if (!winner) throw new Error('no declaration won');
    for (const result of results) expect(result.incident).toEqual(winner);
    expect(await database.prisma.incident.count()).toBe(1);
    expect(await database.prisma.timelineEntry.count()).toBe(1);
    // The loser's effects were rolled back with it.
    const payloads = await database.prisma.outboxMessage.findMany({ select: { payload: true } });
    expect(payloads).toHaveLength(2);
    for (const { payload } of payloads) expect(payload).toMatchObject({ incidentId: winner.id });
  });

  it('gives 20 incidents declared at once 20 different numbers', async () => {
    const inputs = Array.from({ length: 20 }, (_, index) => newIncident({ title: `Incident ${index}` }));

    const results = await Promise.all(inputs.map(declare));

    expect(results.every((r) => r.created)).toBe(true);
    const numbers = results.map((r) => r.incident.number);
    expect(new Set(numbers).size).toBe(20);
    for (const number of numbers) expect(Number.isInteger(number) && number > 0).toBe(true);
    expect(await database.prisma.incident.count()).toBe(20);
    expect(await database.prisma.timelineEntry.count()).toBe(20);
    expect(await database.prisma.outboxMessage.count()).toBe(40);
  });

  it('applies a change with its timeline entry and effects', async () => {
    const { incident } = await declare(newIncident());

    const updated = await incidents.applyChange(
      statusChange(incident.id, { to: 'identified', expectedStatus: 'investigating', when: at(60_000) }),
    );

    expect(updated).toEqual({ ...incident, status: 'identified', identifiedAt: at(60_000) });
    expect((await timelineOf(incident.id)).map((e) => e.text)).toEqual([
      `<@${ALICE}> declared the incident`,
      `<@${BOB}> changed the status to identified`,
    ]);
    const changeKey = `${incident.id}:status-identified:${at(60_000).getTime()}`;
    expect(await outboxKeys()).toEqual([
      `incident.open_channel:${incident.id}`,
      `${incident.id}:declared#1:incident.announce`,
      `${changeKey}#0:incident.post`,
      `${changeKey}#1:incident.refresh`,
    ]);
    const refresh = await database.prisma.outboxMessage.findUniqueOrThrow({
      where: { dedupeKey: `${changeKey}#1:incident.refresh` },
    });
    expect(refresh.runAt).toEqual(at(60_000));
  });

  it('refuses a change made against a status that has moved on, and writes nothing of it', async () => {
    const { incident } = await declare(newIncident());
    await incidents.applyChange(
      statusChange(incident.id, { to: 'identified', expectedStatus: 'investigating', when: at(60_000) }),
    );
    const timelineBefore = await timelineOf(incident.id);
    const outboxBefore = await outboxKeys();

    // Someone else read "investigating" before the change above and now tries to move it to monitoring.
    const stale = incidents.applyChange(
      statusChange(incident.id, { to: 'monitoring', expectedStatus: 'investigating', when: at(61_000) }),
    );

    await expect(stale).rejects.toBeInstanceOf(AppError);
    await expect(stale).rejects.toMatchObject({ code: 'NO_CHANGE' });
    expect(await incidents.findById(incident.id)).toMatchObject({ status: 'identified', mitigatedAt: null });
    expect(await timelineOf(incident.id)).toEqual(timelineBefore);
    expect(await outboxKeys()).toEqual(outboxBefore);
  });

  it('gives a role to its new holder, replacing the one before', async () => {
    const { incident } = await declare(newIncident());
    const lead = roleChange(incident.id, { role: 'lead', userId: BOB, previous: ALICE, when: at(1_000) });
    expect((await incidents.applyChange(lead)).roles).toEqual({ lead: BOB });
    const comms = roleChange(incident.id, { role: 'comms', userId: ALICE, previous: null, when: at(2_000) });
    expect((await incidents.applyChange(comms)).roles).toEqual({ lead: BOB, comms: ALICE });

    const roles = await database.prisma.incidentRole.findMany({ orderBy: { role: 'asc' } });
    expect(roles).toEqual([
      { incidentId: incident.id, role: 'lead', userId: BOB, assignedBy: CAROL, assignedAt: at(1_000) },
      { incidentId: incident.id, role: 'comms', userId: ALICE, assignedBy: CAROL, assignedAt: at(2_000) },
    ]);
    expect((await timelineOf(incident.id)).map((e) => e.source)).toEqual(['lifecycle', 'role', 'role']);

    // A role change made against a status that has moved on is refused like any other change.
    const stale = incidents.applyChange({
      ...roleChange(incident.id, { role: 'lead', userId: ALICE, previous: BOB, when: at(3_000) }),
      expectedStatus: 'resolved',
    });
    await expect(stale).rejects.toMatchObject({ code: 'NO_CHANGE' });
    expect((await incidents.findById(incident.id))?.roles).toEqual({ lead: BOB, comms: ALICE });
  });

  it.each([
    { copies: 'the same request delivered twice', levels: [1, 1] },
    { copies: 'two people choosing different levels', levels: [1, 3] },
  ])(
    'changes the severity once when two changes read at the same level arrive at once: $copies',
    async ({ levels }) => {
      const { incident } = await declare(newIncident({ severity: 2 }));
      const outboxBefore = await outboxKeys();

      const winner = await applyAtOnce(
        levels.map((to, index) => severityChange(incident.id, { from: 2, to, when: at(1_000 + index) })),
      );

      const level = winner.data?.severity;
      if (level === undefined) throw new Error('no severity changed');
      expect((await incidents.findById(incident.id))?.severity).toBe(level);
      expect((await timelineOf(incident.id)).map((e) => e.text)).toEqual([
        `<@${ALICE}> declared the incident`,
        `<@${BOB}> changed the severity from SEV2 to SEV${level}`,
      ]);
      expect(await outboxKeys()).toEqual([...outboxBefore, ...keysOf(winner)]);

      // A change read after the one that applied starts from what it left.
      const later = severityChange(incident.id, { from: level, to: 2, when: at(2_000) });
      expect((await incidents.applyChange(later)).severity).toBe(2);
      const stale = incidents.applyChange(severityChange(incident.id, { from: level, to: 3, when: at(3_000) }));
      await expect(stale).rejects.toMatchObject({ code: 'NO_CHANGE' });
      expect((await incidents.findById(incident.id))?.severity).toBe(2);
    },
  );

  it.each([
    { role: 'lead' as const, heldBy: ALICE, holder: 'its holder' },
    { role: 'comms' as const, heldBy: null, holder: 'nobody' },
  ])(
    'gives the $role role once when two changes read with it held by $holder arrive at once',
    async ({ role, heldBy }) => {
      const { incident } = await declare(newIncident({ lead: ALICE }));
      const outboxBefore = await outboxKeys();

      const winner = await applyAtOnce(
        [BOB, CAROL].map((userId, index) =>
          roleChange(incident.id, { role, userId, previous: heldBy, when: at(1_000 + index) }),
        ),
      );

      const holder = winner.role?.userId;
      expect((await incidents.findById(incident.id))?.roles[role]).toBe(holder);
      expect((await timelineOf(incident.id)).map((e) => e.text)).toEqual([
        `<@${ALICE}> declared the incident`,
        `<@${holder}> is now the ${role}`,
      ]);
      expect(await outboxKeys()).toEqual([...outboxBefore, ...keysOf(winner)]);
    },
  );

  it('finds an incident by its channel and by its number', async () => {
    const { incident } = await declare(newIncident());
    expect(await incidents.findByChannel('C0INC00042')).toBeUndefined();

    expect(
      await incidents.setChannel({ id: incident.id, channelId: 'C0INC00042', channelName: 'inc-42-checkout' }),
    ).toBe(true);

    const withChannel = { ...incident, channelId: 'C0INC00042', channelName: 'inc-42-checkout' };
    expect(await incidents.findByChannel('C0INC00042')).toEqual(withChannel);
    expect(await incidents.findByNumber(incident.number)).toEqual(withChannel);
    expect(await incidents.findByNumber(incident.number + 1000)).toBeUndefined();
    expect(await incidents.findById(randomUUID())).toBeUndefined();
  });

  it('sets the channel once: a second channel for the same incident is refused', async () => {
    const { incident } = await declare(newIncident());

    expect(await incidents.setChannel({ id: incident.id, channelId: 'C0FIRST001', channelName: 'inc-1-first' })).toBe(
      true,
    );
    expect(await incidents.setChannel({ id: incident.id, channelId: 'C0SECOND02', channelName: 'inc-1-second' })).toBe(
      false,
    );

    expect(await incidents.findById(incident.id)).toMatchObject({
      channelId: 'C0FIRST001',
      channelName: 'inc-1-first',
    });
    expect(await incidents.findByChannel('C0SECOND02')).toBeUndefined();
  });

  it('records why Slack will not create the channel only while the incident has none', async () => {
    const { incident } = await declare(newIncident());
    await incidents.setChannelProblem({ id: incident.id, problem: 'restricted_action' });
    expect(await incidents.findById(incident.id)).toMatchObject({
      channelId: null,
      channelProblem: 'restricted_action',
    });

    const other = (await declare(newIncident())).incident;
    await incidents.setChannel({ id: other.id, channelId: 'C0OTHER001', channelName: 'inc-2-other' });
    await incidents.setChannelProblem({ id: other.id, problem: 'restricted_action' });
    expect(await incidents.findById(other.id)).toMatchObject({ channelId: 'C0OTHER001', channelProblem: null });
  });

  it('lists open incidents, most severe first and then by number, leaving out resolved ones', async () => {
    const declared: IncidentView[] = [];
    for (const severity of [3, 1, 2, 1, 2]) {
      const { incident } = await declare(newIncident({ severity, title: `Severity ${severity} trouble` }));
      declared.push(incident);
    }
    const resolved = declared[2];
    if (!resolved) throw new Error('missing incident');
    await incidents.applyChange(statusChange(resolved.id, { to: 'resolved', when: at(3_600_000) }));

    const open = await incidents.listOpen();

    const expected = declared
      .filter((d) => d.id !== resolved.id)
      .sort((a, b) => a.severity - b.severity || a.number - b.number);
    // Whole views, as declaring returned them: services in order, the lead, every field.
    expect(open).toEqual(expected);
    expect(open.map((i) => i.severity)).toEqual([1, 1, 2, 3]);
  });
});
