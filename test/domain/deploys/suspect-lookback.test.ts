import { describe, expect, it } from 'vitest';
import { findSuspectLookbackStart } from '../../../src/domain/deploys/suspect-lookback.ts';

describe('findSuspectLookbackStart', () => {
  it.each([
    ['looks back the default two hours', '2026-11-23T12:58:00Z', 120, '2026-11-23T10:58:00Z'],
    ['looks back one minute', '2026-11-23T12:58:00Z', 1, '2026-11-23T12:57:00Z'],
    ['looks back a whole day, across midnight', '2026-11-23T00:30:00Z', 1440, '2026-11-22T00:30:00Z'],
    // Instants, not wall clocks: the night Paris falls back still looks back exactly two hours.
    ['looks back in elapsed time across a DST change', '2026-10-25T02:30:00Z', 120, '2026-10-25T00:30:00Z'],
  ])('%s', (_rule, start, lookbackMinutes, from) => {
    expect(findSuspectLookbackStart({ start: new Date(start), lookbackMinutes }).toISOString()).toBe(
      new Date(from).toISOString(),
    );
  });
});
