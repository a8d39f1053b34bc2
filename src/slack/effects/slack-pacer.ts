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
   * Takes a token for `method` on `scope` (the channel, or the workspace) at `now`: 0 when the call may go now,
   * otherwise how many milliseconds to wait, and no token is taken.
   */
  take: (options: { method: keyof typeof SLACK_PACE_RULES; scope: string; now: Date }) => number;
};

type Bucket = { tokens: number; updatedAt: number };

const MAX_BUCKETS = 10_000;

/**
 * Keeps this process within Slack's rate tiers so a burst of incidents is spread out rather than refused; Slack's
 * own 429 with Retry-After still covers several replicas sharing a workspace. Idle buckets are forgotten.
 */
export const createSlackPacer = (
  rules: Record<keyof typeof SLACK_PACE_RULES, PaceRule> = SLACK_PACE_RULES,
): SlackPacer => {
  const buckets = new Map<string, Bucket>();
  // A bucket idle long enough to be full again is the same as no bucket.
  const forgetFullBuckets = (at: number) => {
    const longest = Math.max(...Object.values(rules).map((rule) => rule.burst * rule.intervalMs));
    for (const [key, bucket] of buckets) if (at - bucket.updatedAt >= longest) buckets.delete(key);
  };
  return {
    take: ({ method, scope, now }) => {
      const rule = rules[method];
      const key = `${method}\u0000${scope}`;
      const at = now.getTime();
      const previous = buckets.get(key) ?? { tokens: rule.burst, updatedAt: at };
      const refilled = Math.min(rule.burst, previous.tokens + Math.max(0, at - previous.updatedAt) / rule.intervalMs);
      if (buckets.size > MAX_BUCKETS) forgetFullBuckets(at);
      if (refilled >= 1) {
        buckets.set(key, { tokens: refilled - 1, updatedAt: at });
        return 0;
      }
      buckets.set(key, { tokens: refilled, updatedAt: at });
      return Math.ceil((1 - refilled) * rule.intervalMs);
    },
  };
};
