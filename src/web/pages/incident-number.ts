import { z } from 'zod';
import { AppError } from '../../domain/app-error.ts';

const ZNumber = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

/** The incident number in a path: one too long to be any incident's is a page that does not exist. */
export const readIncidentNumber = (text: string): number => {
  const parsed = ZNumber.safeParse(text);
  if (!parsed.success) throw new AppError('NOT_FOUND', { userMessage: `There is no incident ${text.slice(0, 20)}.` });
  return parsed.data;
};
