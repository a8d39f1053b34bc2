// A small reader for the markup the charts write, since no DOM or XML library is installed: enough to say whether
// it is well-formed XML and to pull out what a test asserts on. Not a general parser.

const ENTITY_MISUSE = /&(?!(?:amp|lt|gt|quot|#\d+);)/;
const ATTRIBUTE = /^\s+([A-Za-z_:][\w:.-]*)="([^"<]*)"/;

/** Where the tag that opens at `start` ends: the first `>` outside a quoted attribute value. */
const findTagEnd = (markup: string, start: number): number => {
  let quoted = false;
  for (let i = start + 1; i < markup.length; i += 1) {
    if (markup[i] === '"') quoted = !quoted;
    else if (markup[i] === '>' && !quoted) return i;
  }
  return -1;
};

const checkAttributes = (name: string, rest: string, problems: string[]): void => {
  let left = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  const seen = new Set<string>();
  for (let match = ATTRIBUTE.exec(left); match !== null; match = ATTRIBUTE.exec(left)) {
    const [whole, attribute = '', value = ''] = match;
    if (seen.has(attribute)) problems.push(`<${name}> repeats ${attribute}`);
    seen.add(attribute);
    if (ENTITY_MISUSE.test(value)) problems.push(`<${name} ${attribute}> has a bare &: ${value}`);
    left = left.slice(whole.length);
  }
  if (left.trim() !== '') problems.push(`<${name}> has malformed attributes: ${left}`);
};

/** What keeps `markup` from being well-formed XML: unbalanced tags, unquoted attributes, a bare `&`. Empty when fine. */
export const findXmlProblems = (markup: string): string[] => {
  const problems: string[] = [];
  const open: string[] = [];
  let at = 0;
  while (at < markup.length) {
    const lt = markup.indexOf('<', at);
    const text = markup.slice(at, lt === -1 ? undefined : lt);
    if (ENTITY_MISUSE.test(text)) problems.push(`text has a bare &: ${text}`);
    if (lt === -1) break;
    const gt = findTagEnd(markup, lt);
    if (gt === -1) {
      problems.push(`a tag never ends: ${markup.slice(lt, lt + 40)}`);
      break;
    }
    const tag = markup.slice(lt + 1, gt);
    at = gt + 1;
    // Comments, doctypes and the XML declaration (`<?xml …?>`) hold no elements.
    if (tag.startsWith('!') || tag.startsWith('?')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const expected = open.pop();
      if (expected !== name) problems.push(`</${name}> closes <${expected ?? 'nothing'}>`);
      continue;
    }
    const name = /^[A-Za-z][\w:-]*/.exec(tag)?.[0];
    if (name === undefined) {
      problems.push(`not a tag: <${tag}>`);
      continue;
    }
    checkAttributes(name, tag.slice(name.length), problems);
    if (!tag.endsWith('/')) open.push(name);
  }
  if (open.length > 0) problems.push(`never closed: ${open.join(', ')}`);
  return problems;
};

/** The `<svg>…</svg>` of a chart. */
export const svgOf = (markup: string): string => markup.slice(markup.indexOf('<svg'), markup.indexOf('</svg>') + 6);

/** The `<table>…</table>` of a chart. */
export const tableOf = (markup: string): string =>
  markup.slice(markup.indexOf('<table'), markup.indexOf('</table>') + 8);

/** Every `id` the markup declares, in order, repeats included. */
export const listIds = (markup: string): string[] =>
  Array.from(markup.matchAll(/\sid="([^"]*)"/g), ([, id]) => id ?? '');

/** The contents of every `<name>` element that is not self-closing (nor nested in another), in order. */
export const contentsOf = (markup: string, name: string): string[] =>
  Array.from(
    markup.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?(?<!/)>(.*?)</${name}>`, 'gs')),
    ([, inner]) => inner ?? '',
  );

/** The cells of each body row of a chart's table, its header cell first. */
export const tableRows = (markup: string): string[][] =>
  contentsOf(tableOf(markup).split('<tbody>')[1] ?? '', 'tr').map((row) =>
    Array.from(row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs), ([, cell]) => cell ?? ''),
  );
