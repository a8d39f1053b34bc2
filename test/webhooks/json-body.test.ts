import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../src/webhooks/json-body.ts';

describe('parseJsonBody', () => {
  it.each([
    ['{"service":"checkout-api"}', { ok: true, value: { service: 'checkout-api' } }],
    ['[1, "two", null]', { ok: true, value: [1, 'two', null] }],
    ['{"surrogate pair":"\\ud83e\\udde8"}', { ok: true, value: { 'surrogate pair': '🧨' } }],
  ])('reads %s', (body, expected) => {
    expect(parseJsonBody(Buffer.from(body))).toEqual(expected);
  });

  it('reads nesting deeper than the call stack', () => {
    const depth = 100_000;
    const read = parseJsonBody(Buffer.from(`${'['.repeat(depth)}"a\\u0000"${']'.repeat(depth)}`));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.issues[0]?.path).toHaveLength(depth);
  });

  it.each([
    ['{"service":', [], 'expected a JSON body'],
    ['{"environment":"prod\\u0000uction"}', ['environment'], 'expected text without the NUL character (\\u0000)'],
    [
      '{"deployment":{"tags":["a","\\u0000"]}}',
      ['deployment', 'tags', 1],
      'expected text without the NUL character (\\u0000)',
    ],
    ['{"ke\\u0000y":1}', ['ke\u0000y'], 'expected text without the NUL character (\\u0000)'],
    [
      '{"labels":{"pod":"\\ud800"}}',
      ['labels', 'pod'],
      'expected text without an unpaired surrogate (\\ud800-\\udfff)',
    ],
    [
      '{"labels":{"\\udfffpod":"a"}}',
      ['labels', '\udfffpod'],
      'expected text without an unpaired surrogate (\\ud800-\\udfff)',
    ],
    ['["\\udde8\\ud83e"]', [0], 'expected text without an unpaired surrogate (\\ud800-\\udfff)'],
    ['"\\ud800"', [], 'expected text without an unpaired surrogate (\\ud800-\\udfff)'],
  ])('refuses %s, naming where', (body, path, message) => {
    const read = parseJsonBody(Buffer.from(body));
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.issues.map((issue) => ({ path: issue.path, message: issue.message }))).toEqual([{ path, message }]);
  });
});
