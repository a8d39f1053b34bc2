/**
 * Levenshtein distance: the fewest single-character insertions, deletions and substitutions that turn `a` into
 * `b`. Compares code points (an emoji counts as one character) and is case-sensitive; a transposition (`ie` for
 * `ei`) costs two.
 *
 * @example measureEditDistance('chekout-api', 'checkout-api') // 1
 */
export const measureEditDistance = (a: string, b: string): number => {
  const left = Array.from(a);
  const right = Array.from(b);
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
};

/**
 * The candidate someone most likely meant by `word`, for "did you mean" hints. A case-insensitive exact match
 * wins; otherwise the candidate nearest to `word` (ignoring case) within `maxDistance` edits, ties going to the
 * earlier candidate. `undefined` when nothing is that close, or when there are no candidates.
 *
 * @example suggestClosest('Staus', ['status', 'severity']) // 'status'
 */
export const suggestClosest = (word: string, candidates: readonly string[], maxDistance = 2): string | undefined => {
  const wanted = word.toLowerCase();
  const exact = candidates.find((candidate) => candidate.toLowerCase() === wanted);
  if (exact !== undefined) return exact;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const lowered = candidate.toLowerCase();
    // The distance is at least the difference in code points (at most two code units each): skip the quadratic
    // work on long input that is too far anyway.
    if (Math.abs(lowered.length - wanted.length) > maxDistance * 2) continue;
    const distance = measureEditDistance(wanted, lowered);
    if (distance <= maxDistance && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
};
