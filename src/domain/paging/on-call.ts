/** Who is on call at one level of a PagerDuty escalation policy now, as PagerDuty says. */
export type OnCallEntry = {
  level: number;
  name: string;
  /** The PagerDuty user's email: how sitrep finds them in Slack. */
  email: string | null;
  /** The schedule that puts them there; null when the level names them directly. */
  schedule: string | null;
  /** When their turn ends; null when it does not (a level without a schedule). */
  until: Date | null;
};

/** PagerDuty's REST API as `/incident oncall` uses it; throws `ServiceError` when PagerDuty refuses or is down. */
export type OnCallPort = { whoIsOnCall: (escalationPolicyId: string) => Promise<OnCallEntry[]> };

/**
 * The person first on call at each level, levels in order: PagerDuty lists everyone whose turn overlaps now (several
 * schedules on one level), and the first one listed at a level is the one it pages first.
 */
export const firstPerLevel = (entries: readonly OnCallEntry[]): OnCallEntry[] => {
  const byLevel = new Map<number, OnCallEntry>();
  for (const entry of entries) if (!byLevel.has(entry.level)) byLevel.set(entry.level, entry);
  return [...byLevel.values()].toSorted((a, b) => a.level - b.level);
};
