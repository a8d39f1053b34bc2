import { z } from 'zod';
import { fail, isRecord } from './params.ts';

// Slack rejects Block Kit it cannot render; the fake applies the same documented limits so that a test fails
// where production would, with the same `[ERROR] ... [json-pointer:...]` messages Slack puts in response_metadata.

const text = (max: number) =>
  z
    .string()
    .min(1, 'must be more than 0 characters')
    .max(max, `must be less than ${max + 1} characters`);
const ZPlainText = (max: number) =>
  z.looseObject({
    type: z.literal('plain_text', 'must be plain_text'),
    text: text(max),
    emoji: z.boolean().optional(),
  });
const ZTextObject = (max: number) => z.looseObject({ type: z.enum(['plain_text', 'mrkdwn']), text: text(max) });
const ZId = z.string().max(255, 'must be less than 256 characters').optional();

const ELEMENT_TYPES = [
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
  'rich_text_input',
  'file_input',
  'checkboxes',
  'radio_buttons',
  'image',
  'workflow_button',
] as const;

const ZButton = z.looseObject({
  type: z.literal('button'),
  text: ZPlainText(75),
  action_id: ZId,
  value: z.string().max(2000, 'must be less than 2001 characters').optional(),
  url: z.string().max(3000, 'must be less than 3001 characters').optional(),
  style: z.enum(['primary', 'danger']).optional(),
});
const ZElement = z.discriminatedUnion(
  'type',
  [ZButton, z.looseObject({ type: z.enum(ELEMENT_TYPES), action_id: ZId })],
  { error: 'unsupported element type' },
);
const ZContextElement = z.union([
  ZTextObject(3000),
  z.looseObject({ type: z.literal('image'), alt_text: z.string().max(2000) }),
]);

const block = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject({ block_id: ZId, ...shape });

const ZBlock = z.discriminatedUnion(
  'type',
  [
    block({
      type: z.literal('section'),
      text: ZTextObject(3000).optional(),
      fields: z.array(ZTextObject(2000)).max(10, 'no more than 10 items allowed').optional(),
      accessory: ZElement.optional(),
    }).refine((section) => section.text !== undefined || section.fields !== undefined, {
      message: 'must provide either text or fields',
    }),
    block({ type: z.literal('header'), text: ZPlainText(150) }),
    block({ type: z.literal('divider') }),
    block({
      type: z.literal('context'),
      elements: z
        .array(ZContextElement)
        .min(1, 'must provide at least 1 item')
        .max(10, 'no more than 10 items allowed'),
    }),
    block({
      type: z.literal('actions'),
      elements: z.array(ZElement).min(1, 'must provide at least 1 item').max(25, 'no more than 25 items allowed'),
    }),
    block({ type: z.literal('image'), alt_text: z.string().max(2000), title: ZPlainText(2000).optional() }),
    block({ type: z.literal('input'), label: ZPlainText(2000), element: ZElement, hint: ZPlainText(2000).optional() }),
    block({ type: z.literal('rich_text'), elements: z.array(z.unknown()) }),
    block({ type: z.literal('markdown'), text: text(12000) }),
    block({ type: z.enum(['file', 'video', 'table', 'context_actions']) }),
  ],
  { error: 'unsupported block type' },
);

const ZView = z.looseObject({
  type: z.enum(['modal', 'home'], 'must be modal or home'),
  title: ZPlainText(24).optional(),
  submit: ZPlainText(24).optional(),
  close: ZPlainText(24).optional(),
  callback_id: ZId,
  external_id: ZId,
  private_metadata: z.string().max(3000, 'must be less than 3001 characters').optional(),
  blocks: z.array(z.unknown()).max(100, 'no more than 100 items allowed'),
});

const pointerOf = (path: PropertyKey[]) => `/${path.map(String).join('/')}`;

const duplicateIdErrors = (blocks: unknown[], prefix: string) => {
  const seenBlocks = new Set<string>();
  const seenActions = new Set<string>();
  const errors: string[] = [];
  blocks.forEach((candidate, index) => {
    if (!isRecord(candidate)) return;
    const blockId = candidate.block_id;
    if (typeof blockId === 'string') {
      if (seenBlocks.has(blockId)) errors.push(`[ERROR] duplicate block_id [json-pointer:${prefix}/${index}/block_id]`);
      seenBlocks.add(blockId);
    }
    const elements = Array.isArray(candidate.elements) ? candidate.elements : [candidate.accessory];
    for (const element of elements) {
      if (!isRecord(element) || typeof element.action_id !== 'string') continue;
      if (seenActions.has(element.action_id)) {
        errors.push(`[ERROR] duplicate action_id [json-pointer:${prefix}/${index}]`);
      }
      seenActions.add(element.action_id);
    }
  });
  return errors;
};

/** The Block Kit errors Slack would report for these blocks; empty when valid. */
export const blockErrors = (blocks: unknown[], prefix = '/blocks'): string[] => {
  const errors = blocks.flatMap((candidate, index) => {
    const parsed = ZBlock.safeParse(candidate);
    if (parsed.success) return [];
    return parsed.error.issues.map(
      (issue) => `[ERROR] ${issue.message} [json-pointer:${prefix}/${index}${pointerOf(issue.path)}]`,
    );
  });
  return [...errors, ...duplicateIdErrors(blocks, prefix)];
};

const parseJsonValue = (value: unknown, error: string): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return fail(error);
  }
};

/** Reads `blocks` the way chat.postMessage does: absent, or a valid array of at most `max` blocks. */
export const readBlocks = (value: unknown, max = 50): unknown[] | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const blocks = parseJsonValue(value, 'invalid_blocks_format');
  if (!Array.isArray(blocks)) return fail('invalid_blocks_format');
  const errors =
    blocks.length > max ? [`[ERROR] no more than ${max} items allowed [json-pointer:/blocks]`] : blockErrors(blocks);
  if (errors.length > 0) fail('invalid_blocks', { response_metadata: { messages: errors } });
  return blocks;
};

export type ViewInput = z.infer<typeof ZView>;

/** Reads a `view` argument: a modal needs a title; every view's blocks must be valid Block Kit. */
export const readView = (value: unknown): ViewInput => {
  const parsed = ZView.safeParse(parseJsonValue(value, 'invalid_arguments'));
  if (!parsed.success) {
    const messages = parsed.error.issues.map(
      (issue) => `[ERROR] ${issue.message} [json-pointer:/view${pointerOf(issue.path)}]`,
    );
    return fail('invalid_arguments', { response_metadata: { messages } });
  }
  const view = parsed.data;
  const messages = [
    ...(view.type === 'modal' && view.title === undefined ? ['[ERROR] missing required field: title'] : []),
    ...blockErrors(view.blocks, '/view/blocks'),
  ];
  if (messages.length > 0) fail('invalid_arguments', { response_metadata: { messages } });
  return view;
};
