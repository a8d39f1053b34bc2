import { describe, expectTypeOf, it } from 'vitest';
import type { AlertInput, DeployInput, ParsedAlert, ParsedDeploy } from '../../../src/domain/deploys/deploy.ts';

describe('the parsed shapes', () => {
  it('are what the event flows take', () => {
    expectTypeOf<ParsedDeploy>().toExtend<DeployInput>();
    expectTypeOf<ParsedAlert>().toEqualTypeOf<AlertInput>();
  });
});
