import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HELD_AFTER_ATTEMPTS } from '../../../src/domain/outbox/outbox-backoff.ts';
import { keyEffects, type TOutboxEffect } from '../../../src/domain/outbox/outbox-effect.ts';
import {
  type DeliverEffectsOptions,
  type DeliveryReport,
  deliverDueEffects,
  type FailureVerdict,
} from '../../../src/jobs/outbox/deliver-due-effects.ts';
import { createFakeOutboxStore } from '../../support/fake-outbox-store.ts';

const T0 = new Date('2026-03-10T09:00:00Z');
const INCIDENT = '0b7f2d4e-5c1a-4b8e-9f3d-2a6c8e1b4d70';
const OTHER = '6e1c9a3b-7d2f-4e5a-8b0c-1f4d7a2e9c63';

const post = (incidentId: string, text: string): TOutboxEffect => ({ kind: 'incident.post', incidentId, text });

const RETRYABLE: FailureVerdict = { retry: true, reason: 'Slack said internal_error' };
const PERMANENT: FailureVerdict = { retry: false, reason: 'Slack said channel_not_found' };

class SlackDown extends Error {}

/** An outbox with `effects` due at T0, a clock, and an effect runner that fails the posts it is told to, judged as told. */
const setUp = (effects: TOutboxEffect[] = [post(INCIDENT, 'first line')]) => {
  const outbox = createFakeOutboxStore();
  const keyed = keyEffects('change-1', effects);
  outbox.enqueue(keyed, T0);
  let clock = T0;
  const ran: TOutboxEffect[] = [];
  const failing = new Map<string, FailureVerdict>();
  const judged: unknown[] = [];
  const held: [string, string][] = [];
  const paused: { reason: string; fix: string }[] = [];
  const pause = {
    isPaused: () => paused.length > 0,
    pause: (cause: { reason: string; fix: string }) => paused.push(cause),
  };

  const sweep = (options: Partial<DeliverEffectsOptions> = {}): Promise<DeliveryReport> =>
    deliverDueEffects({
      outbox,
      run: async (effect) => {
        ran.push(effect);
        if (effect.kind === 'incident.post' && failing.has(effect.text)) throw new SlackDown(effect.text);
      },
      judge: (error) => {
        judged.push(error);
        const verdict = error instanceof SlackDown ? failing.get(error.message) : undefined;
        if (!verdict) throw new Error(`judged an unexpected failure: ${String(error)}`);
        return verdict;
      },
      now: () => clock,
      onHeld: (dedupeKey, reason) => held.push([dedupeKey, reason]),
      pause,
      ...options,
    });

  return {
    outbox,
    keys: keyed.map((k) => k.dedupeKey),
    ran,
    judged,
    held,
    paused,
    resume: () => {
      paused.length = 0;
    },
    sweep,
    fail: (text: string, as: FailureVerdict) => {
      failing.set(text, as);
    },
    heal: (text: string) => failing.delete(text),
    now: () => clock,
    setNow: (date: Date) => {
      clock = date;
    },
  };
};

/** Sweeps `times` times, each at the moment the message is due again; returns the waits it was given. */
const sweepRepeatedly = async (
  setup: ReturnType<typeof setUp>,
  times: number,
  options: Partial<DeliverEffectsOptions> = {},
): Promise<number[]> => {
  const key = setup.keys[0] ?? '';
  const waits: number[] = [];
  for (let i = 0; i < times; i += 1) {
    setup.setNow(setup.outbox.get(key).runAt);
    const sweptAt = setup.now();
    await setup.sweep(options);
    waits.push(setup.outbox.get(key).runAt.getTime() - sweptAt.getTime());
  }
  return waits;
};

