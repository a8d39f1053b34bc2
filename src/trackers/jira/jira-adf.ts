// REST API v3 takes rich text (descriptions, comments) only as the Atlassian Document Format. sitrep's drafts are
// small Markdown: paragraphs, line breaks and [text](url) links, which is all this writes.

type AdfLinkMark = { type: 'link'; attrs: { href: string } };
type AdfInline = { type: 'text'; text: string; marks?: AdfLinkMark[] } | { type: 'hardBreak' };
type AdfParagraph = { type: 'paragraph'; content: AdfInline[] };
export type AdfDocument = { type: 'doc'; version: 1; content: AdfParagraph[] };

// Only http(s) targets become links: ADF refuses a relative href, and anything else should not open from Jira.
const HREF = /^https?:\/\/[^\s()]+$/;

type Link = { start: number; end: number; text: string; href: string };

/**
 * The next `[text](url)` from `from`, found with indexOf rather than one pattern: titles are people's text, and
 * `\[([^\]]+)\]\((https?:…)\)` backtracks quadratically on a long run of unclosed brackets.
 */
const nextLink = (line: string, from: number): Link | undefined => {
  for (let open = line.indexOf('[', from); open >= 0; open = line.indexOf('[', open + 1)) {
    const middle = line.indexOf('](', open + 1);
    if (middle < 0) return undefined;
    const text = line.slice(open + 1, middle);
    if (text === '' || text.includes('[') || text.includes(']')) continue;
    const close = line.indexOf(')', middle + 2);
    if (close < 0) return undefined;
    const href = line.slice(middle + 2, close);
    if (HREF.test(href)) return { start: open, end: close + 1, text, href };
  }
  return undefined;
};

const inlineOf = (line: string): AdfInline[] => {
  const nodes: AdfInline[] = [];
  let at = 0;
  for (let link = nextLink(line, at); link !== undefined; link = nextLink(line, at)) {
    if (link.start > at) nodes.push({ type: 'text', text: line.slice(at, link.start) });
    nodes.push({ type: 'text', text: link.text, marks: [{ type: 'link', attrs: { href: link.href } }] });
    at = link.end;
  }
  // ADF refuses an empty text node.
  if (at < line.length) nodes.push({ type: 'text', text: line.slice(at) });
  return nodes;
};

const paragraphOf = (block: string): AdfParagraph => ({
  type: 'paragraph',
  content: block
    .split('\n')
    .flatMap((line, index): AdfInline[] => [...(index > 0 ? [{ type: 'hardBreak' as const }] : []), ...inlineOf(line)]),
});

/**
 * Simple Markdown as an ADF document: blank lines part paragraphs, a single newline is a hard break, and
 * `[text](https://…)` is text with a link mark. Any other Markdown stays as the characters it was written with.
 *
 * @example markdownToAdf('See [INC-42](https://x.example/42)') // one paragraph: "See ", then "INC-42" linked
 */
export const markdownToAdf = (markdown: string): AdfDocument => ({
  type: 'doc',
  version: 1,
  content: markdown
    .replaceAll('\r\n', '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map(paragraphOf),
});
