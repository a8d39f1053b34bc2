import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { ALICE, BOB, notAnIncident, parse, parseRefusal } from './command-fixtures.ts';

const ROLE_FORM = 'Use `/incident lead|comms|scribe [#42] @person`, for example `/incident lead @alice`.';

describe('parseRole', () => {
  it.each<[string, string, TIncidentCommand]>([
    [
      'gives a role on a named incident',
      `lead inc-42 ${ALICE}`,
      { kind: 'role', role: 'lead', userId: 'U123', incident: 42 },
    ],
    [
      'gives a role on a named incident with role',
      `role 42 comms ${BOB}`,
      { kind: 'role', role: 'comms', userId: 'U456', incident: 42 },
    ],
    ['accepts W user ids', 'scribe <@W0ABC>', { kind: 'role', role: 'scribe', userId: 'W0ABC' }],
    [
      'accepts a mention whose label has a space',
      'lead <@U123|alice smith>',
      { kind: 'role', role: 'lead', userId: 'U123' },
    ],
  ])('%s: %j', (_rule, text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string, string[]]>([
    ['a role without a person', 'lead', ['Who should take the lead role? Mention them with `@`.', ROLE_FORM]],
    [
      'a plain-text @name',
      'comms @alice',
      ['Slack sent `@alice` as plain text', 'Escape channels, users, and links', ROLE_FORM],
    ],
    ['a user group', 'lead <!subteam^S1|oncall>', ['not to a user group like `&lt;!subteam^S1|oncall&gt;`', ROLE_FORM]],
    ['a special mention', 'lead <!here>', ['A role goes to one person, not to `&lt;!here&gt;`.', ROLE_FORM]],
    ['a channel', 'scribe <#C1|general>', ['`&lt;#C1|general&gt;` is a channel; a role goes to a person.', ROLE_FORM]],
    ['a bare name', 'lead bob', ['`bob` is not a person', ROLE_FORM]],
    [
      'two people',
      `lead ${ALICE} ${BOB}`,
      ['A role goes to one person; give the lead role to one of them.', ROLE_FORM],
    ],
    ['words after the person', `lead ${ALICE} until noon`, ["I don't know what to do with `until noon`.", ROLE_FORM]],
    ['incident #0 in a role', `lead #0 ${ALICE}`, [notAnIncident('#0'), ROLE_FORM]],
    ['role without the role', 'role', ['Which role? The roles are lead, comms and scribe.', ROLE_FORM]],
    [
      'a near-miss role',
      `role laed ${ALICE}`,
      ['Unknown role `laed`. Did you mean `lead`?', 'The roles are lead, comms and scribe.', ROLE_FORM],
    ],
  ])('refuses %s: %j', (_rule, text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
    expect(message.length).toBeLessThan(1500);
  });
});