describe('deliverDueEffects', () => {
  it('carries out the due effects in order and completes each', async () => {
    const effects = [
      post(INCIDENT, 'one'),
      post(OTHER, 'two'),
      { kind: 'incident.refresh' as const, incidentId: INCIDENT },
    ];
    const setup = setUp(effects);
    setup.setNow(new Date(T0.getTime() + 1_500));

    expect(await setup.sweep()).toEqual({ delivered: 3, retried: 0 });

    expect(setup.ran).toEqual(effects);
    for (const key of setup.keys) {
      expect(setup.outbox.get(key)).toMatchObject({ status: 'done', doneAt: setup.now(), attempts: 1 });
    }
    expect(await setup.sweep()).toEqual({ delivered: 0, retried: 0 });
    expect(setup.ran).toHaveLength(3);
  });

  it('carries out at most batchSize messages, claiming each on its own for leaseMs', async () => {
    const setup = setUp(Array.from({ length: 25 }, (_, i) => post(INCIDENT, `line ${i}`)));
    expect(await setup.sweep()).toEqual({ delivered: 20, retried: 0 });
    expect(await setup.sweep({ batchSize: 3 })).toEqual({ delivered: 3, retried: 0 });

    const claims: { limit: number; leaseMs: number }[] = [];
    const { outbox } = setup;
    await setup.sweep({
      outbox: {
        ...outbox,
        claimDue: (options) => {
          claims.push(options);
          return outbox.claimDue(options);
        },
      },
      batchSize: 7,
      leaseMs: 5_000,
    });
    // Two were left: a claim is only ever as long as one effect, however slow Slack is.
    expect(claims).toEqual(Array.from({ length: 3 }, () => ({ now: setup.now(), limit: 1, leaseMs: 5_000 })));
  });

  it.each([
    { maxBackoffMs: undefined, waits: [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000] },
    { maxBackoffMs: 5_000, waits: [1_000, 2_000, 4_000, 5_000, 5_000, 5_000] },
    { maxBackoffMs: 200, waits: [200, 200, 200] },
  ])(
    'backs off a retryable failure from 1 s, doubling up to maxBackoffMs ($maxBackoffMs)',
    async ({ maxBackoffMs, waits }) => {
      const setup = setUp();
      setup.fail('first line', RETRYABLE);

      const options = maxBackoffMs === undefined ? {} : { maxBackoffMs };
      expect(await sweepRepeatedly(setup, waits.length, options)).toEqual(waits);

      // However long it fails, a failure Slack calls temporary is never given up.
      expect(setup.outbox.get(setup.keys[0] ?? '')).toMatchObject({
        status: 'pending',
        attempts: waits.length,
        lockedUntil: null,
        lastError: 'Slack said internal_error',
      });
      expect(setup.held).toEqual([]);
      expect(setup.judged).toHaveLength(waits.length);
      expect(setup.judged[0]).toBeInstanceOf(SlackDown);
    },
  );

  it.each([
    { afterMs: 30_000, attemptsBefore: 0, why: 'longer than maxBackoffMs' },
    { afterMs: 250, attemptsBefore: 3, why: 'shorter than the backoff' },
    { afterMs: 0, attemptsBefore: 1, why: 'zero' },
  ])('waits exactly the Retry-After Slack gave ($why)', async ({ afterMs, attemptsBefore }) => {
    const setup = setUp();
    setup.fail('first line', RETRYABLE);
    await sweepRepeatedly(setup, attemptsBefore, { maxBackoffMs: 5_000 });
    setup.fail('first line', { retry: true, afterMs, reason: 'rate limited' });

    expect(await sweepRepeatedly(setup, 1, { maxBackoffMs: 5_000 })).toEqual([afterMs]);
    expect(setup.outbox.get(setup.keys[0] ?? '')).toMatchObject({ status: 'pending', lastError: 'rate limited' });
  });

  it('holds a permanent failure on a long backoff after its first tries, never dropping it, and says so once', async () => {
    const setup = setUp();
    setup.fail('first line', PERMANENT);
    const key = setup.keys[0] ?? '';

    // Someone may be fixing the cause (inviting the bot back) right now: the first tries come soon.
    expect(await sweepRepeatedly(setup, 2)).toEqual([1_000, 2_000]);
    expect(setup.held).toEqual([]);
    const minutes = (n: number) => n * 60_000;
    expect(await sweepRepeatedly(setup, 6)).toEqual([
      minutes(1),
      minutes(5),
      minutes(30),
      minutes(180),
      minutes(180),
      minutes(180),
    ]);
    expect(setup.held).toEqual([[key, 'Slack said channel_not_found']]);
    expect(setup.outbox.get(key)).toMatchObject({
      status: 'pending',
      attempts: 8,
      lockedUntil: null,
      lastError: 'Slack said channel_not_found',
    });
    expect(await setup.outbox.listTroubled(10)).toEqual([expect.objectContaining({ status: 'held', attempts: 8 })]);
    // The channel's fault: fixing the channel lets it through, in order with the channel's later messages.
    expect(setup.outbox.get(key).leftQueue).toBe(false);
  });

  it("takes a message held for a fault of its own out of its channel's queue, once held", async () => {
    const setup = setUp();
    setup.fail('first line', { retry: false, reason: 'Slack said invalid_blocks', ownFault: true });
    const key = setup.keys[0] ?? '';

    await sweepRepeatedly(setup, HELD_AFTER_ATTEMPTS - 1);
    expect(setup.outbox.get(key).leftQueue).toBe(false);
    await sweepRepeatedly(setup, 1);
    expect(setup.outbox.get(key)).toMatchObject({ status: 'pending', attempts: HELD_AFTER_ATTEMPTS, leftQueue: true });
    expect(setup.held).toEqual([[key, 'Slack said invalid_blocks']]);
  });

  it('settles at once, and never tries again, an effect that can never be carried out', async () => {
    const setup = setUp([post(INCIDENT, 'first line'), post(OTHER, 'other line')]);
    setup.fail('first line', { settle: true, reason: 'incident 42 has no channel: Slack said restricted_action' });
    await setup.sweep();
    const [key] = setup.keys;
    expect(setup.outbox.get(key ?? '')).toMatchObject({
      status: 'dead',
      lockedUntil: null,
      lastError: 'incident 42 has no channel: Slack said restricted_action',
    });
    expect(setup.ran.map((effect) => ('text' in effect ? effect.text : ''))).toEqual(['first line', 'other line']);
    expect(await setup.outbox.pendingCount()).toBe(0);
  });

  it('pauses the workspace on an auth failure: the message keeps its attempt and nothing more is tried', async () => {
    const setup = setUp([post(INCIDENT, 'refused'), post(OTHER, 'next')]);
    const fix = 'reinstall the app in the workspace';
    setup.fail('refused', { pause: true, reason: 'Slack said invalid_auth', fix });

    expect(await setup.sweep()).toEqual({ delivered: 0, retried: 0 });
    expect(setup.paused).toEqual([{ pause: true, reason: 'Slack said invalid_auth', fix }]);
    expect(setup.ran).toEqual([post(INCIDENT, 'refused')]);
    expect(setup.outbox.get(setup.keys[0] ?? '')).toMatchObject({
      status: 'pending',
      attempts: 0,
      lockedUntil: null,
      runAt: T0,
    });
    // While paused a sweep claims nothing.
    expect(await setup.sweep()).toEqual({ delivered: 0, retried: 0 });
    expect(setup.ran).toHaveLength(1);

    setup.heal('refused');
    setup.resume();
    expect(await setup.sweep()).toEqual({ delivered: 2, retried: 0 });
    expect(setup.keys.map((k) => setup.outbox.get(k))).toEqual([
      expect.objectContaining({ status: 'done', attempts: 1 }),
      expect.objectContaining({ status: 'done', attempts: 1 }),
    ]);
  });

  it('retries an auth failure on the backoff when the sweep has no pause switch', async () => {
    const setup = setUp();
    setup.fail('first line', { pause: true, reason: 'Slack said invalid_auth', fix: 'reinstall' });
    expect(await sweepRepeatedly(setup, 3, { pause: undefined })).toEqual([1_000, 2_000, 4_000]);
    expect(setup.outbox.get(setup.keys[0] ?? '')).toMatchObject({ status: 'pending', attempts: 3 });
  });

  it('renews the lease while a slow effect runs, and finishes nothing once another worker claimed it', async () => {
    const setup = setUp([post(INCIDENT, 'slow')]);
    const key = setup.keys[0] ?? '';
    const leases: { lease: number; readAt: number }[] = [];
    let release = () => {};
    const sweeping = setup.sweep({
      leaseMs: 300,
      now: () => new Date(),
      run: () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    });
    for (let i = 0; i < 4; i += 1) {
      await sleep(150);
      leases.push({ lease: setup.outbox.get(key).lockedUntil?.getTime() ?? 0, readAt: Date.now() });
    }
    // Renewed every 100 ms, so the lease (300 ms) always reaches past now, long after the first one ran out.
    for (const [i, { lease, readAt }] of leases.entries()) expect(lease, `lease ${i}`).toBeGreaterThan(readAt);
    expect(new Set(leases.map(({ lease }) => lease)).size).toBeGreaterThan(1);

    // Another worker takes the message over (as after a stall longer than the lease): the first finishes nothing.
    const message = setup.outbox.get(key);
    message.attempts += 1;
    release();
    await sweeping;
    expect(setup.outbox.get(key)).toMatchObject({ status: 'pending', attempts: 2 });
  });

  it('delivers an effect that succeeds on a later try', async () => {
    const setup = setUp();
    setup.fail('first line', PERMANENT);
    await sweepRepeatedly(setup, 2);
    setup.heal('first line');

    setup.setNow(setup.outbox.get(setup.keys[0] ?? '').runAt);
    expect(await setup.sweep()).toEqual({ delivered: 1, retried: 0 });
    expect(setup.outbox.get(setup.keys[0] ?? '')).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('goes on with the rest of the batch after a failure', async () => {
    const setup = setUp([post(INCIDENT, 'fails'), post(OTHER, 'works'), post(INCIDENT, 'also fails')]);
    setup.fail('fails', RETRYABLE);
    setup.fail('also fails', PERMANENT);

    expect(await setup.sweep()).toEqual({ delivered: 1, retried: 2 });
    expect(setup.keys.map((key) => setup.outbox.get(key).status)).toEqual(['pending', 'done', 'pending']);
  });
});
