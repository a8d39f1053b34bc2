import type { Severity } from './incident.ts';

/** The two most severe levels configured (SEV1 and SEV2 by default). */
const isHighSeverity = (level: number, severities: Severity[]): boolean =>
  severities
    .map((s) => s.level)
    .sort((a, b) => a - b)
    .slice(0, 2)
    .includes(level);

export type SeverityChange = { from: number; to: number; severities: Severity[] };

/**
 * Whether a change of severity escalates the incident into the two most severe levels configured, which is announced
 * beyond its channel: it must become more severe (a lower level), land in the top two and come from outside them.
 * Moving within the top two (SEV2 to SEV1) or down is not announced.
 *
 * @example isEscalationToHighSeverity({ from: 3, to: 2, severities }) // => true
 * @example isEscalationToHighSeverity({ from: 2, to: 1, severities }) // => false (already high)
 */
export const isEscalationToHighSeverity = ({ from, to, severities }: SeverityChange): boolean =>
  to < from && isHighSeverity(to, severities) && !isHighSeverity(from, severities);
