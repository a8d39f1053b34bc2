import type { PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { ACTIONS, BLOCKS } from '../ids.ts';
import { LIMITS, plainText, truncateText } from './format.ts';

/** What reading a form gives back when a field is wrong: a message per block_id, shown under the field. */
export type FormErrors = { errors: Record<string, string> };

export const isFormErrors = (read: object): read is FormErrors => 'errors' in read;

// Slack's limits for a select menu: 100 options, each value at most 150 characters.
export const MAX_OPTIONS = 100;
export const OPTION_VALUE_MAX = 150;
// Clocks of Slack clients and of this server disagree by a few seconds; a minute is generous.
export const CLOCK_SKEW_MS = 60_000;

export const buildOption = ({ text, value }: { text: string; value: string }): PlainTextOption => ({
  text: plainText(truncateText(text, LIMITS.optionText)),
  value,
});

// What Slack sends for each element in `view.state.values`; an empty field comes as null or not at all.
export const ZTextInput = z.object({ value: z.string().nullish() });
export const ZSelectedOption = z.object({ value: z.string() });
export const ZStaticSelect = z.object({ selected_option: ZSelectedOption.nullish() });
export const ZDatetimepicker = z.object({ selected_date_time: z.number().nullish() });

const ZKeyed = z.record(z.string(), z.unknown());

/**
 * One element of a submitted form, `view.state.values[blockId][actionId]`, read on its own so that a malformed
 * block makes only that field absent. Never throws.
 */
export const readElement = <T>({
  values,
  blockId,
  actionId,
  schema,
}: {
  values: unknown;
  blockId: string;
  actionId: string;
  schema: z.ZodType<T>;
}): T | undefined => {
  const blocks = ZKeyed.safeParse(values);
  const block = ZKeyed.safeParse(blocks.success ? blocks.data[blockId] : undefined);
  const element = schema.safeParse(block.success ? block.data[actionId] : undefined);
  return element.success ? element.data : undefined;
};

/** A field whose block_id and action_id have the same name in ids.ts, as most of sitrep's form fields do. */
export const readField = <T>({
  values,
  field,
  schema,
}: {
  values: unknown;
  field: keyof typeof BLOCKS & keyof typeof ACTIONS;
  schema: z.ZodType<T>;
}): T | undefined => readElement({ values, blockId: BLOCKS[field], actionId: ACTIONS[field], schema });
