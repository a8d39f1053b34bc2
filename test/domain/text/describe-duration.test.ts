import { describe, expect, it } from 'vitest';
import { describeDuration } from '../../../src/domain/text/describe-duration.ts';

describe('describeDuration', () => {
  it.each([
    [-5 * 60_000, '0 minutes'],
    [0, '0 minutes'],
    [30_000, 'less than a minute'],
    [60_000, '1 minute'],
    [23 * 60_000, '23 minutes'],
    [60 * 60_000, '1 hour'],
    [79 * 60_000, '1 hour 19 minutes'],
    [(2 * 1440 + 180) * 60_000, '2 days 3 hours'],
    [1440 * 60_000, '1 day'],
  ])('writes %i ms as %s', (ms, words) => {
    expect(describeDuration(ms)).toBe(words);
  });
});
