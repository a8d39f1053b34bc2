import { z } from 'zod';
import type { PayloadResult } from '../domain/deploy-payloads.ts';

type Visit = { value: unknown; key: PropertyKey | undefined; parent: Visit | undefined };

const pathOf = (visit: Visit): PropertyKey[] => {
  const path: PropertyKey[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
};

/**
 * Where the first NUL character is, in a key or a string: PostgreSQL stores neither in text nor in jsonb. A loop
 * rather than recursion, as JSON.parse reads nesting far deeper than the call stack allows.
 */
const findNul = (root: unknown): PropertyKey[] | undefined => {
  const pending: Visit[] = [{ value: root, key: undefined, parent: undefined }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(visit);
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        pending.push({ value: value[index], key: index, parent: visit });
      }
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      const badKey = entries.find(([key]) => key.includes('\u0000'));
      if (badKey) return [...pathOf(visit), badKey[0]];
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
  const nul = findNul(value);
  if (nul !== undefined) {
    context.addIssue({ code: 'custom', path: nul, message: 'expected text without the NUL character (\\u0000)' });
    return z.NEVER;
  }
  return value;
});

/** The body decoded as UTF-8 JSON, or the zod issue saying it is not JSON or holds text sitrep cannot store. */
export const parseJsonBody = (rawBody: Buffer): PayloadResult<unknown> => {
  const parsed = ZJsonText.safeParse(rawBody.toString('utf8'));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: parsed.error.issues };
};
