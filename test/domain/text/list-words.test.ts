import { describe, expect, it } from 'vitest';
import { listWords } from '../../../src/domain/text/list-words.ts';

describe('listWords', () => {
  it.each<[string[], string]>([
    [[], ''],
    [['checkout-api'], 'checkout-api'],
    [['checkout-api', 'search'], 'checkout-api and search'],
    [['checkout-api', 'payments', 'search'], 'checkout-api, payments and search'],
    [['a', 'b', 'c', 'd'], 'a, b, c and d'],
  ])('lists %j as %j', (words, listed) => {
    expect(listWords(words)).toBe(listed);
  });
});
