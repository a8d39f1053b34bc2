import { describe, expect, it } from 'vitest';
import {
  type DurationWording,
  describeDuration,
  ELAPSED,
  IN_HOURS,
  IN_WORDS,
  MEAN,
} from '../../../src/domain/text/describe-duration.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('describeDuration', () => {
  it.each<[string, DurationWording, number, string]>([
    // In words, to the nearest minute, two units at most: postmortems.
    ['in words', IN_WORDS, -5 * MINUTE, '0 minutes'],
    ['in words', IN_WORDS, 0, '0 minutes'],
    ['in words', IN_WORDS, 30 * SECOND, 'less than a minute'],
    ['in words', IN_WORDS, 59_999, 'less than a minute'],
    ['in words', IN_WORDS, MINUTE, '1 minute'],
    ['in words', IN_WORDS, 90 * SECOND, '2 minutes'],
    ['in words', IN_WORDS, 23 * MINUTE, '23 minutes'],
    ['in words', IN_WORDS, HOUR, '1 hour'],
    ['in words', IN_WORDS, 79 * MINUTE, '1 hour 19 minutes'],
    ['in words', IN_WORDS, DAY, '1 day'],
    ['in words', IN_WORDS, DAY + 5 * MINUTE, '1 day'],
    ['in words', IN_WORDS, 2 * DAY + 3 * HOUR, '2 days 3 hours'],
    // Elapsed, whole minutes gone by, every unit: how long an incident has lasted.
    ['elapsed', ELAPSED, -5 * MINUTE, 'less than 1 min'],
    ['elapsed', ELAPSED, 0, 'less than 1 min'],
    ['elapsed', ELAPSED, 59_999, 'less than 1 min'],
    ['elapsed', ELAPSED, Number.NaN, 'less than 1 min'],
    ['elapsed', ELAPSED, MINUTE, '1 min'],
    ['elapsed', ELAPSED, 59 * MINUTE + 59_999, '59 min'],
    ['elapsed', ELAPSED, HOUR, '1 h'],
    ['elapsed', ELAPSED, 72 * MINUTE, '1 h 12 min'],
    ['elapsed', ELAPSED, DAY, '1 d'],
    ['elapsed', ELAPSED, DAY + HOUR, '1 d 1 h'],
    ['elapsed', ELAPSED, 2 * DAY + 5 * MINUTE, '2 d 5 min'],
    ['elapsed', ELAPSED, 3 * DAY + 4 * HOUR + 5 * MINUTE, '3 d 4 h 5 min'],
    // A mean, seconds under a minute: reports.
    ['a mean', MEAN, 0, '0 s'],
    ['a mean', MEAN, 45 * SECOND, '45 s'],
    ['a mean', MEAN, 59.4 * SECOND, '59 s'],
    ['a mean', MEAN, MINUTE, '1 min'],
    ['a mean', MEAN, 400 * SECOND, '7 min'],
    ['a mean', MEAN, HOUR, '1 h'],
    ['a mean', MEAN, 95 * MINUTE, '1 h 35 min'],
    ['a mean', MEAN, 26 * HOUR + 10 * MINUTE, '1 d 2 h'],
    ['a mean', MEAN, 48 * HOUR, '2 d'],
    // In hours, to the nearest minute: an impact window's length.
    ['in hours', IN_HOURS, 0, 'less than 1 min'],
    ['in hours', IN_HOURS, 29_999, 'less than 1 min'],
    ['in hours', IN_HOURS, 30 * SECOND, '1 min'],
    ['in hours', IN_HOURS, 33 * MINUTE, '33 min'],
    ['in hours', IN_HOURS, HOUR, '1 h'],
    ['in hours', IN_HOURS, 72 * MINUTE, '1 h 12 min'],
    ['in hours', IN_HOURS, 30 * HOUR, '30 h'],
    ['in hours', IN_HOURS, 2 * DAY + 5 * MINUTE, '48 h 5 min'],
  ])('writes a span %s: %d ms as %j', (_wording, wording, ms, words) => {
    expect(describeDuration(ms, wording)).toBe(words);
  });

  it('writes words by default', () => {
    expect(describeDuration(79 * MINUTE)).toBe('1 hour 19 minutes');
  });
});
