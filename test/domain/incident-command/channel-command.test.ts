import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { parse, parseRefusal } from './command-fixtures.ts';

const CHANNEL_FORM = 'Use `/incident channel [#42]`, for example `/incident channel #42`.';

describe('parseIncidentCommand: channel', () => {
  it.each<[string, TIncidentCommand]>([
    ['channel', { kind: 'channel' }],
    ['Channel #42', { kind: 'channel', incident: 42 }],
    ['channel inc-42', { kind: 'channel', incident: 42 }],
    ['channel 42', { kind: 'channel', incident: 42 }],
  ])('reads /incident %j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string[]]>([
    [
      'channel #42 now',
      ['Opening the channel again takes only the incident number', 'what to do with `now`', CHANNEL_FORM],
    ],
    ['channel #0', ['`#0` is not an incident number', CHANNEL_FORM]],
    ['chanel #42', ['Did you mean `/incident channel`?']],
  ])('refuses /incident %j', (text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });
});
