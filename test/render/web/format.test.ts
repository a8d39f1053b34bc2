import { describe, expect, it } from 'vitest';
import { renderLink, renderMrkdwn } from '../../../src/render/web/format.ts';

describe('links on the web pages', () => {
  it.each([
    ['https://tracker.example/T-1', 'Fix it', '<a href="https://tracker.example/T-1">Fix it</a>'],
    ['javascript:alert(1)', 'Fix it', 'Fix it'],
    ['data:text/html,<b>x</b>', '<b>', '&lt;b&gt;'],
  ])('links %s only when it is http(s)', (url, label, expected) => {
    expect(renderLink(url, label).text).toBe(expected);
  });

  it('reads Slack mrkdwn as text: names for mentions, http(s) links live, Slack entities read once', () => {
    const shown = renderMrkdwn(
      '<@U1> rolled back &lt;v2&gt; <https://ci.example/run?a=1&amp;b=2|the run> <javascript:alert(1)|click>',
      { U1: 'alice' },
    ).text;
    expect(shown).toBe(
      '@alice rolled back &lt;v2&gt; <a href="https://ci.example/run?a=1&amp;b=2">the run</a> &lt;javascript:alert(1)|click&gt;',
    );
  });
});
