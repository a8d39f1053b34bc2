import { listWords } from '../text/list-words.ts';
import { decodeEntities, quote, refuse, type Usage, wordAt } from './command-text.ts';
import type { CommandContext, Input, ParseResult } from './incident-command-types.ts';

export type SeverityRead =
  | { kind: 'level'; level: number; next: number }
  | { kind: 'unknown'; written: string; next: number }
  | undefined;

/**
 * Reads a severity at `index`: a configured name (case-insensitive, possibly several words), `sev1`, `sev-1`,
 * `sev 1`, or with `allowBareNumber` a plain `1`. A `sev<level>` with no such level configured is `unknown`. A colon
 * right after the severity is not part of it (`declare sev1: Checkout is down`).
 */
export const readSeverity = ({
  input,
  context,
  index,
  allowBareNumber,
}: {
  input: Input;
  context: CommandContext;
  index: number;
  allowBareNumber: boolean;
}): SeverityRead => {
  const wordsFrom = (count: number) =>
    input.tokens
      .slice(index, index + count)
      .map((token) => decodeEntities(token.word).toLowerCase())
      .join(' ');
  const named = context.severities
    .map((severity) => ({ severity, words: severity.name.toLowerCase().trim().split(/\s+/) }))
    .sort((a, b) => b.words.length - a.words.length)
    .find(({ words }) => {
      const written = wordsFrom(words.length);
      const name = words.join(' ');
      return written === name || written === `${name}:`;
    });
  if (named !== undefined) return { kind: 'level', level: named.severity.level, next: index + named.words.length };

  const first = wordAt(input, index) ?? '';
  const second = wordAt(input, index + 1) ?? '';
  const joined = /^sev-?(\d+):?$/i.exec(first)?.[1];
  const split = /^sev$/i.test(first) ? /^(\d+):?$/.exec(second)?.[1] : undefined;
  const bare = allowBareNumber ? /^(\d+):?$/.exec(first)?.[1] : undefined;
  const digits = joined ?? split ?? bare;
  if (digits === undefined) return undefined;
  const next = index + (split === undefined ? 1 : 2);
  const level = digits.length <= 3 ? Number(digits) : Number.NaN;
  return context.severities.some((severity) => severity.level === level)
    ? { kind: 'level', level, next }
    : { kind: 'unknown', written: split === undefined ? first : `${first} ${second}`, next };
};

/** The configured severities by level, for a refusal; `sev<level>` is always read too. */
export const describeSeverities = (context: CommandContext): string => {
  if (context.severities.length === 0) return 'No severities are configured in sitrep.yml.';
  const names = [...context.severities]
    .sort((a, b) => a.level - b.level)
    .map((severity) => `${quote(severity.name)} (level ${severity.level})`);
  return `The severities are ${listWords(names)}; \`sev<level>\` works too.`;
};

/** A refusal of a severity that is not configured, listing those that are. */
export const refuseUnknownSeverity = ({
  written,
  context,
  usage,
}: {
  written: string;
  context: CommandContext;
  usage: Usage;
}): ParseResult => refuse(`Unknown severity ${quote(written)}. ${describeSeverities(context)}`, usage);
