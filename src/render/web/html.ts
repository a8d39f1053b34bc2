/**
 * HTML built from a tagged template: every value put in is escaped unless it is itself `Html` that sitrep built, so
 * what a person or a webhook wrote is always text. A class of one field rather than a library's template engine,
 * because the incidents list renders thousands of cells per page and this is a string concatenation.
 */
export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for an element's content or a quoted attribute. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const append = (value: HtmlValue): string => {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  let out = '';
  for (const item of value) out += append(item);
  return out;
};

/** `html\`<p>${text}</p>\``: strings and numbers are escaped, `Html` is kept, arrays are joined, nullish is nothing. */
export const html = (strings: TemplateStringsArray, ...values: HtmlValue[]): Html => {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) out += append(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
};

/** Markup sitrep wrote itself (a stylesheet, an SVG path's data): never anything a person typed. */
export const trustedHtml = (markup: string): Html => new Html(markup);
