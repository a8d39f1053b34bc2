import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flattenLines } from '../../../src/domain/text/mrkdwn-markdown.ts';

describe('flattenLines', () => {
  it.each([
    { text: 'Checkout\nis down', expected: 'Checkout is down' },
    { text: 'Checkout  \n\t\n  is down', expected: 'Checkout is down' },
    { text: 'Checkout\u00a0\r\nis  down', expected: 'Checkout is  down' },
    { text: '\n  Checkout is down \n', expected: 'Checkout is down' },
    { text: 'no line break  here ', expected: 'no line break  here' },
  ])('turns each line break and the white space around it into one space: $text', ({ text, expected }) => {
    expect(flattenLines(text)).toBe(expected);
  });

  it('reads as the pattern it replaced, white space, a newline, white space, did on short text', () => {
    const character = fc.constantFrom(' ', '\n', '\t', '\r', '\u00a0', '\u2028', 'a', '*');
    fc.assert(
      fc.property(fc.array(character, { maxLength: 30 }), (characters) => {
        const text = characters.join('');
        expect(flattenLines(text)).toBe(text.replace(/\s*\n\s*/g, ' ').trim());
      }),
    );
  });
});
