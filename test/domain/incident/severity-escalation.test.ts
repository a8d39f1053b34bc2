import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../src/domain/incident/incident.ts';
import { isEscalationToHighSeverity } from '../../../src/domain/incident/severity-escalation.ts';

const levels = (...numbers: number[]): Severity[] =>
  numbers.map((level) => ({ level, name: `SEV${level}`, description: '' }));

describe('isEscalationToHighSeverity', () => {
  it.each([
    ['SEV3 to SEV2 enters the top two', 3, 2, levels(1, 2, 3, 4), true],
    ['SEV4 to SEV1 enters the top two', 4, 1, levels(1, 2, 3, 4), true],
    ['SEV2 to SEV1 rises within the top two', 2, 1, levels(1, 2, 3, 4), true],
    ['SEV1 to SEV2 stays in the top two but goes down', 1, 2, levels(1, 2, 3, 4), false],
    ['SEV1 to SEV1 is no change', 1, 1, levels(1, 2, 3, 4), false],
    ['SEV4 to SEV3 stays below the top two', 4, 3, levels(1, 2, 3, 4), false],
    ['SEV1 to SEV3 is a de-escalation', 1, 3, levels(1, 2, 3, 4), false],
    ['SEV2 to SEV3 leaves the top two', 2, 3, levels(1, 2, 3, 4), false],
    // The top two are the two most severe levels configured, whatever their numbers.
    ['level 5 to 3 enters the configured top two', 5, 3, levels(2, 3, 5), true],
    ['level 5 to 1 is not into a configured level', 5, 1, levels(2, 3, 5), false],
    ['configured in any order', 9, 4, levels(9, 4, 7), true],
  ])('%s', (_rule, from, to, severities, escalated) => {
    expect(isEscalationToHighSeverity({ from, to, severities })).toBe(escalated);
  });
});
