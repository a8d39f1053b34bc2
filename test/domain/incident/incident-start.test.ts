import { describe, expect, it } from 'vitest';
import { findIncidentStart } from '../../../src/domain/incident/incident-start.ts';

const at = (time: string) => new Date(`2026-11-23T${time}:00Z`);

describe('findIncidentStart', () => {
  it.each([
    ['counts from the impact start when one was recorded', at('13:58'), at('14:21'), at('13:58')],
    ['counts from the declaration when no impact start was recorded', null, at('14:21'), at('14:21')],
    ['keeps an impact start recorded after the declaration', at('14:30'), at('14:21'), at('14:30')],
  ])('%s', (_rule, impactStartedAt, declaredAt, start) => {
    expect(findIncidentStart({ impactStartedAt, declaredAt })).toEqual(start);
  });
});
