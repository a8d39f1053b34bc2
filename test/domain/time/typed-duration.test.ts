import { describe, expect, it } from 'vitest';
import { readDuration } from '../../../src/domain/time/typed-duration.ts';

describe('readDuration', () => {
  it.each<[string, number | undefined]>([
    ['90m', 90],
    ['45min', 45],
    ['2h', 120],
    ['1h30m', 90],
    ['1H30M', 90],
    ['1d', 1440],
    ['1d12h', 2160],
    ['7d', 10_080],
    ['0m', 0],
    ['90', undefined],
    ['h', undefined],
    ['', undefined],
    ['30m1h', undefined],
    ['1.5h', undefined],
    ['1h 30m', undefined],
    ['-5m', undefined],
  ])('reads %j as %j minutes', (typed, minutes) => {
    expect(readDuration(typed)).toBe(minutes);
  });
});
