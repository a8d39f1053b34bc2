import { describe, expect, it } from 'vitest';
import {
  type ComponentStatus,
  describeComponentStatus,
  type OpenImpact,
} from '../../../src/domain/status-page/component-status.ts';

describe('what the public page says of a service now', () => {
  it.each<[string, OpenImpact[], boolean, ComponentStatus]>([
    ['nothing open', [], false, 'operational'],
    ['maintenance under way', [], true, 'under_maintenance'],
    ['degraded time open', [{ kind: 'degraded', severity: 1 }], false, 'degraded_performance'],
    ['an outage of a SEV2', [{ kind: 'outage', severity: 2 }], false, 'partial_outage'],
    ['an outage of a SEV1', [{ kind: 'outage', severity: 1 }], false, 'major_outage'],
    [
      'the worst of several',
      [
        { kind: 'degraded', severity: 1 },
        { kind: 'outage', severity: 3 },
      ],
      false,
      'partial_outage',
    ],
    ['impact during maintenance', [{ kind: 'degraded', severity: 2 }], true, 'degraded_performance'],
  ])('%s', (_, open, inMaintenance, expected) => {
    expect(describeComponentStatus({ open, inMaintenance, topSeverity: 1 })).toBe(expected);
  });
});
