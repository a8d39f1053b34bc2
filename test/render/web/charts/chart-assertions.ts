import { expect } from 'vitest';
import { contentsOf, findXmlProblems, listIds, svgOf } from '../../../support/markup-check.ts';

/** A label as people and webhooks might write it: markup, both quotes and an ampersand. */
export const HOSTILE = `<script>alert("x")</script> & 'q'`;
export const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;';

/**
 * What every chart must be: well-formed, one figure with a caption, an SVG named by its title and described by its
 * desc (both present, with the chart's ids), the numbers as a table with a caption and header cells, every id unique
 * and prefixed by the chart's.
 */
export const expectAccessibleChart = (markup: string, id: string): void => {
  expect(findXmlProblems(markup)).toEqual([]);
  expect(markup.startsWith(`<figure id="${id}"`)).toBe(true);
  expect(markup).toContain('<figcaption>');
  const svg = svgOf(markup);
  expect(svg).toContain(`role="img" aria-labelledby="${id}-title ${id}-desc"`);
  expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+(\.\d)? \d+(\.\d)?"/);
  expect(contentsOf(svg, 'title')[0]).not.toBe('');
  expect(svg).toContain(`<title id="${id}-title">`);
  expect(svg).toMatch(new RegExp(`<desc id="${id}-desc">[^<]{20,}</desc>`));
  expect(markup).toContain('<details><summary>Numbers</summary><table><caption>');
  expect(markup).toContain('<th scope="col"');
  const ids = listIds(markup);
  expect(new Set(ids).size).toBe(ids.length);
  for (const each of ids) expect(each.startsWith(id)).toBe(true);
  // Coordinates are kept to one decimal.
  expect(svg).not.toMatch(/="-?\d+\.\d{2,}"/);
};
