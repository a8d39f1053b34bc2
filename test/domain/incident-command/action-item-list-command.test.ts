import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { parse, parseRefusal } from './command-fixtures.ts';

const ACTIONS_FORM = 'Use `/incident actions [#42] [mine|overdue|all]`, for example `/incident actions overdue`.';

describe('parseIncidentCommand: actions', () => {
  it.each<[string, TIncidentCommand]>([
    ['actions', { kind: 'actions' }],
    ['Actions MINE', { kind: 'actions', scope: 'mine' }],
    ['actions overdue', { kind: 'actions', scope: 'overdue' }],
    ['actions all', { kind: 'actions', scope: 'all' }],
    ['actions #42', { kind: 'actions', incident: 42 }],
    ['actions 42 mine', { kind: 'actions', scope: 'mine', incident: 42 }],
    ['actions\tinc-7\noverdue', { kind: 'actions', scope: 'overdue', incident: 7 }],
  ])('reads /incident %j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string[]]>([
    ['actions mnie', ['Unknown list `mnie`. Did you mean `mine`?', ACTIONS_FORM]],
    ['actions overdeu', ['Did you mean `overdue`?']],
    ['actions al', ['Did you mean `all`?']],
    ['actions everything', ['Unknown list `everything`. Say `mine` for your actions', ACTIONS_FORM]],
    ['actions #0', ['`#0` is not an incident number', ACTIONS_FORM]],
    [
      'actions mine #42',
      [
        "I don't know what to do with `#42`.",
        'Put the incident number right after the word, as in `/incident actions #42 mine`.',
      ],
    ],
    ['actions mine please', ["I don't know what to do with `please`.", ACTIONS_FORM]],
  ])('refuses /incident %j', (text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });

  it('suggests nothing for a word far from every list', () => {
    expect(parseRefusal('actions xyzzy')).not.toContain('Did you mean');
  });
});
