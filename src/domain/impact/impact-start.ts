export type MoveImpactStartOptions = {
  /** The incident's impact start as recorded, null when none was. */
  impactStartedAt: Date | null;
  /** When the impact windows just recorded started. */
  starts: readonly Date[];
};

/**
 * Impact recorded earlier than the incident's impact start moves that start back to the earliest window start, and
 * so does any impact recorded when no start was: detection time, the postmortem's key times and the delivery metrics
 * all count from it. Impact recorded later never moves it forward.
 *
 * @returns the instant the impact start moves back to, or undefined when it stays as it is.
 * @example moveImpactStartBack({ impactStartedAt: 14:05, starts: [13:58, 14:10] }) // => 13:58
 * @example moveImpactStartBack({ impactStartedAt: 13:50, starts: [13:58] }) // => undefined
 */
export const moveImpactStartBack = ({ impactStartedAt, starts }: MoveImpactStartOptions): Date | undefined => {
  if (starts.length === 0) return undefined;
  const earliest = new Date(Math.min(...starts.map((start) => start.getTime())));
  return impactStartedAt === null || impactStartedAt.getTime() > earliest.getTime() ? earliest : undefined;
};
