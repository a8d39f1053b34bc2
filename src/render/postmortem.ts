import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid, LiquidError, type Template } from 'liquidjs';
import { AppError } from '../domain/app-error.ts';
import type { PostmortemModel } from '../domain/postmortem/postmortem-model.ts';

// The postmortem draft as Markdown: the team's Liquid template (liquidjs) filled with the model from
// src/domain/postmortem.ts. Templates may include or render partials from their own directory only.

/** The template that ships with sitrep, whatever the working directory. */
export const DEFAULT_TEMPLATE_PATH = fileURLToPath(new URL('../../templates/postmortem.md', import.meta.url));

/** A parsed template, ready to render as many drafts as needed. */
export type PostmortemTemplate = { path: string; liquid: Liquid; templates: Template[] };

export type LoadTemplateOptions = { path: string };

export type RenderPostmortemOptions = { template: PostmortemTemplate; model: PostmortemModel };

/** The path people wrote or see: relative to the working directory when the file is inside it. */
const displayPath = (path: string): string => {
  const inside = relative(process.cwd(), path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
};

/** liquidjs appends `, file:…, line:…, col:…` to its messages; the line and column are said up front instead. */
const stripPosition = (message: string): string => {
  const position = /, line:\d+, col:\d+$/.exec(message);
  if (position === null) return message;
  const said = message.slice(0, position.index);
  // Found by a search, not by `(, file:.*)?` in the pattern, which would try the rest again from every `, file:`.
  const file = said.indexOf(', file:');
  return file === -1 ? said : said.slice(0, file);
};

const describeTemplateError = ({ error, path }: { error: unknown; path: string }): AppError => {
  if (error instanceof LiquidError) {
    const [line, column] = error.token.getPosition();
    const file = displayPath(error.token.file ?? path);
    const reason = stripPosition(error.originalError?.message ?? error.message);
    return new AppError('POSTMORTEM_TEMPLATE_INVALID', {
      userMessage: `${file} line ${line}, column ${column}: ${reason}`,
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('POSTMORTEM_TEMPLATE_INVALID', {
    userMessage: `${displayPath(path)}: ${reason}`,
    cause: error,
  });
};

/**
 * Reads and parses a postmortem template. Undefined variables render as nothing (a template written for a newer
 * sitrep still renders); an unknown filter is an error. `{% include %}` and `{% render %}` find `.md` partials in
 * the template's directory and never outside it.
 *
 * @throws AppError POSTMORTEM_TEMPLATE_INVALID when the file cannot be read (`templates/postmortem.md: cannot be
 *   read (no such file)`) or does not parse (`templates/postmortem.md line 12, column 5: tag "endfor" not found`).
 */
export const loadPostmortemTemplate = async ({ path }: LoadTemplateOptions): Promise<PostmortemTemplate> => {
  const absolute = resolve(path);
  let source: string;
  try {
    source = await readFile(absolute, 'utf8');
  } catch (error) {
    const why = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such file' : String(error);
    throw new AppError('POSTMORTEM_TEMPLATE_INVALID', {
      userMessage: `${displayPath(absolute)}: the postmortem template cannot be read (${why}).`,
      cause: error,
    });
  }
  const directory = dirname(absolute);
  const liquid = new Liquid({
    root: [directory],
    partials: [directory],
    layouts: [directory],
    extname: '.md',
    strictFilters: true,
    strictVariables: false,
    cache: true,
  });
  try {
    return { path: absolute, liquid, templates: liquid.parse(source, absolute) };
  } catch (error) {
    throw describeTemplateError({ error, path: absolute });
  }
};

/**
 * The postmortem as Markdown, synchronously (liquidjs `renderSync`; partials are read with synchronous I/O).
 *
 * @throws AppError POSTMORTEM_TEMPLATE_INVALID naming the file, line and column of a tag that fails to render.
 */
export const renderPostmortem = ({ template, model }: RenderPostmortemOptions): string => {
  try {
    const output: unknown = template.liquid.renderSync(template.templates, model);
    return typeof output === 'string' ? output : String(output);
  } catch (error) {
    throw describeTemplateError({ error, path: template.path });
  }
};

/** Where a Markdown section starts and ends: its heading line up to the next heading of the same or a higher level. */
const findSection = ({ markdown, heading }: { markdown: string; heading: string }) => {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) =>
    new RegExp(`^#{1,6}\\s+${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`).test(line),
  );
  if (start < 0) return undefined;
  const level = /^#+/.exec(lines[start] ?? '')?.[0].length ?? 1;
  const after = lines.slice(start + 1).findIndex((line) => {
    const hashes = /^(#{1,6})\s/.exec(line)?.[1];
    return hashes !== undefined && hashes.length <= level;
  });
  return { lines, start, end: after < 0 ? lines.length : start + 1 + after };
};

/**
 * `markdown` with its section under `heading` (a plain-text heading such as `Action items`) replaced by the same
 * section of `fresh`: how sitrep keeps its own parts of a stored draft current without touching what people
 * wrote elsewhere. Unchanged when either lacks the section.
 *
 * @example replaceMarkdownSection({ markdown: '## A\nold\n## B\nkept', fresh: '## A\nnew\n## B\nx', heading: 'A' })
 *   // => '## A\nnew\n## B\nkept'
 */
export const replaceMarkdownSection = ({
  markdown,
  fresh,
  heading,
}: {
  markdown: string;
  fresh: string;
  heading: string;
}): string => {
  const target = findSection({ markdown, heading });
  const source = findSection({ markdown: fresh, heading });
  if (target === undefined || source === undefined) return markdown;
  return [
    ...target.lines.slice(0, target.start),
    ...source.lines.slice(source.start, source.end),
    ...target.lines.slice(target.end),
  ].join('\n');
};
