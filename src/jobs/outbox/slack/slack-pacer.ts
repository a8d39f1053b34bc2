/** A token bucket: `burst` calls at once, then one every `intervalMs`. */
export type PaceRule = { burst: number; intervalMs: number };

/**
 * Slack's published limits for the calls the outbox makes in bursts: conversations.create is Tier 2 (20 a minute
 * per workspace) and chat.postMessage about one a second per channel, with short bursts tolerated.
 */
export const SLACK_PACE_RULES = {
  'conversations.create': { burst: 20, intervalMs: 3_000 },
  'chat.postMessage': { burst: 5, intervalMs: 1_000 },
} as const satisfies Record<string, PaceRule>;

export type SlackPacer = {
  /**
   * Asks for a turn for `method` on `scope` (the channel, or the workspace) at `now`, on behalf of `ticket` (the same
   * for every try of one piece of work): 0 when the call may go now, otherwise how many milliseconds until the turn
   * booked for that ticket. Coming back then, the ticket goes at once: its turn was paid for when it was booked.
   */
  take: (options: { method: keyof typeof SLACK_PACE_RULES; scope: string; now: Date; ticket: string }) => number;
};

/** `tokens` goes below zero by one for each turn booked ahead; `booked` holds when each ticket's turn comes. */
type Bucket = { tokens: number; updatedAt: number; booked: Map<string, number> };

const MAX_BUCKETS = 10_000;
/**
 * A booked turn this long past is dropped: its ticket is not coming back to this process (given up, or carried out
 * by another replica), and the booking would otherwise be kept for ever.
 */
const FORGET_BOOKING_MS = 10 * 60_000;

/**
 * Keeps this process within Slack's rate tiers so a burst of incidents is spread out rather than refused; Slack's
 * own 429 with Retry-After still covers several replicas sharing a workspace. A call that must wait is booked the
 * next free turn, in the order they asked, so a backlog of a thousand channels is tried once each at its turn
 * instead of all of them at every sweep of the outbox. Idle buckets are forgotten.
 */
export const createSlackPacer = (
  rules: Record<keyof typeof SLACK_PACE_RULES, PaceRule> = SLACK_PACE_RULES,
): SlackPacer => {
  const buckets = new Map<string, Bucket>();
  // A bucket idle long enough to be full again, with no turn booked, is the same as no bucket.
  const forgetFullBuckets = (at: number) => {
    const longest = Math.max(...Object.values(rules).map((rule) => rule.burst * rule.intervalMs));
    for (const [key, bucket] of buckets) {
      if (bucket.booked.size === 0 && at - bucket.updatedAt >= longest) buckets.delete(key);
    }
  };
  return {
    take: ({ method, scope, now, ticket }) => {
      const rule = rules[method];
      const key = `${method}\u0000${scope}`;
      const at = now.getTime();
      if (buckets.size > MAX_BUCKETS) forgetFullBuckets(at);
      const bucket = buckets.get(key) ?? { tokens: rule.burst, updatedAt: at, booked: new Map() };
      buckets.set(key, bucket);
      bucket.tokens = Math.min(rule.burst, bucket.tokens + Math.max(0, at - bucket.updatedAt) / rule.intervalMs);
      bucket.updatedAt = Math.max(bucket.updatedAt, at);
      for (const [other, turn] of bucket.booked) if (at - turn > FORGET_BOOKING_MS) bucket.booked.delete(other);

      const turn = bucket.booked.get(ticket);
      if (turn !== undefined) {
        if (turn > at) return turn - at;
        bucket.booked.delete(ticket);
        return 0;
      }
      bucket.tokens -= 1;
      if (bucket.tokens >= 0) return 0;
      // The token just taken is the one that refills when the debt is paid off.
      const waitMs = Math.ceil(-bucket.tokens * rule.intervalMs);
      bucket.booked.set(ticket, at + waitMs);
      return waitMs;
    },
  };
};
