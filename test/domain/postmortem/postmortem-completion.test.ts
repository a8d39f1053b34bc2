import { describe, expect, it } from 'vitest';
import {
  type CompletionAction,
  checkPostmortemCompletion,
} from '../../../src/domain/postmortem/postmortem-completion.ts';

const DUE = new Date('2026-12-04T23:59:59.999Z');
const item = (fields: Partial<CompletionAction> = {}): CompletionAction => ({
  title: 'Add an alert',
  status: 'open',
  ownerId: 'U1',
  dueAt: DUE,
  ...fields,
});
const NO_ACCEPTED =
  'no action item has been accepted yet: add one with `/incident action <what> @owner` (a postmortem without an action to avoid recurrence is not done)';

describe('checkPostmortemCompletion', () => {
  it.each<[string, CompletionAction[], number, string[]]>([
    ['is complete with one open action that has an owner and a due date', [item()], 1, []],
    ['is complete with one done action', [item({ status: 'done', ownerId: null, dueAt: null })], 1, []],
    ['needs an accepted action', [], 0, [NO_ACCEPTED]],
    ['does not count suggestions', [item({ status: 'suggested' })], 0, [NO_ACCEPTED]],
    ['does not count actions that will not be done', [item({ status: 'wont_do' })], 0, [NO_ACCEPTED]],
    [
      'needs an owner for every open action',
      [item({ title: 'Retry once', ownerId: null })],
      1,
      ['*Retry once* has no owner: reassign it from `/incident actions`'],
    ],
    [
      'needs a due date for every open action',
      [item({ title: 'Retry once', dueAt: null })],
      1,
      ['*Retry once* has no due date'],
    ],
    [
      'lists every problem, owners first',
      [item({ title: 'A', ownerId: null, dueAt: null }), item({ title: 'B', dueAt: null }), item({ status: 'done' })],
      3,
      ['*A* has no owner: reassign it from `/incident actions`', '*A* has no due date', '*B* has no due date'],
    ],
    ['ignores an owner missing from a suggestion', [item(), item({ status: 'suggested', ownerId: null })], 1, []],
  ])('%s', (_rule, actions, accepted, problems) => {
    expect(checkPostmortemCompletion(actions)).toEqual({ accepted, problems });
  });
});
