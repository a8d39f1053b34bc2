import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { check } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// recheck's pure JavaScript build: its optional native and Java backends are not needed, nor trusted to be there.
process.env.RECHECK_BACKEND = 'pure';

type FoundRegex = { where: string; source: string; flags: string };

const SOURCE_ROOT = join(import.meta.dirname, '..', 'src');
const GENERATED = join(SOURCE_ROOT, 'store', 'generated');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === GENERATED ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

/** A `new RegExp(...)` pattern as written; each `${…}` (escaped text, in this code) stands as one literal letter. */
const patternText = (node: ts.Expression): string | undefined => {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((span) => `x${span.literal.text}`).join('');
  return undefined;
};

const flagsText = (node: ts.Expression | undefined): string | undefined =>
  node === undefined ? '' : ts.isStringLiteral(node) ? node.text : undefined;

/** Every regular expression literal and `RegExp(...)` pattern of a source text, found by the TypeScript parser. */
const regexesIn = (path: string, text: string): FoundRegex[] => {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: FoundRegex[] = [];
  const where = (node: ts.Node) =>
    `${relative(SOURCE_ROOT, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(file);
      const end = literal.lastIndexOf('/');
      found.push({ where: where(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
    }
    if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'RegExp'
    ) {
      const [pattern, flags] = node.arguments ?? [];
      const source = pattern === undefined ? undefined : patternText(pattern);
      const flagText = flagsText(flags);
      if (source === undefined || flagText === undefined) {
        throw new Error(`${where(node)}: a RegExp built from something other than text cannot be checked here`);
      }
      found.push({ where: where(node), source, flags: flagText });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
};

const allRegexes = sourceFiles(SOURCE_ROOT).flatMap((path) => regexesIn(path, readFileSync(path, 'utf8')));

/** What recheck says of one pattern: 'safe', or why not, with the input that makes it slow. */
const verdict = async ({ source, flags }: Pick<FoundRegex, 'source' | 'flags'>): Promise<string> => {
  const diagnostics = await check(source, flags, {
    // Limits in steps only: limits in milliseconds would make the verdict depend on how busy the machine is.
    attackTimeout: null,
    incubationTimeout: null,
    seedingTimeout: null,
    timeout: 20_000,
  });
  if (diagnostics.status === 'safe') return 'safe';
  if (diagnostics.status === 'vulnerable') {
    return `vulnerable (${diagnostics.complexity.summary}), e.g. ${diagnostics.attack.pattern}`;
  }
  return `unknown: ${diagnostics.error.kind}`;
};

describe('regular expressions in src/', () => {
  it('finds them all: literals and RegExp constructors', () => {
    const found = regexesIn(
      'example.ts',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source, with a template literal in it
      'const a = /\\s*\\n\\s*/g; const b = new RegExp(`^#{1,6}\\\\s+${x}$`); const c = RegExp("a+", "i"); const d = 1 / 2 / 3;',
    );
    expect(found.map(({ source, flags }) => ({ source, flags }))).toEqual([
      { source: '\\s*\\n\\s*', flags: 'g' },
      { source: '^#{1,6}\\s+x$', flags: '' },
      { source: 'a+', flags: 'i' },
    ]);
    expect(allRegexes.length).toBeGreaterThan(50);
  });

  it('tells a pattern that backtracks super-linearly, as the mrkdwn line joiner once did', async () => {
    expect(await verdict({ source: '\\s*\\n\\s*', flags: 'g' })).toMatch(/^vulnerable \(\d.. degree polynomial/);
  });

  it('are all safe from catastrophic backtracking (ReDoS)', async () => {
    const unsafe: string[] = [];
    for (const regex of allRegexes) {
      const said = await verdict(regex);
      if (said !== 'safe') unsafe.push(`${regex.where} /${regex.source}/${regex.flags}: ${said}`);
    }
    expect(unsafe).toEqual([]);
  }, 120_000);
});
