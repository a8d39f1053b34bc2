/**
 * A message failing for a cause someone must fix (`channel_not_found`, `is_archived`) is held from this attempt on:
 * retried on the long backoff below and listed by `sitrep outbox`. Nothing is dropped unless a person discards it.
 */
export const HELD_AFTER_ATTEMPTS = 3;

/** 1 min, 5 min, 30 min, then every 3 h: a fix made by a person is picked up within hours at most. */
const HELD_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 3 * 3_600_000];

export type OutboxBackoffOptions = {
  /** The attempt that just failed, counting from 1. */
  attempts: number;
  /** A failure that may pass by itself (an outage, a database failover) rather than one someone must fix. */
  transient: boolean;
  /** Cap of the transient backoff. */
  maxBackoffMs: number;
};

/**
 * How long a failed outbox message waits before its next try. Transient failures double from 1 s up to
 * `maxBackoffMs` and are retried for ever. Permanent ones take the same first steps (a person may be fixing the cause
 * right now), then from `HELD_AFTER_ATTEMPTS` the long backoff, ending at every 3 hours.
 * @example outboxBackoffMs({ attempts: 1, transient: false, maxBackoffMs: 60_000 }) // 1_000
 * @example outboxBackoffMs({ attempts: 4, transient: false, maxBackoffMs: 60_000 }) // 300_000
 */
export const outboxBackoffMs = ({ attempts, transient, maxBackoffMs }: OutboxBackoffOptions): number => {
  if (!transient && attempts >= HELD_AFTER_ATTEMPTS) {
    return HELD_BACKOFF_MS[Math.min(attempts - HELD_AFTER_ATTEMPTS, HELD_BACKOFF_MS.length - 1)] ?? 0;
  }
  return Math.min(maxBackoffMs, 1000 * 2 ** Math.min(attempts - 1, 16));
};
