import { z } from 'zod';
import { suggestClosest } from '../text/edit-distance.ts';

// Builders of the sitrep.yml schema's values: each error is one line, "expected <what>; got <the value found>".

/** The value found, in a few words, for an error line. */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return String(value);
};

/** Error option for a schema or check: "expected <what>; got <the value found>". */
export const describeExpectation = (what: string) => ({
  error: (issue: { input?: unknown }) => `expected ${what}; got ${describeValue(issue.input)}`,
});

/** A strict mapping: unknown keys are errors that list the keys allowed there. */
export const defineSection = <TShape extends z.ZodRawShape>(what: string, shape: TShape) => {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return `expected ${what}; got ${describeValue(issue.input)}`;
      const [onlyKey, ...otherKeys] = issue.keys;
      const suggestion = onlyKey !== undefined && otherKeys.length === 0 ? suggestClosest(onlyKey, allowed) : undefined;
      const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
      return `unknown key${hint}; expected one of ${allowed.join(', ')}`;
    },
  });
};

/** A whole number from `min` to `max`. */
export const defineInteger = ({ what, min, max }: { what: string; min: number; max: number }) =>
  z.int(describeExpectation(what)).min(min, describeExpectation(what)).max(max, describeExpectation(what));

/** `true` or `false`; `what` says what it switches. */
export const defineBoolean = (what: string) => z.boolean(describeExpectation(`true or false (${what})`));

/** A non-empty string of at most `max` characters, matching `pattern` when given. */
export const defineString = ({ what, pattern, max }: { what: string; pattern?: RegExp; max: number }) => {
  // abort: one line per bad value, however many of its checks fail.
  const check = { ...describeExpectation(what), abort: true };
  const base = z.string(describeExpectation(what)).min(1, check).max(max, check);
  return pattern === undefined ? base : base.regex(pattern, check);
};

/**
 * Whether a value under one of `keys` already failed. Cross-key rules run even when a value they compare failed a
 * format check (zod only stops at type errors); they stay quiet then, so one mistake gives one line.
 */
export const hasIssueUnder = ({
  issues,
  keys,
}: {
  issues: readonly { path?: PropertyKey[] | undefined }[];
  keys: string[];
}) => issues.some((issue) => keys.some((key) => issue.path?.[0] === key));
