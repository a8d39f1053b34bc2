import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { parse, parseRefusal } from './command-fixtures.ts';

const POSTMORTEM_FORM = 'Use `/incident postmortem [#42] [complete]`, for example `/incident postmortem complete`.';

describe('parseIncidentCommand: postmortem', () => {
  it.each<[string, TIncidentCommand]>([
    ['postmortem', { kind: 'postmortem' }],
    ['postmortem 42', { kind: 'postmortem', incident: 42 }],
    ['postmortem complete', { kind: 'postmortem_complete' }],
    ['POSTMORTEM Complete', { kind: 'postmortem_complete' }],
    ['postmortem #42 complete', { kind: 'postmortem_complete', incident: 42 }],
    ['postmortem inc-42 complete', { kind: 'postmortem_complete', incident: 42 }],
    ['postmortem 42 complete', { kind: 'postmortem_complete', incident: 42 }],
  ])('reads /incident %j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string[]]>([
    ['postmortem compelte', ["I don't know what to do with `compelte`. Did you mean `complete`?", POSTMORTEM_FORM]],
    ['postmortem now', ["I don't know what to do with `now`.", POSTMORTEM_FORM]],
    [
      'postmortem complete #42',
      [
        'Completing the postmortem takes only the incident number',
        'Put the incident number right after the word, as in `/incident postmortem #42 complete`.',
      ],
    ],
    ['postmortem #42 complete now', ["I don't know what to do with `now`."]],
    ['postmortem #0 complete', ['`#0` is not an incident number', POSTMORTEM_FORM]],
  ])('refuses /incident %j', (text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });
});
