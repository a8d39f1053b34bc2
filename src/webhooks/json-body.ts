import { z } from 'zod';
import { type PayloadResult, toPayloadResult } from './payload-result.ts';

type Visit = { value: unknown; key: PropertyKey | undefined; parent: Visit | undefined };

const pathOf = (visit: Visit): PropertyKey[] => {
  const path: PropertyKey[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
};

/**
 * What PostgreSQL cannot store of a string: NUL, refused in text and jsonb alike; a lone surrogate, refused in jsonb
 * (alert labels, outbox messages) and turned into U+FFFD in text. Only a `\udxxx` escape makes one: the body is
 * decoded as UTF-8.
 */
const unstorableTextIn = (text: string): string | undefined => {
  if (text.includes('\u0000')) return 'expected text without the NUL character (\\u0000)';
  if (!text.isWellFormed()) return 'expected text without an unpaired surrogate (\\ud800-\\udfff)';
  return undefined;
};

type Unstorable = { path: PropertyKey[]; message: string };

/**
 * Where the first text PostgreSQL cannot store is, in a key or a string. A loop rather than recursion, as JSON.parse
 * reads nesting far deeper than the call stack allows.
 */
const findUnstorableText = (root: unknown): Unstorable | undefined => {
  const pending: Visit[] = [{ value: root, key: undefined, parent: undefined }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'string') {
      const message = unstorableTextIn(value);
      if (message !== undefined) return { path: pathOf(visit), message };
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        pending.push({ value: value[index], key: index, parent: visit });
      }
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (const [key] of entries) {
        const message = unstorableTextIn(key);
        if (message !== undefined) return { path: [...pathOf(visit), key], message };
      }
      for (const [key, item] of entries.reverse()) pending.push({ value: item, key, parent: visit });
    }
  }
  return undefined;
};

const ZJsonText = z.string().transform((text, context): unknown => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON.parse's message: it quotes the body back.
    context.addIssue({ code: 'custom', message: 'expected a JSON body' });
    return z.NEVER;
  }
  const unstorable = findUnstorableText(value);
  if (unstorable !== undefined) {
    context.addIssue({ code: 'custom', ...unstorable });
    return z.NEVER;
  }
  return value;
});

/** The body decoded as UTF-8 JSON, or the zod issue saying it is not JSON or holds text sitrep cannot store. */
export const parseJsonBody = (rawBody: Buffer): PayloadResult<unknown> =>
  toPayloadResult(ZJsonText.safeParse(rawBody.toString('utf8')));
