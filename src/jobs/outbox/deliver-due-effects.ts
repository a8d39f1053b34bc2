import type { ClaimedMessage, TOutboxEffect } from '../../domain/outbox/outbox-effect.ts';

/** What a sweep needs of the outbox: the claim, and a way to write down each outcome. */
export type OutboxQueue = {
  claimDue: (options: { now: Date; limit: number; leaseMs: number }) => Promise<ClaimedMessage[]>;
  complete: (id: string, now: Date) => Promise<void>;
  retryAt: (id: string, runAt: Date, error: string) => Promise<void>;
  giveUp: (id: string, error: string) => Promise<void>;
};

/** How a failed effect should be treated: retried (after the delay its service asked for, if any) or given up. */
export type FailureVerdict = { retry: true; afterMs?: number; reason: string } | { retry: false; reason: string };

export type DeliverEffectsOptions = {
  outbox: OutboxQueue;
  run: (effect: TOutboxEffect) => Promise<void>;
  judge: (error: unknown) => FailureVerdict;
  now: () => Date;
  /** Messages claimed per sweep. */
  batchSize?: number;
  /** How long a claimed message stays ours; longer than any one effect may take. */
  leaseMs?: number;
  /** Backoff doubles from 1 s per attempt up to this. */
  maxBackoffMs?: number;
  /** A permanent failure is retried this many times before it is given up (a human may fix the cause meanwhile). */
  maxPermanentAttempts?: number;
  onGiveUp?: (dedupeKey: string, reason: string) => void;
};

export type DeliveryReport = { delivered: number; retried: number; givenUp: number };

/**
 * One sweep of the outbox: claims a capped batch of due effects and carries them out in order. Each outcome is
 * written back, so a sweep can run on several replicas at once and again after a crash without doing anything
 * twice that it had finished.
 */
export const deliverDueEffects = async ({
  outbox,
  run,
  judge,
  now,
  batchSize = 20,
  leaseMs = 60_000,
  maxBackoffMs = 60_000,
  maxPermanentAttempts = 5,
  onGiveUp,
}: DeliverEffectsOptions): Promise<DeliveryReport> => {
  const report: DeliveryReport = { delivered: 0, retried: 0, givenUp: 0 };
  const claimed = await outbox.claimDue({ now: now(), limit: batchSize, leaseMs });
  for (const message of claimed) {
    try {
      await run(message.effect);
      await outbox.complete(message.id, now());
      report.delivered += 1;
    } catch (error) {
      const verdict = judge(error);
      if (!verdict.retry && message.attempts >= maxPermanentAttempts) {
        await outbox.giveUp(message.id, verdict.reason);
        onGiveUp?.(message.dedupeKey, verdict.reason);
        report.givenUp += 1;
        continue;
      }
      const backoff = Math.min(maxBackoffMs, 1000 * 2 ** Math.min(message.attempts - 1, 16));
      const delay = verdict.retry && verdict.afterMs !== undefined ? Math.max(verdict.afterMs, 0) : backoff;
      await outbox.retryAt(message.id, new Date(now().getTime() + delay), verdict.reason);
      report.retried += 1;
    }
  }
  return report;
};
