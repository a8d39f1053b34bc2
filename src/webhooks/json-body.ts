import { z } from 'zod';
import type { PayloadResult } from '../domain/deploy-payloads.ts';

const ZJsonText = z.string().transform((text, context): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON.parse's message: it quotes the body back.
    context.addIssue({ code: 'custom', message: 'expected a JSON body' });
    return z.NEVER;
  }
});

/** The body decoded as UTF-8 JSON, or the zod issue saying it is not JSON. */
export const parseJsonBody = (rawBody: Buffer): PayloadResult<unknown> => {
  const parsed = ZJsonText.safeParse(rawBody.toString('utf8'));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: parsed.error.issues };
};
