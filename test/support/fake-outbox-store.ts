import { HELD_AFTER_ATTEMPTS } from '../../src/domain/outbox/outbox-backoff.ts';
import type { ClaimedMessage } from '../../src/domain/outbox/outbox-effect.ts';
import type { OutboxClaim, OutboxStore } from '../../src/store/outbox-store.ts';

export type FakeOutboxMessage = ClaimedMessage & {
  status: 'pending' | 'done' | 'dead';
  runAt: Date;
  lockedUntil: Date | null;
  lastError: string | null;
  doneAt: Date | null;
  /** Taken out of its channel's queue (the real store clears its ordering key); this fake keeps no queues. */
  leftQueue: boolean;
};

export type FakeOutboxStore = OutboxStore & {
  /** Every message, in the order enqueued. */
  messages: FakeOutboxMessage[];
  /** The message with this dedupe key; throws when there is none. */
  get: (dedupeKey: string) => FakeOutboxMessage;
};

/**
 * An in-memory outbox with the real one's rules: a due, unleased message is claimed for the lease, counting an
 * attempt; a repeated dedupe key is ignored. It keeps no order between incidents beyond enqueue order.
 */
export const createFakeOutboxStore = (): FakeOutboxStore => {
  const messages: FakeOutboxMessage[] = [];
  const byId = (id: string): FakeOutboxMessage => {
    const message = messages.find((m) => m.id === id);
    if (!message) throw new Error(`no outbox message ${id}`);
    return message;
  };
  const isPending = (message: FakeOutboxMessage) => message.status === 'pending';
  /** The message while this claim is still the latest (the real store's guard on id and attempt number). */
  const claimed = ({ id, attempts }: OutboxClaim): FakeOutboxMessage | undefined => {
    const message = byId(id);
    return isPending(message) && message.attempts === attempts ? message : undefined;
  };

  return {
    messages,
    // Synchronous up to its end, so tests may enqueue without awaiting.
    enqueue: async (effects, now) => {
      for (const { dedupeKey, effect } of effects) {
        if (messages.some((m) => m.dedupeKey === dedupeKey)) continue;
        messages.push({
          id: `msg-${messages.length + 1}`,
          dedupeKey,
          effect,
          attempts: 0,
          status: 'pending',
          runAt: now,
          lockedUntil: null,
          lastError: null,
          doneAt: null,
          leftQueue: false,
        });
      }
    },
    get: (dedupeKey) => {
      const message = messages.find((m) => m.dedupeKey === dedupeKey);
      if (!message) throw new Error(`no outbox message ${dedupeKey}`);
      return message;
    },

    readLagSeconds: async (now) => {
      const due = messages.filter((m) => isPending(m) && m.runAt <= now).map((m) => m.runAt.getTime());
      return due.length === 0 ? 0 : Math.max(0, (now.getTime() - Math.min(...due)) / 1000);
    },
    claimDue: async ({ now, limit, leaseMs }) => {
      const due = messages
        .filter((m) => isPending(m) && m.runAt <= now && (m.lockedUntil === null || m.lockedUntil <= now))
        .slice(0, limit);
      for (const message of due) {
        message.attempts += 1;
        message.lockedUntil = new Date(now.getTime() + leaseMs);
      }
      return due.map(({ id, dedupeKey, attempts, effect }) => ({ id, dedupeKey, attempts, effect }));
    },
    renew: async (claim, lockedUntil) => {
      const message = claimed(claim);
      if (!message || message.lockedUntil === null) return false;
      message.lockedUntil = lockedUntil;
      return true;
    },
    complete: async (claim, now) => {
      const message = claimed(claim);
      if (!message) return;
      message.status = 'done';
      message.doneAt = now;
      message.lockedUntil = null;
    },
    retryAt: async (claim, runAt, error, options) => {
      const message = claimed(claim);
      if (!message) return;
      message.runAt = runAt;
      message.lockedUntil = null;
      message.lastError = error;
      if (options?.leaveQueue) message.leftQueue = true;
    },
    release: async (claim) => {
      const message = claimed(claim);
      if (!message) return;
      message.attempts -= 1;
      message.lockedUntil = null;
    },
    settle: async (claim, reason) => {
      const message = claimed(claim);
      if (message) Object.assign(message, { status: 'dead', lockedUntil: null, lastError: reason });
    },
    listTroubled: async (limit) =>
      messages
        .filter((m) => m.status === 'dead' || (isPending(m) && m.attempts >= HELD_AFTER_ATTEMPTS && m.lastError))
        .slice(0, limit)
        .map((m) => ({
          id: m.id,
          kind: m.effect.kind,
          status: m.status === 'dead' ? 'dead' : 'held',
          incidentNumber: null,
          attempts: m.attempts,
          lastError: m.lastError,
          nextTryAt: m.status === 'dead' ? null : m.runAt,
        })),
    retryNow: async (id, now) => {
      const message = messages.find((m) => m.id === id && m.status !== 'done');
      if (!message) return false;
      Object.assign(message, { status: 'pending', runAt: now, lockedUntil: null });
      return true;
    },
    discard: async (id, reason) => {
      const message = messages.find((m) => m.id === id && isPending(m));
      if (!message) return false;
      Object.assign(message, { status: 'dead', lockedUntil: null, lastError: reason });
      return true;
    },
    pendingCount: async () => messages.filter(isPending).length,
  };
};
