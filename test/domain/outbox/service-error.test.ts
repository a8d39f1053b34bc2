import { describe, expect, it } from 'vitest';
import { readRetryAfterMs } from '../../../src/domain/outbox/service-error.ts';

const NOW = new Date('2026-12-09T10:00:00Z');

describe('readRetryAfterMs', () => {
  it.each([
    ['30', 30_000],
    [' 1.5 ', 1_500],
    ['0', 0],
    ['-4', 0],
    ['Wed, 09 Dec 2026 10:00:30 GMT', 30_000],
    ['Wed, 09 Dec 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j waits %j ms', (value, ms) => {
    expect(readRetryAfterMs(value, NOW)).toBe(ms);
  });
});
