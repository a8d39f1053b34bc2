import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionItemView } from '../../src/domain/action-items/action-item-view.ts';
import { AppError } from '../../src/domain/app-error.ts';
import { keyEffects } from '../../src/domain/outbox/outbox-effect.ts';
import { type TTeamConfig, ZTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { endOfLocalDay, type HolidayCalendar, localDayOf, weekdayOf } from '../../src/domain/time/business-days.ts';
import { createReminderFlows, REMINDER_BATCH, reminderKey } from '../../src/flows/reminder-flows.ts';
import {
  type ActionItemStore,
  createActionItemStore,
  type NewActionItem,
  type ReminderPlan,
} from '../../src/store/action-item-store.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import type { PrismaClient } from '../../src/store/generated/client.ts';
import { createOutboxStore } from '../../src/store/outbox-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';

const ALICE = 'U05ALICE01';
const BOB = 'U05BOB0002';
const CAROL = 'U05CAROL03';
const PARIS = 'Europe/Paris';
const NEW_YORK = 'America/New_York';
const NO_HOLIDAYS: HolidayCalendar = { isHoliday: () => false };
const HOUR = 3_600_000;

/** Friday 27 November 2026, noon in Paris: when the actions of these tests were added. */
const CREATED_AT = new Date('2026-11-27T11:00:00Z');

const teamConfig = (team: { announcementsChannel?: string } = {}): TTeamConfig =>
  ZTeamConfig.parse({ team: { timeZone: PARIS, ...team } });

/** The end of `day` in `zone` (Paris unless given), as `dueDateFor` stores a due date. */
const dueOn = (day: string, zone = PARIS): Date => endOfLocalDay(day, zone);

describe.each(databaseKinds)('the action store on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let actions: ActionItemStore;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    actions = createActionItemStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.incident.deleteMany();
    await database.prisma.outboxMessage.deleteMany();
  });

  /** An incident declared and led by BOB when the actions were added. */
  const declare = async (title = 'Checkout is down'): Promise<string> =>
    (await declareIncident(database.prisma, { title, declaredBy: BOB, declaredAt: CREATED_AT })).id;

  const newAction = (incidentId: string, overrides: Partial<NewActionItem> = {}): NewActionItem => {
    const requestKey = overrides.requestKey ?? `trigger-${randomUUID()}`;
    return {
      incidentId,
      title: 'Add a retry budget to the payment client',
      kind: 'fix',
      ownerId: ALICE,
      ownerTimeZone: PARIS,
      dueAt: dueOn('2026-12-04'),
      trackerUrl: null,
      createdBy: BOB,
      createdAt: CREATED_AT,
      nextReminderAt: new Date('2026-12-03T08:00:00Z'),
      requestKey,
      timeline: {
        naturalKey: `action:${requestKey}`,
        source: 'command',
        occurredAt: CREATED_AT,
        actorId: BOB,
        text: 'added an action',
      },
      effects: (action) =>
        keyEffects(`action:${action.id}:added`, [
          { kind: 'incident.post', incidentId, text: `added ${action.title}` },
          { kind: 'action.assigned', actionId: action.id, ownerId: ALICE },
        ]),
      ...overrides,
    };
  };

  const outboxKeys = async (prisma: PrismaClient = database.prisma): Promise<string[]> =>
    (await prisma.outboxMessage.findMany({ orderBy: { dedupeKey: 'asc' }, select: { dedupeKey: true } })).map(
      (row) => row.dedupeKey,
    );

  /** Open actions of ALICE inserted in one statement, as the store would have added them (for the bulk tests). */
  const seedActions = async (
    rows: (Partial<Omit<ActionItemView, 'incidentNumber' | 'incidentTitle'>> & { incidentId: string })[],
  ): Promise<string[]> => {
    const ids = rows.map(() => randomUUID());
    await database.prisma.actionItem.createMany({
      data: rows.map((row, index) => ({
        id: ids[index] ?? randomUUID(),
        incidentId: row.incidentId,
        title: row.title ?? `Action ${index}`,
        status: row.status ?? 'open',
        ownerId: row.ownerId === undefined ? ALICE : row.ownerId,
        ownerTimeZone: row.ownerTimeZone ?? null,
        dueAt: row.dueAt === undefined ? dueOn('2026-12-04') : row.dueAt,
        createdBy: BOB,
        createdAt: CREATED_AT,
        updatedAt: CREATED_AT,
        nextReminderAt: row.nextReminderAt ?? null,
        escalatedAt: row.escalatedAt ?? null,
      })),
    });
    return ids;
  };

  /**
   * A second replica: its own client and connections to the same data. On PostgreSQL a second pool on the test's
   * schema; on PGlite a client on the Unix socket the embedded database is served on (its second connection slot).
   */
  const openSecondReplica = (): Promise<Database> =>
    openDatabase({
      target:
        database.target.kind === 'postgres'
          ? database.target
          : {
              kind: 'postgres',
              url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(database.target.dataDir)}`,
            },
      command: 'test',
      poolSize: 4,
    });

  describe('create', () => {
    it('adds one action when the same request arrives twice at the same moment', async () => {
      const incidentId = await declare();
      const input = newAction(incidentId, { requestKey: 'trigger-T02' });
      const results = await Promise.all([actions.create(input), actions.create(input), actions.create(input)]);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.action.id)).size).toBe(1);
      expect(await database.prisma.actionItem.count()).toBe(1);
    });

    it('adds the action with its timeline entry and effects, once per request', async () => {
      const incidentId = await declare();
      const input = newAction(incidentId, { requestKey: 'trigger-T01' });

      const first = await actions.create(input);
      expect(first.created).toBe(true);
      expect(first.action).toEqual({
        id: expect.any(String),
        incidentId,
        incidentNumber: expect.any(Number),
        incidentTitle: 'Checkout is down',
        incidentChannelId: null,
        incidentLeadId: BOB,
        services: ['checkout-api'],
        title: 'Add a retry budget to the payment client',
        kind: 'fix',
        status: 'open',
        ownerId: ALICE,
        ownerTimeZone: PARIS,
        dueAt: dueOn('2026-12-04'),
        trackerUrl: null,
        ticket: null,
        createdBy: BOB,
        createdAt: CREATED_AT,
        updatedAt: expect.any(Date),
        doneAt: null,
        closedBy: null,
        wontDoReason: null,
        nextReminderAt: new Date('2026-12-03T08:00:00Z'),
        escalatedAt: null,
      });
      expect(await actions.findById(first.action.id)).toEqual(first.action);
      const id = first.action.id;
      const expectedKeys = [`action:${id}:added#0:incident.post`, `action:${id}:added#1:action.assigned`].sort();
      expect(await outboxKeys()).toEqual(expectedKeys);
      const timeline = () =>
        database.prisma.timelineEntry.findMany({
          where: { incidentId, naturalKey: { startsWith: 'action:' } },
          select: { naturalKey: true, source: true, text: true },
        });
      expect(await timeline()).toEqual([
        { naturalKey: 'action:trigger-T01', source: 'command', text: 'added an action' },
      ]);

      const again = await actions.create({ ...input, title: 'Something else' });
      expect(again).toEqual({ action: first.action, created: false });
      expect(await database.prisma.actionItem.count()).toBe(1);
      expect(await timeline()).toHaveLength(1);
      expect(await outboxKeys()).toEqual(expectedKeys);
    });

    it('adds one action per postmortem suggestion and incident, whatever the request', async () => {
      const incidentId = await declare();
      const otherIncidentId = await declare('Search is slow');

      const first = await actions.create(newAction(incidentId, { suggestionKey: 'suggestion-1' }));
      const second = await actions.create(newAction(incidentId, { suggestionKey: 'suggestion-1' }));
      expect(first.created).toBe(true);
      expect(second).toEqual({ action: first.action, created: false });
      expect(await database.prisma.actionItem.count()).toBe(1);
      expect(await database.prisma.timelineEntry.count({ where: { naturalKey: { startsWith: 'action:' } } })).toBe(1);
      expect(await database.prisma.outboxMessage.count()).toBe(2);

      // The same suggestion on another incident is another action.
      const elsewhere = await actions.create(newAction(otherIncidentId, { suggestionKey: 'suggestion-1' }));
      expect(elsewhere.created).toBe(true);
      expect(await database.prisma.actionItem.count()).toBe(2);
    });
  });

  describe('list', () => {
    it('filters by owner, due date and status, soonest due first and undated last', async () => {
      const incidentId = await declare();
      const add = async (title: string, overrides: Partial<NewActionItem>) =>
        (await actions.create(newAction(incidentId, { title, ...overrides }))).action;
      const undated = await add('undated', { dueAt: null, createdAt: new Date('2026-11-27T10:00:00Z') });
      const friday = await add('friday', { dueAt: dueOn('2026-12-04') });
      const tuesday = await add('tuesday', { dueAt: dueOn('2026-12-01') });
      const carols = await add('carols', { ownerId: CAROL, dueAt: dueOn('2026-12-02') });
      const done = await add('done', { dueAt: dueOn('2026-11-30') });
      await actions.change({
        id: done.id,
        fromStatuses: ['open'],
        data: { status: 'done', doneAt: CREATED_AT, closedBy: ALICE, nextReminderAt: null },
        at: CREATED_AT,
        effects: () => [],
      });

      const titles = async (filter: Partial<Parameters<ActionItemStore['list']>[0]>) =>
        (await actions.list({ statuses: ['open'], limit: 50, ...filter })).map((action) => action.title);

      expect(await titles({})).toEqual([tuesday.title, carols.title, friday.title, undated.title]);
      expect(await titles({ statuses: ['open', 'done', 'wont_do'] })).toEqual([
        'done',
        'tuesday',
        'carols',
        'friday',
        'undated',
      ]);
      expect(await titles({ statuses: ['done'] })).toEqual(['done']);
      expect(await titles({ ownerId: CAROL })).toEqual(['carols']);
      expect(await titles({ ownerId: ALICE })).toEqual(['tuesday', 'friday', 'undated']);
      // Strictly before: an action due at the instant given is not overdue yet; an undated one never is.
      expect(await titles({ dueBefore: dueOn('2026-12-02') })).toEqual(['tuesday']);
      expect(await titles({ dueBefore: new Date(dueOn('2026-12-02').getTime() + 1) })).toEqual(['tuesday', 'carols']);
      expect(await titles({ incidentId: randomUUID() })).toEqual([]);
      expect(await titles({ limit: 2 })).toEqual(['tuesday', 'carols']);
    });
  });

  describe('change', () => {
    it('applies only from the allowed statuses, and a second "done" changes and sends nothing', async () => {
      const incidentId = await declare();
      const { action } = await actions.create(newAction(incidentId));
      const doneAt = new Date('2026-12-01T10:00:00Z');
      const markDone = (at: Date) =>
        actions.change({
          id: action.id,
          fromStatuses: ['open'],
          data: { status: 'done', doneAt: at, closedBy: CAROL, nextReminderAt: null },
          at,
          effects: (changed) =>
            keyEffects(`action:${changed.id}:done:${at.getTime()}`, [
              { kind: 'incident.post', incidentId, text: `${changed.title} is done` },
            ]),
        });

      const changed = await markDone(doneAt);
      expect(changed).toMatchObject({
        status: 'done',
        doneAt,
        closedBy: CAROL,
        nextReminderAt: null,
        updatedAt: doneAt,
      });
      const keysAfterFirst = await outboxKeys();
      expect(keysAfterFirst).toContain(`action:${action.id}:done:${doneAt.getTime()}#0:incident.post`);

      const later = new Date(doneAt.getTime() + 60_000);
      const error = await markDone(later).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'NO_CHANGE' });
      expect(await outboxKeys()).toEqual(keysAfterFirst);
      expect(await actions.findById(action.id)).toEqual(changed);

      // Reopening is allowed only from the statuses named.
      const reopen = (fromStatuses: ('open' | 'done' | 'wont_do')[]) =>
        actions.change({
          id: action.id,
          fromStatuses,
          data: { status: 'open', doneAt: null, closedBy: null },
          at: later,
          effects: () => [],
        });
      await expect(reopen(['wont_do'])).rejects.toMatchObject({ code: 'NO_CHANGE' });
      expect(await reopen(['done'])).toMatchObject({ status: 'open', doneAt: null });
    });

    it('refuses a change made on a stale view, and says when the action is gone', async () => {
      const incidentId = await declare();
      const { action } = await actions.create(newAction(incidentId));
      const stale = new Date(action.updatedAt.getTime() - 1);
      await expect(
        actions.change({
          id: action.id,
          expectedUpdatedAt: stale,
          fromStatuses: ['open'],
          data: { ownerId: CAROL },
          at: CREATED_AT,
          effects: () => keyEffects('stale', [{ kind: 'incident.post', incidentId, text: 'x' }]),
        }),
      ).rejects.toMatchObject({ code: 'NO_CHANGE' });
      expect(await outboxKeys()).not.toContain('stale#0:incident.post');
      expect((await actions.findById(action.id))?.ownerId).toBe(ALICE);

      await expect(
        actions.change({ id: randomUUID(), fromStatuses: ['open'], data: {}, at: CREATED_AT, effects: () => [] }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('claimDueReminders', () => {
    const NOW = new Date('2026-12-01T09:00:00Z');

    it('claims only open actions due at or before now, writes their effects and when to look again', async () => {
      const incidentId = await declare();
      const [early, exactly, later, done, unscheduled] = await seedActions([
        { incidentId, title: 'early', nextReminderAt: new Date(NOW.getTime() - HOUR) },
        { incidentId, title: 'exactly', nextReminderAt: NOW },
        { incidentId, title: 'later', nextReminderAt: new Date(NOW.getTime() + 1) },
        { incidentId, title: 'done', status: 'done', nextReminderAt: new Date(NOW.getTime() - HOUR) },
        { incidentId, title: 'unscheduled', nextReminderAt: null },
      ]);
      const seen: string[] = [];
      const next = new Date('2026-12-02T08:00:00Z');
      const plan = (action: ActionItemView): ReminderPlan => {
        seen.push(action.title);
        return {
          effects: [
            {
              dedupeKey: reminderKey({ actionId: action.id, kind: 'due', day: '2026-12-01' }),
              effect: {
                kind: 'action.remind',
                actionId: action.id,
                reminder: 'due',
                day: '2026-12-01',
                businessDaysOverdue: 0,
              },
            },
          ],
          nextReminderAt: next,
          ...(action.title === 'exactly' ? { escalatedAt: NOW } : {}),
        };
      };

      expect(await actions.claimDueReminders({ now: NOW, limit: 10, plan })).toBe(2);
      expect(seen.sort()).toEqual(['early', 'exactly']);
      const rows = await database.prisma.outboxMessage.findMany({ orderBy: { dedupeKey: 'asc' } });
      expect(rows.map((row) => ({ key: row.dedupeKey, orderingKey: row.orderingKey, runAt: row.runAt }))).toEqual(
        [early, exactly]
          .map((id) => ({ key: `reminder:${id}:due:2026-12-01`, orderingKey: `action:${id}`, runAt: NOW }))
          .sort((a, b) => a.key.localeCompare(b.key)),
      );
      const byId = async (id: string | undefined) =>
        database.prisma.actionItem.findUniqueOrThrow({
          where: { id: id ?? '' },
          select: { nextReminderAt: true, escalatedAt: true },
        });
      expect(await byId(early)).toEqual({ nextReminderAt: next, escalatedAt: null });
      expect(await byId(exactly)).toEqual({ nextReminderAt: next, escalatedAt: NOW });
      expect(await byId(later)).toEqual({ nextReminderAt: new Date(NOW.getTime() + 1), escalatedAt: null });
      expect(await byId(done)).toEqual({ nextReminderAt: new Date(NOW.getTime() - HOUR), escalatedAt: null });
      expect(await byId(unscheduled)).toEqual({ nextReminderAt: null, escalatedAt: null });

      // Now looked after until tomorrow: nothing is due any more.
      expect(await actions.claimDueReminders({ now: NOW, limit: 10, plan })).toBe(0);
    });

    it('claims at most `limit`, the longest due first', async () => {
      const incidentId = await declare();
      const hoursDue: [string, number][] = [
        ['third', 1],
        ['first', 3],
        ['second', 2],
      ];
      await seedActions(
        hoursDue.map(([title, hours]) => ({
          incidentId,
          title,
          nextReminderAt: new Date(NOW.getTime() - hours * HOUR),
        })),
      );
      const seen: string[] = [];
      const plan = (action: ActionItemView): ReminderPlan => {
        seen.push(action.title);
        return { effects: [], nextReminderAt: null };
      };
      expect(await actions.claimDueReminders({ now: NOW, limit: 2, plan })).toBe(2);
      expect(seen.sort()).toEqual(['first', 'second']);
      expect(await actions.claimDueReminders({ now: NOW, limit: 2, plan })).toBe(1);
      expect(seen.at(-1)).toBe('third');
    });

    it('adds nothing for a reminder whose key is already in the outbox', async () => {
      const incidentId = await declare();
      const [id = ''] = await seedActions([{ incidentId, nextReminderAt: NOW }]);
      const dedupeKey = reminderKey({ actionId: id, kind: 'due', day: '2026-12-01' });
      const earlier = new Date(NOW.getTime() - HOUR);
      const original = {
        kind: 'action.remind',
        actionId: id,
        reminder: 'due',
        day: '2026-12-01',
        businessDaysOverdue: 0,
      } as const;
      await createOutboxStore(database.prisma).enqueue([{ dedupeKey, effect: original }], earlier);

      const claimed = await actions.claimDueReminders({
        now: NOW,
        limit: 10,
        plan: (action) => ({
          effects: [{ dedupeKey, effect: { ...original, actionId: action.id, businessDaysOverdue: 7 } }],
          nextReminderAt: null,
        }),
      });

      expect(claimed).toBe(1);
      const rows = await database.prisma.outboxMessage.findMany();
      expect(rows.map((row) => ({ key: row.dedupeKey, payload: row.payload, runAt: row.runAt }))).toEqual([
        { key: dedupeKey, payload: original, runAt: earlier },
      ]);
      expect((await actions.findById(id))?.nextReminderAt).toBeNull();
    });

    it('sends what a failed sweep had claimed on the next run, not never', async () => {
      const incidentId = await declare();
      const team = teamConfig();
      const dueDay = '2026-12-01';
      // Tuesday 10:00 in Paris: the `due` reminders of 09:00 are owed.
      const now = new Date(`${dueDay}T09:00:00Z`);
      const slot = new Date(`${dueDay}T08:00:00Z`);
      const ids = await seedActions(
        Array.from({ length: 3 }, () => ({ incidentId, dueAt: dueOn(dueDay), nextReminderAt: slot })),
      );
      let effectsSignalled = 0;
      const flows = createReminderFlows({
        actions,
        outbox: createOutboxStore(database.prisma),
        holidays: NO_HOLIDAYS,
        team,
        now: () => now,
        onEffects: () => {
          effectsSignalled += 1;
        },
      });
      const planned: string[] = [];
      // The replica dies (here: throws) at the second action of the batch, after the first was planned and its
      // next reminder written in the transaction.
      const crashing = (action: ActionItemView): ReminderPlan => {
        if (planned.length === 1) throw new Error('the replica crashed');
        planned.push(action.id);
        return flows.plan(now)(action);
      };

      await expect(actions.claimDueReminders({ now, limit: REMINDER_BATCH, plan: crashing })).rejects.toThrow(
        'the replica crashed',
      );
      expect(planned).toHaveLength(1);
      expect(await outboxKeys()).toEqual([]);
      const scheduled = await database.prisma.actionItem.findMany({ select: { nextReminderAt: true } });
      expect(scheduled.map((row) => row.nextReminderAt)).toEqual([slot, slot, slot]);

      expect(await flows.sweep()).toEqual({ claimed: 3, digest: false });
      expect(effectsSignalled).toBe(1);
      expect(await outboxKeys()).toEqual(
        ids.map((id) => reminderKey({ actionId: id, kind: 'due', day: dueDay })).sort(),
      );
      const rescheduled = await database.prisma.actionItem.findMany({ select: { nextReminderAt: true } });
      // Wednesday 09:00 in Paris: the first overdue reminder.
      expect(rescheduled.map((row) => row.nextReminderAt)).toEqual(Array(3).fill(new Date('2026-12-02T08:00:00Z')));
    });
  });

  describe('two replicas sweeping at the same time', () => {
    type Replica = { sweep: () => Promise<number>; claims: number };

    /**
     * A replica's reminder flows on its own client, sweeping until a sweep claims nothing. `limit` shrinks each claim
     * below REMINDER_BATCH so the two replicas take many turns over the same rows.
     */
    const replicaOn = ({
      prisma,
      team,
      clock,
      limit,
    }: {
      prisma: PrismaClient;
      team: TTeamConfig;
      clock: { now: Date };
      limit?: number;
    }): Replica => {
      const store = createActionItemStore(prisma);
      const flows = createReminderFlows({
        actions: {
          claimDueReminders: (options) =>
            store.claimDueReminders(limit === undefined ? options : { ...options, limit }),
        },
        outbox: createOutboxStore(prisma),
        holidays: NO_HOLIDAYS,
        team,
        now: () => clock.now,
        onEffects: () => {},
      });
      const replica: Replica = {
        claims: 0,
        sweep: async () => {
          let total = 0;
          for (;;) {
            const { claimed } = await flows.sweep();
            total += claimed;
            if (claimed === 0) break;
          }
          replica.claims += total;
          return total;
        },
      };
      return replica;
    };

    let second: Database | undefined;
    afterAll(async () => {
      await second?.close();
    });
    const secondReplica = async (): Promise<Database> => {
      second ??= await openSecondReplica();
      return second;
    };

    /** Both replicas sweep 300 due actions at once, each until a sweep finds nothing left. */
    const sweepThreeHundred = async (limit?: number) => {
      const other = await secondReplica();
      const team = teamConfig();
      const dueDay = '2026-12-01';
      const clock = { now: new Date(`${dueDay}T09:00:00Z`) };
      const incidentIds = await Promise.all(Array.from({ length: 6 }, (_, index) => declare(`Incident ${index}`)));
      const ids = await seedActions(
        Array.from({ length: 300 }, (_, index) => ({
          incidentId: incidentIds[index % incidentIds.length] ?? '',
          dueAt: dueOn(dueDay),
          // Due between 09:00 and 09:59 Paris time, so the claims have an order to follow.
          nextReminderAt: new Date(new Date(`${dueDay}T08:00:00Z`).getTime() + (index % 60) * 60_000),
        })),
      );
      const first = replicaOn({ prisma: database.prisma, team, clock, limit });
      const secondOne = replicaOn({ prisma: other.prisma, team, clock, limit });

      const [claimedByFirst, claimedBySecond] = await Promise.all([first.sweep(), secondOne.sweep()]);

      expect(claimedByFirst + claimedBySecond).toBe(300);
      // One row per action, for that day, and nothing else.
      expect(await outboxKeys(other.prisma)).toEqual(
        ids.map((id) => reminderKey({ actionId: id, kind: 'due', day: dueDay })).sort(),
      );
      // Every action now waits for Wednesday 09:00 in Paris, its first overdue reminder.
      expect(
        await database.prisma.actionItem.count({ where: { nextReminderAt: new Date('2026-12-02T08:00:00Z') } }),
      ).toBe(300);
    };

    it('send each of 300 due reminders once, in batches of REMINDER_BATCH', () => sweepThreeHundred());

    it('send each of 300 due reminders once, in batches of 7', () => sweepThreeHundred(7));

    it('send the exact reminders of a simulated week once each, and none on the weekend', async () => {
      const other = await secondReplica();
      const team = teamConfig({ announcementsChannel: 'C0ANNOUNCE1' });
      const incidentId = await declare();
      // Created on Friday 27 November; nextReminderAt is what the action flows computed then (A to I).
      const [a, b, c, d, e, g, h, i] = await seedActions([
        // A: due Wednesday; overdue from Thursday, the lead told on Friday (2 business days overdue).
        { incidentId, title: 'A', dueAt: dueOn('2026-12-02'), nextReminderAt: new Date('2026-12-01T08:00:00Z') },
        // B: due next Monday: reminded the business day before, which is the Friday.
        { incidentId, title: 'B', dueAt: dueOn('2026-12-07'), nextReminderAt: new Date('2026-12-04T08:00:00Z') },
        // C: was due last Friday, and sitrep was down at its reminder: that one is skipped, not sent late.
        { incidentId, title: 'C', dueAt: dueOn('2026-11-27'), nextReminderAt: new Date('2026-11-27T08:00:00Z') },
        // D: owned by the incident lead, who is not told twice.
        {
          incidentId,
          title: 'D',
          ownerId: BOB,
          dueAt: dueOn('2026-12-03'),
          nextReminderAt: new Date('2026-12-02T08:00:00Z'),
        },
        // E: done already; its stale nextReminderAt must not bring it back.
        { incidentId, title: 'E', status: 'done', nextReminderAt: new Date('2026-11-30T08:00:00Z') },
        // G: an owner in New York, reminded at 09:00 on their own clock (14:00 UTC).
        {
          incidentId,
          title: 'G',
          ownerTimeZone: NEW_YORK,
          dueAt: dueOn('2026-12-01', NEW_YORK),
          nextReminderAt: new Date('2026-11-30T14:00:00Z'),
        },
        // H: no owner: nobody to remind, but the lead is still told when it is overdue.
        {
          incidentId,
          title: 'H',
          ownerId: null,
          dueAt: dueOn('2026-12-02'),
          nextReminderAt: new Date('2026-12-01T08:00:00Z'),
        },
        // I: no due date: claimed once and left alone.
        { incidentId, title: 'I', dueAt: null, nextReminderAt: new Date('2026-11-30T08:00:00Z') },
      ]);
      const clock = { now: new Date('2026-11-30T07:00:00Z') };
      const first = replicaOn({ prisma: database.prisma, team, clock });
      const secondOne = replicaOn({ prisma: other.prisma, team, clock });

      // Monday 08:00 to the next Monday 10:00 in Paris, both replicas sweeping every hour.
      const end = new Date('2026-12-07T09:00:00Z').getTime();
      for (let at = clock.now.getTime(); at <= end; at += HOUR) {
        clock.now = new Date(at);
        await Promise.all([first.sweep(), secondOne.sweep()]);
      }

      const key = (id: string | undefined, kind: string, day: string) => reminderKey({ actionId: id ?? '', kind, day });
      const paris = (day: string) => new Date(`${day}T08:00:00Z`);
      const newYork = (day: string) => new Date(`${day}T14:00:00Z`);
      const expected: [string, Date][] = [
        [key(a, 'day_before', '2026-12-01'), paris('2026-12-01')],
        [key(a, 'due', '2026-12-02'), paris('2026-12-02')],
        [key(a, 'overdue', '2026-12-03'), paris('2026-12-03')],
        [key(a, 'overdue', '2026-12-04'), paris('2026-12-04')],
        [key(a, 'escalation', '2026-12-04'), paris('2026-12-04')],
        [key(a, 'overdue', '2026-12-07'), paris('2026-12-07')],
        [key(b, 'day_before', '2026-12-04'), paris('2026-12-04')],
        [key(b, 'due', '2026-12-07'), paris('2026-12-07')],
        [key(c, 'overdue', '2026-11-30'), paris('2026-11-30')],
        [key(c, 'overdue', '2026-12-01'), paris('2026-12-01')],
        [key(c, 'escalation', '2026-12-01'), paris('2026-12-01')],
        [key(c, 'overdue', '2026-12-02'), paris('2026-12-02')],
        [key(c, 'overdue', '2026-12-03'), paris('2026-12-03')],
        [key(c, 'overdue', '2026-12-04'), paris('2026-12-04')],
        [key(c, 'overdue', '2026-12-07'), paris('2026-12-07')],
        [key(d, 'day_before', '2026-12-02'), paris('2026-12-02')],
        [key(d, 'due', '2026-12-03'), paris('2026-12-03')],
        [key(d, 'overdue', '2026-12-04'), paris('2026-12-04')],
        [key(d, 'overdue', '2026-12-07'), paris('2026-12-07')],
        [key(g, 'day_before', '2026-11-30'), newYork('2026-11-30')],
        [key(g, 'due', '2026-12-01'), newYork('2026-12-01')],
        [key(g, 'overdue', '2026-12-02'), newYork('2026-12-02')],
        [key(g, 'overdue', '2026-12-03'), newYork('2026-12-03')],
        [key(g, 'escalation', '2026-12-03'), newYork('2026-12-03')],
        // Its Monday reminder is at 14:00 UTC, after the simulated week ends.
        [key(g, 'overdue', '2026-12-04'), newYork('2026-12-04')],
        [key(h, 'escalation', '2026-12-04'), paris('2026-12-04')],
        ['digest:2026-11-30', paris('2026-11-30')],
        ['digest:2026-12-07', paris('2026-12-07')],
      ];
      const rows = await database.prisma.outboxMessage.findMany({ select: { dedupeKey: true, runAt: true } });
      // Each key once (it is unique), written by the first sweep at or after its hour: on time, never late.
      expect(rows.map((row) => [row.dedupeKey, row.runAt]).sort()).toEqual(expected.sort());
      for (const row of rows) expect(['saturday', 'sunday']).not.toContain(weekdayOf(localDayOf(row.runAt, PARIS)));
      expect(rows.some((row) => row.dedupeKey.includes(`:${e}:`) || row.dedupeKey.includes(`:${i}:`))).toBe(false);
      // One claim per action and reminder slot, whichever replica took it: A 5, B 2, C 7 (one for the stale
      // Friday, which sends nothing), D 4, G 5, H 5, I 1.
      expect(first.claims + secondOne.claims).toBe(29);
      const after = await database.prisma.actionItem.findMany({
        where: { id: { in: [a, g, i].map((id) => id ?? '') } },
        select: { title: true, nextReminderAt: true, escalatedAt: true },
        orderBy: { title: 'asc' },
      });
      expect(after).toEqual([
        { title: 'A', nextReminderAt: paris('2026-12-08'), escalatedAt: paris('2026-12-04') },
        { title: 'G', nextReminderAt: newYork('2026-12-07'), escalatedAt: newYork('2026-12-03') },
        { title: 'I', nextReminderAt: null, escalatedAt: null },
      ]);
    });
  });
});
