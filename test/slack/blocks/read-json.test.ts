import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJson } from '../../../src/slack/blocks/read-json.ts';

const ZCarried = z.object({ incidentId: z.uuid(), message: z.string().optional() });
const ID = '0b9e4c0e-4a43-4f3e-9b5a-2f6f1d7c8e90';

describe('readJson', () => {
  it.each([
    ['what sitrep wrote', JSON.stringify({ incidentId: ID }), { incidentId: ID }],
    [
      'with an optional field',
      JSON.stringify({ incidentId: ID, message: 'Fixed' }),
      { incidentId: ID, message: 'Fixed' },
    ],
    ['JSON of another shape', JSON.stringify({ incidentId: 'not-a-uuid' }), undefined],
    ['text that is not JSON', '{incidentId:', undefined],
    ['an empty string', '', undefined],
    ['a value that is not text', 42, undefined],
    ['nothing', undefined, undefined],
  ])('reads %s without throwing', (_, text, expected) => {
    expect(readJson({ schema: ZCarried, text })).toEqual(expected);
  });
});
