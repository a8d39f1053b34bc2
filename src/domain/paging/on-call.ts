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
 * Everyone on call, level by level: PagerDuty notifies every target of a level at once (a primary and a shadow
 * schedule, two teams), so each is listed, in PagerDuty's order within the level.
 */
export const orderByLevel = (entries: readonly OnCallEntry[]): OnCallEntry[] =>
  entries.toSorted((a, b) => a.level - b.level);

/** Those PagerDuty pages first: everyone at the lowest level. */
export const firstLevel = <T extends OnCallEntry>(entries: readonly T[]): T[] => {
  const lowest = Math.min(...entries.map((entry) => entry.level));
  return entries.filter((entry) => entry.level === lowest);
};
