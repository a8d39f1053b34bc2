import { describe, expect, it } from 'vitest';
import { markdownToAdf } from '../../../src/trackers/jira/jira-adf.ts';

describe('markdownToAdf', () => {
  it('writes paragraphs, line breaks and http(s) links, and leaves other brackets as text', () => {
    expect(
      markdownToAdf(
        'One [a](https://a.example/x) two\r\nthree [b](javascript:alert(1))\n\n\n  \n[c](http://c.example)',
      ),
    ).toEqual({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'One ' },
            { type: 'text', text: 'a', marks: [{ type: 'link', attrs: { href: 'https://a.example/x' } }] },
            { type: 'text', text: ' two' },
            { type: 'hardBreak' },
            { type: 'text', text: 'three [b](javascript:alert(1))' },
          ],
        },
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'c', marks: [{ type: 'link', attrs: { href: 'http://c.example' } }] }],
        },
      ],
    });
  });

  it('finds a link after an unclosed bracket, and leaves a long run of unclosed brackets as text', () => {
    expect(markdownToAdf('[x [y](https://y.example) z').content[0]?.content).toEqual([
      { type: 'text', text: '[x ' },
      { type: 'text', text: 'y', marks: [{ type: 'link', attrs: { href: 'https://y.example' } }] },
      { type: 'text', text: ' z' },
    ]);
    const hostile = '(http://[t'.repeat(20_000);
    expect(markdownToAdf(hostile).content[0]?.content).toEqual([{ type: 'text', text: hostile }]);
  });

  it('writes an empty description as an empty document', () => {
    expect(markdownToAdf(' \n\n ')).toEqual({ type: 'doc', version: 1, content: [] });
  });
});
