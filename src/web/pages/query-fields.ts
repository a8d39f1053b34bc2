import { z } from 'zod';

/** A field left empty in a GET form is a field not given. */
export const blankAsMissing = (value: unknown) => (value === '' ? undefined : value);

/** `page` of a paged list: 1 when absent. */
export const ZPageNumber = z.preprocess(
  blankAsMissing,
  z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .refine((n) => n >= 1)
    .default(1),
);
