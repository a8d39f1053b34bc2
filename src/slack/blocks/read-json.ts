import type { z } from 'zod';

/**
 * What a button's `value` or a modal's `private_metadata` carries, read back with its schema; undefined when it is
 * not JSON of that shape (never throws).
 */
export const readJson = <T>({ schema, text }: { schema: z.ZodType<T>; text: unknown }): T | undefined => {
  if (typeof text !== 'string') return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};
