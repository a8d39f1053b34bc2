/**
 * Words as a person lists them: `a`, `a and b`, `a, b and c` (no comma before `and`); nothing for no words.
 *
 * @example listWords(['checkout-api', 'payments', 'search']) // => 'checkout-api, payments and search'
 */
export const listWords = (words: readonly string[]): string =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
