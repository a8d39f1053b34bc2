import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { notAnIncident, parse, parseRefusal } from './command-fixtures.ts';

const STATUS_FORM = 'Use `/incident status [#42] investigating|identified|monitoring|resolved [message]`';
const RESOLVE_FORM = 'Use `/incident resolve [#42] [message]`, for example `/incident resolve Fixed by rollback`.';
const REOPEN_FORM = 'Use `/incident reopen [#42] &lt;reason&gt;`, for example `/incident reopen Errors are back`.';

describe('parseStatus, parseResolve and parseReopen', () => {
  it.each<[string, string, TIncidentCommand]>([
    ['reads status investigating', 'status investigating', { kind: 'status', status: 'investigating' }],
    ['reads status resolved as resolve', 'status resolved Fixed', { kind: 'resolve', message: 'Fixed' }],
    [
      'drops the colon after a status',
      'status identified: bad deploy',
      { kind: 'status', status: 'identified', message: 'bad deploy' },
    ],
    [
      'names the incident with #42 in status',
      'status #42 identified Bad deploy',
      { kind: 'status', status: 'identified', message: 'Bad deploy', incident: 42 },
    ],
    [
      'names the incident with inc-42 in status',
      'status inc-42 monitoring',
      { kind: 'status', status: 'monitoring', incident: 42 },
    ],
    ['resolves without a message', 'resolve', { kind: 'resolve' }],
    [
      'resolves a named incident',
      'resolve #42 Fixed by rollback',
      { kind: 'resolve', message: 'Fixed by rollback', incident: 42 },
    ],
    [
      'reads a leading bare number as the incident',
      'resolve 3 pods restarted',
      { kind: 'resolve', message: 'pods restarted', incident: 3 },
    ],
    [
      'reopens a named incident',
      'reopen inc-9 Errors are back',
      { kind: 'reopen', reason: 'Errors are back', incident: 9 },
    ],
  ])('%s: %j', (_rule, text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string, string[]]>([
    [
      'a status without the status',
      'status',
      ['Which status? Give investigating, identified, monitoring or resolved.', STATUS_FORM],
    ],
    [
      'a near-miss status',
      'status identifed',
      ['Unknown status `identifed`.', 'Did you mean `identified`?', STATUS_FORM],
    ],
    [
      'an unknown status',
      'status fixed-ish',
      [
        'Unknown status `fixed-ish`.',
        'The statuses are investigating, identified, monitoring and resolved.',
        STATUS_FORM,
      ],
    ],
    ['incident #0 in status', 'status #0 identified', [notAnIncident('#0'), STATUS_FORM]],
    ['incident #0 in resolve', 'resolve #0 Fixed', [notAnIncident('#0'), RESOLVE_FORM]],
    ['a reopen without a reason', 'reopen', ['Reopening needs a reason', REOPEN_FORM]],
    ['a reopen of a named incident without a reason', 'reopen #4', ['Reopening needs a reason', REOPEN_FORM]],
    ['incident inc-0 in reopen', 'reopen inc-0 Errors are back', [notAnIncident('inc-0'), REOPEN_FORM]],
  ])('refuses %s: %j', (_rule, text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
    expect(message.length).toBeLessThan(1500);
  });

  it('offers no suggestion when nothing is near: status xyzzy', () => {
    expect(parseRefusal('status xyzzy')).not.toContain('Did you mean');
  });
});
