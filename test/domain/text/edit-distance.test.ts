import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureEditDistance, suggestClosest } from '../../../src/domain/text/edit-distance.ts';

describe('measureEditDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['status', 'status', 0],
    ['kitten', 'sitting', 3],
    ['chekout-api', 'checkout-api', 1],
    ['staus', 'status', 1],
    ['identifed', 'identified', 1],
    ['decalre', 'declare', 2],
    ['ei', 'ie', 2],
    ['Status', 'status', 1],
    ['🔥', '🔥', 0],
    ['🔥a', 'a', 1],
    ['🔥', '💧', 1],
    ['e\u0301', 'é', 2],
  ])('measures %j to %j as %i', (a, b, distance) => {
    expect(measureEditDistance(a, b)).toBe(distance);
  });

  const text = fc.string({ unit: 'binary', maxLength: 12 });

  it('is zero exactly for equal strings', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(measureEditDistance(a, a)).toBe(0);
        expect(measureEditDistance(a, b) === 0).toBe(a === b);
      }),
    );
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(measureEditDistance(a, b)).toBe(measureEditDistance(b, a));
      }),
    );
  });

  it('lies between the difference in code points and the longer length', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const [left, right] = [Array.from(a).length, Array.from(b).length];
        const distance = measureEditDistance(a, b);
        expect(distance).toBeGreaterThanOrEqual(Math.abs(left - right));
        expect(distance).toBeLessThanOrEqual(Math.max(left, right));
      }),
    );
  });

  it('obeys the triangle inequality', () => {
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(measureEditDistance(a, c)).toBeLessThanOrEqual(measureEditDistance(a, b) + measureEditDistance(b, c));
      }),
    );
  });

  it('counts one edit for one inserted, deleted or replaced code point', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.nat(),
        (word, extra, seed) => {
          const points = Array.from(word);
          const at = seed % points.length;
          const inserted = [...points.slice(0, at), extra, ...points.slice(at)].join('');
          const deleted = [...points.slice(0, at), ...points.slice(at + 1)].join('');
          const replaced = [...points.slice(0, at), extra, ...points.slice(at + 1)].join('');
          expect(measureEditDistance(word, inserted)).toBe(1);
          expect(measureEditDistance(word, deleted)).toBe(1);
          expect(measureEditDistance(word, replaced)).toBe(points[at] === extra ? 0 : 1);
        },
      ),
    );
  });
});

const SUBCOMMANDS = ['declare', 'status', 'severity', 'sev', 'lead', 'comms', 'scribe', 'role', 'resolve', 'reopen'];
const SERVICES = ['checkout-api', 'payments', 'search'];

describe('suggestClosest', () => {
  it.each<[string, string, readonly string[], number | undefined, string | undefined]>([
    ['suggests a candidate one edit away', 'staus', SUBCOMMANDS, undefined, 'status'],
    ['suggests a candidate two edits away', 'decalre', SUBCOMMANDS, undefined, 'declare'],
    ['suggests a service one edit away', 'chekout-api', SERVICES, undefined, 'checkout-api'],
    ['ignores case when measuring', 'STAUS', SUBCOMMANDS, undefined, 'status'],
    ['returns the candidate as configured, not as typed', 'CHEKOUT-API', SERVICES, undefined, 'checkout-api'],
    ['prefers a case-insensitive exact match', 'LEAD', ['lean', 'Lead'], undefined, 'Lead'],
    ['prefers an exact match listed after a near one', 'sev', SUBCOMMANDS, undefined, 'sev'],
    ['prefers the nearest candidate', 'reopn', ['resolve', 'reopen'], undefined, 'reopen'],
    ['breaks ties in favour of the earlier candidate', 'lad', ['lid', 'lead', 'load'], undefined, 'lid'],
    ['breaks ties in favour of the earlier candidate, reversed', 'lad', ['load', 'lead', 'lid'], undefined, 'load'],
    ['refuses a candidate three edits away by default', 'dclr', SUBCOMMANDS, undefined, undefined],
    ['refuses everything far away', 'xyzzy', SUBCOMMANDS, undefined, undefined],
    ['refuses a candidate beyond a lower threshold', 'seach', SERVICES, 0, undefined],
    ['accepts a candidate within a lower threshold', 'seach', SERVICES, 1, 'search'],
    ['refuses two edits under a threshold of one', 'paymnets', SERVICES, 1, undefined],
    ['accepts three edits under a threshold of three', 'dclr', ['declare'], 3, 'declare'],
    ['finds nothing among no candidates', 'status', [], undefined, undefined],
    ['suggests nothing for an empty word', '', SUBCOMMANDS, undefined, undefined],
    ['suggests a short candidate for an empty word within the threshold', '', ['ab', 'abc'], undefined, 'ab'],
    ['counts an emoji as one edit', 'st🔥tus', SUBCOMMANDS, 1, 'status'],
    ['skips a very long word without a suggestion', 'status'.repeat(1000), SUBCOMMANDS, undefined, undefined],
  ])('%s: %j', (_rule, word, candidates, maxDistance, expected) => {
    expect(suggestClosest(word, candidates, maxDistance)).toBe(expected);
  });

  /** The rule as written, without the shortcut for long input. */
  const suggestByDefinition = (word: string, candidates: readonly string[], maxDistance: number) => {
    const exact = candidates.find((candidate) => candidate.toLowerCase() === word.toLowerCase());
    if (exact !== undefined) return exact;
    const scored = candidates
      .map((candidate) => ({ candidate, distance: measureEditDistance(word.toLowerCase(), candidate.toLowerCase()) }))
      .filter(({ distance }) => distance <= maxDistance);
    const best = Math.min(...scored.map(({ distance }) => distance));
    return scored.find(({ distance }) => distance === best)?.candidate;
  };

  it('agrees with the rule as written for any word, candidates and threshold', () => {
    const word = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 14 }),
      fc.string({ unit: fc.constantFrom('a', 'B', 'c', '🔥', 'İ', '\ud800'), maxLength: 10 }),
    );
    const candidates = fc.array(fc.oneof(word, fc.constantFrom('status', 'declare', 'İstanbul', '🔥🔥🔥', 'aBc', '')), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(word, candidates, fc.integer({ min: 0, max: 4 }), (typed, list, maxDistance) => {
        expect(suggestClosest(typed, list, maxDistance)).toBe(suggestByDefinition(typed, list, maxDistance));
      }),
      { numRuns: 2000 },
    );
  });

  it('always returns one of the candidates or undefined', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (typed, list) => {
        const suggestion = suggestClosest(typed, list);
        if (suggestion !== undefined) expect(list).toContain(suggestion);
      }),
    );
  });
});
