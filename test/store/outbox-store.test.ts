import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HELD_AFTER_ATTEMPTS } from '../../src/domain/outbox/outbox-backoff.ts';
import {
  type ClaimedMessage,
  type KeyedEffect,
  keyEffects,
  type TOutboxEffect,
} from '../../src/domain/outbox/outbox-effect.ts';
import { createOutboxStore, enqueueEffects, type OutboxStore } from '../../src/store/outbox-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';

const T0 = new Date('2026-03-10T09:00:00Z');
const LEASE_MS = 60_000;

const at = (ms: number): Date => new Date(T0.getTime() + ms);

const post = (incidentId: string, text: string): TOutboxEffect => ({ kind: 'incident.post', incidentId, text });

const keysOf = (claimed: ClaimedMessage[]): string[] => claimed.map((message) => message.dedupeKey);

describe.each(databaseKinds)('the outbox store on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let outbox: OutboxStore;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    outbox = createOutboxStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.outboxMessage.deleteMany();
  });

  const enqueue = (effects: KeyedEffect[], now: Date = T0) =>
    database.prisma.$transaction((tx) => enqueueEffects(tx, effects, now));

  const claim = (now: Date = T0, limit = 10) => outbox.claimDue({ now, limit, leaseMs: LEASE_MS });

  const row = (dedupeKey: string) => database.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey } });

  /** Incident A's change writes A1 then A2; incident B's change writes B1 after them. */
  const enqueueTwoIncidents = async () => {
    const a = randomUUID();
    const b = randomUUID();
    const [a1, a2] = keyEffects(`${a}:status`, [post(a, 'A1'), post(a, 'A2')]);
    const [b1] = keyEffects(`${b}:status`, [post(b, 'B1')]);
    if (!a1 || !a2 || !b1) throw new Error('keyEffects lost an effect');
    await enqueue([a1, a2]);
    await enqueue([b1]);
    return { a1: a1.dedupeKey, a2: a2.dedupeKey, b1: b1.dedupeKey };
  };

  it('stores a change enqueued twice once, with its payload, ordering key and due time', async () => {
    const incidentId = randomUUID();
    const effects = keyEffects(`${incidentId}:declared`, [
      { kind: 'incident.open_channel', incidentId },
      { kind: 'incident.announce', incidentId, about: 'declared' },
    ]);
    await enqueue(effects);
    await enqueue(effects, at(5_000));
    // Opening the channel is keyed by the incident alone: another change asking for it adds nothing.
    await enqueue(keyEffects(`${incidentId}:other`, [{ kind: 'incident.open_channel', incidentId }]));

    const rows = await database.prisma.outboxMessage.findMany({ orderBy: { sequence: 'asc' } });
    expect(rows).toEqual([
      expect.objectContaining({
        dedupeKey: `incident.open_channel:${incidentId}`,
        orderingKey: `incident:${incidentId}`,
        kind: 'incident.open_channel',
        payload: { kind: 'incident.open_channel', incidentId },
        status: 'pending',
        runAt: T0,
        attempts: 0,
        lockedUntil: null,
        lastError: null,
      }),
      expect.objectContaining({
        dedupeKey: `${incidentId}:declared#1:incident.announce`,
        payload: { kind: 'incident.announce', incidentId, about: 'declared' },
        runAt: T0,
      }),
    ]);
    expect(await outbox.pendingCount()).toBe(2);
  });

  it('enqueues nothing for no effects', async () => {
    await enqueue([]);
    expect(await outbox.pendingCount()).toBe(0);
  });

  it('claims only due messages, and a claimed one again only once its lease has ended', async () => {
    const now = randomUUID();
    const later = randomUUID();
    const [dueNow] = keyEffects('now', [post(now, 'due now')]);
    const [dueLater] = keyEffects('later', [post(later, 'due in 10 s')]);
    if (!dueNow || !dueLater) throw new Error('keyEffects lost an effect');
    await enqueue([dueNow]);
    await enqueue([dueLater], at(10_000));

    const first = await claim(T0);
    expect(first).toEqual([
      { id: expect.any(String), dedupeKey: 'now#0:incident.post', attempts: 1, effect: dueNow.effect },
    ]);
    expect((await row('now#0:incident.post')).lockedUntil).toEqual(at(LEASE_MS));

    expect(await claim(at(5_000))).toEqual([]);
    expect(keysOf(await claim(at(10_000)))).toEqual(['later#0:incident.post']);
    expect(await claim(at(LEASE_MS - 1))).toEqual([]);

    // The worker that claimed it crashed before finishing: the message goes out again when the lease ends.
    const reclaimed = await claim(at(LEASE_MS));
    expect(reclaimed).toEqual([expect.objectContaining({ dedupeKey: 'now#0:incident.post', attempts: 2 })]);
    expect(reclaimed[0]?.id).toBe(first[0]?.id);
  });

  it('claims at most `limit` messages, oldest first', async () => {
    const effects = Array.from({ length: 5 }, (_, index) => keyEffects(`c${index}`, [post(randomUUID(), `${index}`)]));
    for (const keyed of effects) await enqueue(keyed);

    expect(keysOf(await claim(T0, 2))).toEqual(['c0#0:incident.post', 'c1#0:incident.post']);
    expect(keysOf(await claim(T0, 2))).toEqual(['c2#0:incident.post', 'c3#0:incident.post']);
    expect(keysOf(await claim(T0, 2))).toEqual(['c4#0:incident.post']);
  });

  it('claims in a lane only its own messages: emails and Statuspage in the public lane, the rest in the team lane', async () => {
    const { id } = await declareIncident(database.prisma);
    const notice = { about: 'update' as const, incidentId: id, requestKey: 'T1' };
    await enqueue(
      keyEffects('mixed', [
        post(id, 'a line'),
        { kind: 'email.fanout', notice },
        { kind: 'statuspage.component', service: 'checkout-api' },
        { kind: 'page.trigger', incidentId: id, service: 'checkout-api' },
      ]),
    );
    const kinds = (claimed: ClaimedMessage[]) => claimed.map((message) => message.effect.kind);
    expect(kinds(await outbox.claimDue({ now: T0, limit: 10, leaseMs: LEASE_MS, lane: 'public' }))).toEqual([
      'email.fanout',
      'statuspage.component',
    ]);
    expect(kinds(await outbox.claimDue({ now: T0, limit: 10, leaseMs: LEASE_MS, lane: 'team' }))).toEqual([
      'incident.post',
      'page.trigger',
    ]);
  });

  it('never hands one message to two claims running at once', async () => {
    // As many claims as the test database has connections, so on PostgreSQL they really do run side by side.
    const concurrentClaims = 4;
    const firsts: string[] = [];
    const seconds: string[] = [];
    for (let round = 0; round < 10; round += 1) {
      const keyed = Array.from({ length: 40 }, (_, index) => {
        const incidentId = randomUUID();
        return keyEffects(`r${round}i${index}`, [post(incidentId, 'first'), post(incidentId, 'second')]);
      });
      await enqueue(keyed.flat());
      const roundFirsts = keyed.map((pair) => pair[0]?.dedupeKey ?? '');
      firsts.push(...roundFirsts);
      seconds.push(...keyed.map((pair) => pair[1]?.dedupeKey ?? ''));

      const results = await Promise.all(Array.from({ length: concurrentClaims }, () => claim(T0, 15)));
      const claimed = results.flatMap(keysOf);
      expect(new Set(claimed).size).toBe(claimed.length);
      // Only the first message of each incident is claimable while the first is unfinished.
      for (const key of claimed) expect(roundFirsts).toContain(key);
      const rest = keysOf(await claim(T0, 100));
      expect([...claimed, ...rest].sort()).toEqual([...roundFirsts].sort());
    }

    const rows = await database.prisma.outboxMessage.findMany({ select: { dedupeKey: true, attempts: true } });
    const attempts = new Map(rows.map((r) => [r.dedupeKey, r.attempts]));
    for (const key of firsts) expect(attempts.get(key)).toBe(1);
    for (const key of seconds) expect(attempts.get(key)).toBe(0);
  });

  it("keeps one incident's messages in order: the next waits until the one before it is completed", async () => {
    const { a1, a2, b1 } = await enqueueTwoIncidents();

    expect(keysOf(await claim())).toEqual([a1, b1]);
    expect(await claim()).toEqual([]);
    // Even once A1's lease has run out, A1 is the one claimed again, never A2.
    expect(keysOf(await claim(at(LEASE_MS)))).toEqual([a1, b1]);

    const claimedA1 = await row(a1);
    await outbox.complete(claimedA1, at(LEASE_MS + 1_000));
    const next = await claim(at(LEASE_MS + 1_000));
    expect(keysOf(next)).toEqual([a2]);
    expect(next[0]?.effect).toMatchObject({ text: 'A2' });
  });

  it('never lets a message overtake the one before it while that one waits for a retry', async () => {
    const { a1, a2 } = await enqueueTwoIncidents();
    const [claimedA1] = await claim();
    expect(claimedA1?.dedupeKey).toBe(a1);
    if (!claimedA1) throw new Error('A1 was not claimed');

    await outbox.retryAt(claimedA1, at(30_000), 'Slack said internal_error');
    expect(await claim(at(1_000))).toEqual([]);
    expect(await claim(at(29_999))).toEqual([]);

    const [again] = await claim(at(30_000));
    expect(again).toEqual(expect.objectContaining({ dedupeKey: a1, attempts: 2 }));
    if (!again) throw new Error('A1 was not claimed again');
    await outbox.complete(again, at(31_000));
    expect(keysOf(await claim(at(31_000)))).toEqual([a2]);
  });

  it('lets the next message go once a person discards the one before it', async () => {
    const { a1, a2 } = await enqueueTwoIncidents();
    const [claimedA1] = await claim();
    if (!claimedA1) throw new Error('A1 was not claimed');
    expect(claimedA1.dedupeKey).toBe(a1);

    expect(await outbox.discard(claimedA1.id, 'discarded by a person')).toBe(true);
    expect(keysOf(await claim())).toEqual([a2]);
    expect(await outbox.discard(claimedA1.id, 'discarded by a person')).toBe(false);
  });

  it('lets the next message go past one held for a fault of its own, which is still retried on its backoff', async () => {
    const { a1, a2, b1 } = await enqueueTwoIncidents();
    const [claimedA1] = await claim();
    if (!claimedA1) throw new Error('A1 was not claimed');
    await outbox.retryAt(claimedA1, at(60_000), 'Slack said invalid_blocks', { leaveQueue: true });

    expect((await row(a1)).orderingKey).toBeNull();
    expect(keysOf(await claim(at(1_000)))).toEqual([a2]);
    // Retried by a person, it goes back in its place in the queue.
    expect(await outbox.retryNow(claimedA1.id, at(2_000))).toBe(true);
    expect((await row(a1)).orderingKey).toBe(
      `incident:${claimedA1.effect.kind === 'incident.post' ? claimedA1.effect.incidentId : ''}`,
    );
    // B1's first claim (at T0) has lapsed by then too.
    expect(keysOf(await claim(at(60_000)))).toEqual([a1, b1]);
  });

  it('writes an outcome only under the latest claim: a claim whose lease lapsed finishes nothing', async () => {
    const { a1 } = await enqueueTwoIncidents();
    const [first] = await claim();
    if (!first) throw new Error('A1 was not claimed');
    const [second] = await claim(at(LEASE_MS));
    if (second?.dedupeKey !== a1) throw new Error('A1 was not claimed again');

    expect(await outbox.renew(first, at(2 * LEASE_MS))).toBe(false);
    await outbox.complete(first, at(LEASE_MS + 1));
    await outbox.retryAt(first, at(LEASE_MS + 5_000), 'Slack said internal_error');
    await outbox.release(first);
    expect(await row(a1)).toMatchObject({ status: 'pending', attempts: 2, lockedUntil: at(2 * LEASE_MS) });

    expect(await outbox.renew(second, at(3 * LEASE_MS))).toBe(true);
    expect(await row(a1)).toMatchObject({ lockedUntil: at(3 * LEASE_MS) });
    // Released, the claim is undone: due as before, its attempt not counted.
    await outbox.release(second);
    expect(await row(a1)).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null, runAt: T0 });
    expect(await outbox.renew(second, at(4 * LEASE_MS))).toBe(false);
  });

  it('lists held and dead messages with their incident, retries one now and discards one', async () => {
    const incident = await declareIncident(database.prisma, {
      requestKey: 'troubled',
      title: 'Checkout is down',
      services: ['checkout-api'],
      declaredBy: 'U05ALICE01',
      declaredAt: T0,
      text: 'Declared',
    });
    const [stuck] = keyEffects('troubled', [post(incident.id, 'to a deleted channel')]);
    if (!stuck) throw new Error('keyEffects lost an effect');
    await database.prisma.outboxMessage.deleteMany();
    await enqueue([stuck]);
    for (let attempt = 1; attempt < HELD_AFTER_ATTEMPTS; attempt += 1) {
      const [claimed] = await claim();
      if (!claimed) throw new Error('not claimed');
      await outbox.retryAt(claimed, T0, 'Slack said channel_not_found');
    }
    expect(await outbox.listTroubled(10)).toEqual([]);
    const [third] = await claim();
    if (!third) throw new Error('not claimed');
    await outbox.retryAt(third, at(60_000), 'Slack said channel_not_found');

    const [held] = await outbox.listTroubled(10);
    expect(held).toEqual({
      id: third.id,
      kind: 'incident.post',
      status: 'held',
      incidentNumber: incident.number,
      attempts: HELD_AFTER_ATTEMPTS,
      lastError: 'Slack said channel_not_found',
      nextTryAt: at(60_000),
    });
    expect(await outbox.retryNow(third.id, at(1_000))).toBe(true);
    expect(keysOf(await claim(at(1_000)))).toEqual([stuck.dedupeKey]);

    expect(await outbox.discard(third.id, 'discarded by a person')).toBe(true);
    expect(await outbox.listTroubled(10)).toEqual([
      { ...held, status: 'dead', attempts: 4, lastError: 'discarded by a person', nextTryAt: null },
    ]);
    expect(await outbox.retryNow(randomUUID(), at(1_000))).toBe(false);
  });

  it('records the outcome: complete, retryAt and discard set status, attempts and the last error', async () => {
    const effects = keyEffects('outcomes', [
      post(randomUUID(), 'done'),
      post(randomUUID(), 'retry'),
      post(randomUUID(), 'dead'),
    ]);
    await enqueue(effects);
    const [done, retried, dead] = await claim();
    if (!done || !retried || !dead) throw new Error('not all three were claimed');

    await outbox.complete(done, at(2_000));
    await outbox.retryAt(retried, at(8_000), 'Slack said ratelimited');
    await outbox.discard(dead.id, 'Slack said invalid_blocks');

    expect(await row(done.dedupeKey)).toMatchObject({
      status: 'done',
      attempts: 1,
      doneAt: at(2_000),
      lockedUntil: null,
      lastError: null,
    });
    expect(await row(retried.dedupeKey)).toMatchObject({
      status: 'pending',
      attempts: 1,
      runAt: at(8_000),
      lockedUntil: null,
      lastError: 'Slack said ratelimited',
    });
    expect(await row(dead.dedupeKey)).toMatchObject({
      status: 'dead',
      attempts: 1,
      lockedUntil: null,
      doneAt: null,
      lastError: 'Slack said invalid_blocks',
    });
    expect(await outbox.pendingCount()).toBe(1);

    expect(keysOf(await claim(at(8_000)))).toEqual([retried.dedupeKey]);
    expect(await row(retried.dedupeKey)).toMatchObject({ attempts: 2, lastError: 'Slack said ratelimited' });
  });

  it('leaves a message it cannot read for a newer replica, out of its queue, and goes on with the next', async () => {
    const incidentId = randomUUID();
    await database.prisma.outboxMessage.create({
      data: {
        id: randomUUID(),
        dedupeKey: 'unreadable',
        orderingKey: `incident:${incidentId}`,
        kind: 'incident.post',
        payload: { kind: 'incident.post', incidentId: 'not-a-uuid', text: '' },
        runAt: T0,
      },
    });
    const [after] = keyEffects('after', [post(incidentId, 'the line after it')]);
    if (!after) throw new Error('keyEffects lost an effect');
    await enqueue([after]);

    expect(await claim()).toEqual([]);
    expect(await row('unreadable')).toMatchObject({
      status: 'pending',
      orderingKey: null,
      lockedUntil: null,
      runAt: at(5 * 60_000),
      lastError: expect.stringMatching(/^unreadable payload \(written by a newer sitrep\?\): /),
    });
    expect(await claim()).toEqual([expect.objectContaining({ dedupeKey: after.dedupeKey, effect: after.effect })]);
  });

  it('reads the lag of the oldest due, unfinished message and counts the pending ones', async () => {
    expect(await outbox.readLagSeconds(T0)).toBe(0);
    expect(await outbox.pendingCount()).toBe(0);

    const { a1, b1 } = await enqueueTwoIncidents();
    await enqueue(keyEffects('future', [post(randomUUID(), 'not due yet')]), at(600_000));
    expect(await outbox.pendingCount()).toBe(4);
    expect(await outbox.readLagSeconds(at(-1_000))).toBe(0);
    expect(await outbox.readLagSeconds(at(90_500))).toBe(90.5);

    // Claimed but unfinished still counts: a stuck worker shows as lag.
    const claimed = await claim();
    expect(keysOf(claimed)).toEqual([a1, b1]);
    expect(await outbox.readLagSeconds(at(10_000))).toBe(10);
    expect(await outbox.pendingCount()).toBe(4);

    for (const message of claimed) await outbox.complete(message, at(1_000));
    expect(await outbox.pendingCount()).toBe(2);
    const [a2] = await claim(at(1_000));
    if (!a2) throw new Error('A2 was not claimed');
    await outbox.discard(a2.id, 'discarded by a person');
    expect(await outbox.pendingCount()).toBe(1);
    expect(await outbox.readLagSeconds(at(300_000))).toBe(0);
    expect(await outbox.readLagSeconds(at(660_000))).toBe(60);
  });
});
