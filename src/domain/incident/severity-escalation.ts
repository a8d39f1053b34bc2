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
 * Whether a change of severity escalates the incident to one of the two most severe levels configured, which is
 * announced beyond its channel: it must become more severe (a lower level) and land in the top two. A rise within the
 * top two (SEV2 to SEV1) is announced too, as people outside the channel act on SEV1; moving down or sideways is not.
 *
 * @example isEscalationToHighSeverity({ from: 3, to: 2, severities }) // => true
 * @example isEscalationToHighSeverity({ from: 2, to: 1, severities }) // => true
 * @example isEscalationToHighSeverity({ from: 4, to: 3, severities }) // => false (not into the top two)
 */
export const isEscalationToHighSeverity = ({ from, to, severities }: SeverityChange): boolean =>
  to < from && isHighSeverity(to, severities);
