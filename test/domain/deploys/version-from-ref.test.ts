import { describe, expect, it } from 'vitest';
import { versionFromRef } from '../../../src/domain/deploys/version-from-ref.ts';

describe('versionFromRef', () => {
  it('gives the short sha when there is no ref', () => {
    expect(versionFromRef({ ref: null, shortSha: '279484c0' })).toBe('279484c0');
    expect(versionFromRef({ ref: 'refs/tags/', shortSha: '279484c0' })).toBe('279484c0');
  });
});
