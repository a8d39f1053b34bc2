import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  isFormErrors,
  readElement,
  readField,
  ZDatetimepicker,
  ZTextInput,
} from '../../../src/slack/blocks/modal-fields.ts';
import { ACTIONS, BLOCKS } from '../../../src/slack/ids.ts';

const title = (value: unknown) => ({
  [BLOCKS.declareTitle]: { [ACTIONS.declareTitle]: { type: 'plain_text_input', value } },
});

describe('readElement', () => {
  it.each([
    ['a well-formed element', { b: { a: { value: 'Checkout is down' } } }, { value: 'Checkout is down' }],
    ['an empty field sent as null', { b: { a: { value: null } } }, { value: null }],
    ['a missing block', { other: { a: { value: 'x' } } }, undefined],
    ['a missing element', { b: { other: { value: 'x' } } }, undefined],
    ['an element of another shape', { b: { a: { value: 42 } } }, undefined],
    ['a block that is not an object', { b: 'nonsense' }, undefined],
    ['values that are not an object', 'nonsense', undefined],
    ['no values at all', undefined, undefined],
  ])('reads %s without throwing', (_, values, expected) => {
    expect(readElement({ values, blockId: 'b', actionId: 'a', schema: ZTextInput })).toEqual(expected);
  });

  it('makes only the malformed block absent', () => {
    const values = { b: { a: { value: 7 } }, when: { picker: { selected_date_time: 1_790_000_000 } } };
    expect(readElement({ values, blockId: 'b', actionId: 'a', schema: ZTextInput })).toBeUndefined();
    expect(readElement({ values, blockId: 'when', actionId: 'picker', schema: ZDatetimepicker })).toEqual({
      selected_date_time: 1_790_000_000,
    });
  });
});

describe('readField', () => {
  it('finds the element under the block_id and action_id that share the field’s name', () => {
    expect(readField({ values: title('Card payments time out'), field: 'declareTitle', schema: ZTextInput })).toEqual({
      value: 'Card payments time out',
    });
    expect(readField({ values: title('x'), field: 'declareDescription', schema: ZTextInput })).toBeUndefined();
  });

  it('takes any schema', () => {
    const schema = z.object({ value: z.string().min(3) });
    expect(readField({ values: title('ok'), field: 'declareTitle', schema })).toBeUndefined();
  });
});

describe('isFormErrors', () => {
  it.each([
    [{ errors: { b: 'Pick one.' } }, true],
    [{ ownerId: 'U0123ABCD' }, false],
  ])('tells the errors of a form from what was read: %j', (read, expected) => {
    expect(isFormErrors(read)).toBe(expected);
  });
});
