import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../../src/domain/text/escape-mrkdwn.ts';

describe('escapeMrkdwn', () => {
  it.each([
    { text: 'Checkout is down', expected: 'Checkout is down' },
    { text: 'R&D', expected: 'R&amp;D' },
    { text: '<!channel> wake up', expected: '&lt;!channel&gt; wake up' },
    { text: '<@U1>', expected: '&lt;@U1&gt;' },
    { text: '<https://evil.example|click>', expected: '&lt;https://evil.example|click&gt;' },
    { text: 'already &lt; escaped', expected: 'already &amp;lt; escaped' },
    { text: '*bold* _it_ `code`', expected: '*bold* _it_ `code`' },
    { text: '', expected: '' },
    { text: '&&<<>>', expected: '&amp;&amp;&lt;&lt;&gt;&gt;' },
  ])('escapes $text as $expected', ({ text, expected }) => {
    expect(escapeMrkdwn(text)).toBe(expected);
  });
});
