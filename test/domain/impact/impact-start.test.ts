import { describe, expect, it } from 'vitest';
import { moveImpactStartBack } from '../../../src/domain/impact/impact-start.ts';

const at = (time: string) => new Date(`2026-11-23T${time}:00Z`);

describe('moveImpactStartBack', () => {
  it.each<[string, Date | null, Date[], Date | undefined]>([
    ['moves the start back to impact recorded earlier', at('14:05'), [at('13:58')], at('13:58')],
    ['moves it to the earliest of several windows', at('14:05'), [at('14:10'), at('13:50'), at('13:58')], at('13:50')],
    ['sets it when none was recorded', null, [at('14:10')], at('14:10')],
    ['never moves it forward', at('13:50'), [at('13:58')], undefined],
    ['leaves it when the impact starts at the same instant', at('13:58'), [at('13:58')], undefined],
    ['leaves it when nothing was recorded', at('13:58'), [], undefined],
    ['leaves it missing when nothing was recorded', null, [], undefined],
  ])('%s', (_rule, impactStartedAt, starts, movedTo) => {
    expect(moveImpactStartBack({ impactStartedAt, starts })).toEqual(movedTo);
  });
});
