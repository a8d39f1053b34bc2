import { HELD_AFTER_ATTEMPTS, outboxBackoffMs } from '../../domain/outbox/outbox-backoff.ts';
import type { ClaimedMessage, OutboxLane, TOutboxEffect } from '../../domain/outbox/outbox-effect.ts';

/**
 * What a sweep needs of the outbox: the claim, and a way to write down each outcome. Every write after the claim
 * names the claim (the message's id and its attempt number), and does nothing once another worker has claimed the
 * message again, so a worker whose lease lapsed never finishes someone else's claim.
 */
export type OutboxQueue = {
  claimDue: (options: { now: Date; limit: number; leaseMs: number }) => Promise<ClaimedMessage[]>;
  /** Extends the claim's lease; false when the message is no longer ours. */
  renew: (claim: ClaimedMessage, lockedUntil: Date) => Promise<boolean>;
  complete: (claim: ClaimedMessage, now: Date) => Promise<void>;
  /** `leaveQueue`: the message no longer holds up the messages after it in its channel's queue. */
  retryAt: (claim: ClaimedMessage, runAt: Date, error: string, options?: { leaveQueue?: boolean }) => Promise<void>;
  /** Hands the message back as it was before the claim: the attempt is not charged to it. */
  release: (claim: ClaimedMessage) => Promise<void>;
  /** Ends the message for good, with the reason: what it was for can never happen. */
  settle: (claim: ClaimedMessage, reason: string) => Promise<void>;
};

/**
 * How a failed effect should be treated: retried soon (after the delay its service asked for, if any), retried on a
 * long backoff (`retry: false`, a cause someone has to fix), or the whole workspace paused (the token or its scopes:
 * no message can go until someone fixes the installation, so none is charged for it).
 */
export type FailureVerdict =
  | { retry: true; afterMs?: number; reason: string }
  /**
   * `ownFault`: the message itself is what Slack refused (its blocks, its length), not the channel: once held it steps
   * out of its channel's queue, as no fix to the channel would let it through.
   */
  | { retry: false; reason: string; ownFault?: boolean }
  | { pause: true; reason: string; fix: string; needed?: string[] }
  /** Never possible, and nothing lost by not trying (a line for a channel Slack will never create). */
  | { settle: true; reason: string };

/** What the sweep asks of the workspace-wide pause (see workspace-pause.ts). */
export type PauseSwitch = {
  isPaused: () => boolean;
  /** `needed`: the scopes Slack said were missing, which the token must have again before delivery resumes. */
  pause: (cause: { reason: string; fix: string; needed?: string[] }) => void;
};

export type DeliverEffectsOptions = {
  outbox: OutboxQueue;
  /** Carries out the effect of message `outboxId`; `retried` when an earlier try may have reached Slack unseen. */
  run: (effect: TOutboxEffect, delivery: { outboxId: string; retried: boolean }) => Promise<void>;
  judge: (error: unknown) => FailureVerdict;
  now: () => Date;
  /** Messages carried out per sweep. Each is claimed on its own, so a claim is only as long as one effect. */
  batchSize?: number;
  /** How long a claim lasts without renewal; it is renewed every third of it while the effect runs. */
  leaseMs?: number;
  /** Backoff of a retryable failure doubles from 1 s per attempt up to this. */
  maxBackoffMs?: number;
  /** Stops the sweep on an auth failure; without it such a failure is retried like any other. */
  pause?: PauseSwitch;
  /** Only the messages of this lane; every message without it. */
  lane?: OutboxLane;
  /** Told once, when a permanent failure has been tried `HELD_AFTER_ATTEMPTS` times and goes on the long backoff. */
  onHeld?: (dedupeKey: string, reason: string) => void;
};

export type DeliveryReport = { delivered: number; retried: number };

const backoffFor = (
  verdict: Exclude<FailureVerdict, { settle: true }>,
  attempts: number,
  maxBackoffMs: number,
): number => {
  // Without a pause switch (a sweep of its own, in a test), an auth failure waits like an outage.
  if ('pause' in verdict) return outboxBackoffMs({ attempts, transient: true, maxBackoffMs });
  if (verdict.retry && verdict.afterMs !== undefined) return Math.max(verdict.afterMs, 0);
  return outboxBackoffMs({ attempts, transient: verdict.retry, maxBackoffMs });
};

/** Runs `work` while renewing the claim's lease every third of it, so a slow Slack never outlasts the claim. */
const whileLeased = async <T>(
  { outbox, claim, leaseMs, now }: { outbox: OutboxQueue; claim: ClaimedMessage; leaseMs: number; now: () => Date },
  work: () => Promise<T>,
): Promise<T> => {
  const timer = setInterval(() => {
    outbox.renew(claim, new Date(now().getTime() + leaseMs)).catch(() => {
      // A renewal lost to a database hiccup is tried again at the next tick; the lease still has two thirds left.
    });
  }, leaseMs / 3);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
};

/**
 * One sweep of the outbox: claims due effects one at a time, up to a capped batch, and carries each out. Each
 * outcome is written back under the claim, so a sweep can run on several replicas at once and again after a crash
 * without doing anything twice that it had finished.
 */
export const deliverDueEffects = async ({
  outbox,
  run,
  judge,
  now,
  batchSize = 20,
  leaseMs = 60_000,
  maxBackoffMs = 60_000,
  pause,
  lane,
  onHeld,
}: DeliverEffectsOptions): Promise<DeliveryReport> => {
  const report: DeliveryReport = { delivered: 0, retried: 0 };
  for (let taken = 0; taken < batchSize && !pause?.isPaused(); taken += 1) {
    const [claim] = await outbox.claimDue({ now: now(), limit: 1, leaseMs, ...(lane === undefined ? {} : { lane }) });
    if (!claim) break;
    try {
      await whileLeased({ outbox, claim, leaseMs, now }, () =>
        // Any earlier try may have been sent with its answer lost (a timeout, a crash, a lease run out).
        run(claim.effect, { outboxId: claim.id, retried: claim.attempts > 1 }),
      );
      await outbox.complete(claim, now());
      report.delivered += 1;
    } catch (error) {
      const verdict = judge(error);
      if ('settle' in verdict) {
        await outbox.settle(claim, verdict.reason);
        continue;
      }
      if ('pause' in verdict && pause) {
        await outbox.release(claim);
        pause.pause(verdict);
        break;
      }
      const delay = backoffFor(verdict, claim.attempts, maxBackoffMs);
      const held = 'retry' in verdict && !verdict.retry && claim.attempts >= HELD_AFTER_ATTEMPTS;
      const leaveQueue = held && 'ownFault' in verdict && verdict.ownFault === true;
      await outbox.retryAt(claim, new Date(now().getTime() + delay), verdict.reason, { leaveQueue });
      if (held && claim.attempts === HELD_AFTER_ATTEMPTS) onHeld?.(claim.dedupeKey, verdict.reason);
      report.retried += 1;
    }
  }
  return report;
};
