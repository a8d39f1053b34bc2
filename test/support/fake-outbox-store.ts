import type { ClaimedMessage } from '../../src/domain/outbox/outbox-effect.ts';
import type { OutboxStore } from '../../src/store/outbox-store.ts';

export type FakeOutboxMessage = ClaimedMessage & {
  status: 'pending' | 'done' | 'dead';
  runAt: Date;
  lockedUntil: Date | null;
  lastError: string | null;
  doneAt: Date | null;
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
    complete: async (id, now) => {
      const message = byId(id);
      message.status = 'done';
      message.doneAt = now;
      message.lockedUntil = null;
    },
    retryAt: async (id, runAt, error) => {
      const message = byId(id);
      message.runAt = runAt;
      message.lockedUntil = null;
      message.lastError = error;
    },
    giveUp: async (id, error) => {
      const message = byId(id);
      message.status = 'dead';
      message.lockedUntil = null;
      message.lastError = error;
    },
    pendingCount: async () => messages.filter(isPending).length,
  };
};
