import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../src/domain/incident/incident.ts';
import type {
  CommandContext,
  ParseResult,
  TIncidentCommand,
} from '../../../src/domain/incident-command/incident-command.ts';
import { INCIDENT_HELP, parseIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';

const severities: Severity[] = [1, 2, 3, 4].map((level) => ({
  level,
  name: `SEV${level}`,
  description: `Severity ${level}`,
}));
const context: CommandContext = { severities, defaultSeverity: 3, services: ['checkout-api', 'payments', 'search'] };

/** `text` is what Slack sends for `/incident <text>`: the words after the command. */
const parse = (text: string): ParseResult => parseIncidentCommand(text, context);

const parseOk = (text: string): TIncidentCommand => {
  const result = parse(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.message}`);
  return result.command;
};

const parseRefusal = (text: string): string => {
  const result = parse(text);
  if (result.ok)
    throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(result.command)}`);
  return result.message;
};

/** What Slack does to text people type: `&`, `<` and `>` arrive as entities. */
const escapeLikeSlack = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack sends a picked `@alice` as `<@U…|alice>` when the command escapes users. */
const mentionLikeSlack = (text: string): string =>
  text.replace(
    /(^|\s)@([a-z][\w.-]*)/gi,
    (_, before: string, name: string) => `${before}<@U0${name.toUpperCase()}|${name}>`,
  );

const ALICE = '<@U123|alice>';
const BOB = '<@U456|bob>';

const SUBCOMMAND_WORDS = [
  'declare',
  'status',
  'severity',
  'sev',
  'lead',
  'comms',
  'scribe',
  'role',
  'resolve',
  'reopen',
  'list',
  'help',
] as const;

const WHITESPACE = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\u0085', ' \t\u00a0 '];

describe('parseIncidentCommand: the lines of the product spec', () => {
  it.each<[string, TIncidentCommand]>([
    ['', { kind: 'open_modal' }],
    ['declare Checkout is failing', { kind: 'declare', severity: 3, services: [], title: 'Checkout is failing' }],
    ['declare sev1 Checkout is down', { kind: 'declare', severity: 1, services: [], title: 'Checkout is down' }],
    [
      'declare sev2 checkout-api: Card payments time out',
      { kind: 'declare', severity: 2, services: ['checkout-api'], title: 'Card payments time out' },
    ],
    ['status identified', { kind: 'status', status: 'identified' }],
    [
      'status monitoring Rolled back to v1.4.1',
      { kind: 'status', status: 'monitoring', message: 'Rolled back to v1.4.1' },
    ],
    ['sev 1', { kind: 'severity', severity: 1 }],
    ['severity 1', { kind: 'severity', severity: 1 }],
    ['sev1', { kind: 'severity', severity: 1 }],
    [`lead ${ALICE}`, { kind: 'role', role: 'lead', userId: 'U123' }],
    ['lead <@U123>', { kind: 'role', role: 'lead', userId: 'U123' }],
    [`comms ${BOB}`, { kind: 'role', role: 'comms', userId: 'U456' }],
    [`scribe ${ALICE}`, { kind: 'role', role: 'scribe', userId: 'U123' }],
    [`role comms ${BOB}`, { kind: 'role', role: 'comms', userId: 'U456' }],
    ['resolve Fixed by rollback', { kind: 'resolve', message: 'Fixed by rollback' }],
    ['reopen Errors are back', { kind: 'reopen', reason: 'Errors are back' }],
    ['list', { kind: 'list' }],
    ['help', { kind: 'help' }],
    ['status 42 resolved', { kind: 'resolve', incident: 42 }],
  ])('reads /incident %s exactly as the spec says', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });
});

describe('parseIncidentCommand: forms beyond the spec lines', () => {
  it.each<[string, string, TIncidentCommand]>([
    [
      'declares with a sev-<level> severity',
      'declare sev-4 Slow search',
      { kind: 'declare', severity: 4, services: [], title: 'Slow search' },
    ],
    [
      'declares with a sev <level> severity',
      'declare sev 2 Slow search',
      { kind: 'declare', severity: 2, services: [], title: 'Slow search' },
    ],
    [
      'drops the colon after a severity',
      'declare sev1: Checkout is down',
      { kind: 'declare', severity: 1, services: [], title: 'Checkout is down' },
    ],
    [
      'names several services before a colon',
      'declare sev2 payments, search: Refunds are slow',
      { kind: 'declare', severity: 2, services: ['payments', 'search'], title: 'Refunds are slow' },
    ],
    [
      'names a service in any case, keeping its configured spelling',
      'declare CHECKOUT-API: Card payments time out',
      { kind: 'declare', severity: 3, services: ['checkout-api'], title: 'Card payments time out' },
    ],
    [
      'reads a service prefix without a space after the colon',
      'declare checkout-api:Card payments time out',
      { kind: 'declare', severity: 3, services: ['checkout-api'], title: 'Card payments time out' },
    ],
    [
      'lists a service named twice once',
      'declare search, search: Results are empty',
      { kind: 'declare', severity: 3, services: ['search'], title: 'Results are empty' },
    ],
    [
      'keeps a colon in the title when the prefix is not a service',
      'declare Database: slow queries',
      { kind: 'declare', severity: 3, services: [], title: 'Database: slow queries' },
    ],
    [
      'keeps a time of day in the title',
      'declare 14:05 deploy broke checkout',
      { kind: 'declare', severity: 3, services: [], title: '14:05 deploy broke checkout' },
    ],
    [
      'keeps emoji in the title',
      'declare 🔥 Checkout on fire',
      { kind: 'declare', severity: 3, services: [], title: '🔥 Checkout on fire' },
    ],
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
    ['reads severity sev1', 'severity sev1', { kind: 'severity', severity: 1 }],
    ['reads sev-2 alone', 'sev-2', { kind: 'severity', severity: 2 }],
    [
      'names the incident with #42 before a bare severity',
      'sev #42 1',
      { kind: 'severity', severity: 1, incident: 42 },
    ],
    ['names the incident with 42 before another severity', 'sev 42 1', { kind: 'severity', severity: 1, incident: 42 }],
    ['names the incident after sev1', 'sev1 #42', { kind: 'severity', severity: 1, incident: 42 }],
    ['names the incident before sev1', 'severity 42 sev1', { kind: 'severity', severity: 1, incident: 42 }],
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
    ['ignores words after help', 'help me', { kind: 'help' }],
  ])('%s: %j', (_rule, text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });
});

describe('parseIncidentCommand: case and whitespace', () => {
  it.each<[string, string]>([
    ['  declare   sev1   Checkout is down  ', 'declare sev1 Checkout is down'],
    ['\tdeclare\tsev1\tCheckout\tis\tdown\t', 'declare sev1 Checkout is down'],
    ['declare  sev1  Checkout  is  down', 'declare sev1 Checkout is down'],
    ['declare\nsev1\nCheckout is\r\ndown', 'declare sev1 Checkout is down'],
    ['declare\u00a0sev1\u00a0Checkout\u00a0is\u00a0down', 'declare sev1 Checkout is down'],
    ['declare\u2003sev1\u3000Checkout\u0085is down', 'declare sev1 Checkout is down'],
    ['DECLARE SEV1 Checkout is down', 'declare sev1 Checkout is down'],
    ['Declare Sev1 Checkout is down', 'declare sev1 Checkout is down'],
    ['DECLARE SEV-1 Checkout is down', 'declare sev1 Checkout is down'],
    ['DECLARE SEV 1 Checkout is down', 'declare sev1 Checkout is down'],
    ['DECLARE SEV2 Checkout-API: Card payments time out', 'declare sev2 checkout-api: Card payments time out'],
    ['declare sev2 checkout-api :  Card payments time out', 'declare sev2 checkout-api: Card payments time out'],
    ['STATUS IDENTIFIED', 'status identified'],
    ['Status  Monitoring\tRolled back to v1.4.1', 'status monitoring Rolled back to v1.4.1'],
    ['STATUS 42 RESOLVED', 'status 42 resolved'],
    ['SEV 1', 'sev 1'],
    ['Severity\u00a01', 'severity 1'],
    ['SEV1', 'sev1'],
    ['severity SEV1', 'sev 1'],
    [`LEAD  ${ALICE}`, `lead ${ALICE}`],
    [`Role COMMS\t${BOB}`, `role comms ${BOB}`],
    ['RESOLVE Fixed by rollback', 'resolve Fixed by rollback'],
    ['  reopen\u00a0 Errors are back ', 'reopen Errors are back'],
    ['LIST', 'list'],
    ['\t list \n', 'list'],
    ['HELP', 'help'],
    ['   ', ''],
    ['\u00a0\t\n', ''],
  ])('reads %j like %j', (variant, canonical) => {
    const expected = parse(canonical);
    expect(expected.ok).toBe(true);
    expect(parse(variant)).toEqual(expected);
  });

  it.each([
    ['Declare sev1 Checkout IS Down', 'Checkout IS Down'],
    ['declare sev1 checkout is down', 'checkout is down'],
  ])('keeps the case of the title in %j', (text, title) => {
    expect(parseOk(text)).toMatchObject({ kind: 'declare', title });
  });
});

describe('parseIncidentCommand: Slack-escaped text', () => {
  it.each<[string, TIncidentCommand]>([
    [
      'declare Latency &gt; 2s &amp; rising',
      { kind: 'declare', severity: 3, services: [], title: 'Latency > 2s & rising' },
    ],
    ['declare &lt;script&gt; in titles', { kind: 'declare', severity: 3, services: [], title: '<script> in titles' }],
    ['declare A &amp;lt; B', { kind: 'declare', severity: 3, services: [], title: 'A &lt; B' }],
    ['declare Tom &amp;amp; Jerry', { kind: 'declare', severity: 3, services: [], title: 'Tom &amp; Jerry' }],
    [
      'declare &quot;quoted&quot; stays',
      { kind: 'declare', severity: 3, services: [], title: '&quot;quoted&quot; stays' },
    ],
    [
      'declare sev1 payments: Refunds &amp; chargebacks fail',
      { kind: 'declare', severity: 1, services: ['payments'], title: 'Refunds & chargebacks fail' },
    ],
    ['status monitoring p99 &lt; 300ms', { kind: 'status', status: 'monitoring', message: 'p99 < 300ms' }],
    ['resolve Fixed &amp; verified', { kind: 'resolve', message: 'Fixed & verified' }],
    ['reopen Errors &gt; 5% again', { kind: 'reopen', reason: 'Errors > 5% again' }],
  ])('decodes entities once in %j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });
});

const DECLARE_FORM = 'Use `/incident declare [severity] [service:] &lt;title&gt;`';
const STATUS_FORM = 'Use `/incident status [#42] investigating|identified|monitoring|resolved [message]`';
const SEVERITY_FORM = 'Use `/incident sev [#42] &lt;severity&gt;`, for example `/incident sev 1`.';
const ROLE_FORM = 'Use `/incident lead|comms|scribe [#42] @person`, for example `/incident lead @alice`.';
const RESOLVE_FORM = 'Use `/incident resolve [#42] [message]`, for example `/incident resolve Fixed by rollback`.';
const REOPEN_FORM = 'Use `/incident reopen [#42] &lt;reason&gt;`, for example `/incident reopen Errors are back`.';
const SHORT_HELP = '*Commands*\n`/incident declare [severity] [service:] &lt;title&gt;`';
const SEVERITY_LIST =
  'The severities are `SEV1` (level 1), `SEV2` (level 2), `SEV3` (level 3) and `SEV4` (level 4); `sev<level>` works too.';
const SERVICE_LIST = 'Known services: `checkout-api`, `payments`, `search`.';
const notAnIncident = (written: string) =>
  `\`${written}\` is not an incident number: incident numbers are whole numbers from 1`;

describe('parseIncidentCommand: refusals say what was wrong and show the form', () => {
  it.each<[string, string, string[]]>([
    [
      'an unknown subcommand near a known one',
      'decalre Checkout is down',
      ["I don't know `/incident decalre`.", 'Did you mean `/incident declare`?', SHORT_HELP],
    ],
    [
      'an unknown subcommand in capitals',
      'STAUS identified',
      ["I don't know `/incident STAUS`.", 'Did you mean `/incident status`?'],
    ],
    ['an unknown subcommand far from all', 'xyzzy', ["I don't know `/incident xyzzy`.", SHORT_HELP]],
    [
      'an incident number before the word',
      '42 resolve',
      ["I don't know `/incident 42`.", 'Put the incident number after the word', SHORT_HELP],
    ],
    [
      'a person before the role',
      `${ALICE} lead`,
      ['Put the role before the person, as in `/incident lead @alice`.', SHORT_HELP],
    ],
    ['a service name as the subcommand', 'payments down', ["I don't know `/incident payments`.", SHORT_HELP]],
    ['words after list', 'list all', ['Listing takes nothing after the word', 'Use `/incident list`.']],
    [
      'a declare without a title',
      'declare',
      ['An incident needs a title: a few words on what is wrong.', DECLARE_FORM],
    ],
    ['a declare with only a severity', 'declare sev1', ['An incident needs a title', DECLARE_FORM]],
    [
      'a declare with only services',
      'declare sev1 payments:',
      ['An incident needs a title after the services', DECLARE_FORM],
    ],
    [
      'an unknown sev<level> in declare',
      'declare sev9 Checkout is down',
      ['Unknown severity `sev9`.', SEVERITY_LIST, DECLARE_FORM],
    ],
    [
      'a near-miss service',
      'declare chekout-api: Card payments time out',
      ['Unknown service `chekout-api`.', 'Did you mean `checkout-api`?', SERVICE_LIST, DECLARE_FORM],
    ],
    [
      'a near-miss short service',
      'declare seach: Results are empty',
      ['Unknown service `seach`.', 'Did you mean `search`?'],
    ],
    [
      'an unknown service next to a known one',
      'declare payments, ledger: Refunds fail',
      ['Unknown service `ledger`.', SERVICE_LIST, DECLARE_FORM],
    ],
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
    ['a sev without the severity', 'sev', ['Which severity?', SEVERITY_LIST, SEVERITY_FORM]],
    ['a sev with an incident but no severity', 'sev #42', ['Which severity?', SEVERITY_FORM]],
    [
      'a near-miss severity',
      'sev sve1',
      ['`sve1` is not a severity. Did you mean `SEV1`?', SEVERITY_LIST, SEVERITY_FORM],
    ],
    ['an unknown bare level', 'sev 9', ['Unknown severity `9`.', SEVERITY_LIST, SEVERITY_FORM]],
    ['an unknown sev<level> alone', 'sev9', ['Unknown severity `sev9`.', SEVERITY_LIST, SEVERITY_FORM]],
    ['an unknown sev<level> after severity', 'severity sev7', ['Unknown severity `sev7`.', SEVERITY_FORM]],
    ['words after the severity', 'sev 1 right now', ["I don't know what to do with `right now`.", SEVERITY_FORM]],
    ['incident #0 after sev1', 'sev1 #0', [notAnIncident('#0'), SEVERITY_FORM]],
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
    ['incident #0 in resolve', 'resolve #0 Fixed', [notAnIncident('#0'), RESOLVE_FORM]],
    ['a reopen without a reason', 'reopen', ['Reopening needs a reason', REOPEN_FORM]],
    ['a reopen of a named incident without a reason', 'reopen #4', ['Reopening needs a reason', REOPEN_FORM]],
    ['incident inc-0 in reopen', 'reopen inc-0 Errors are back', [notAnIncident('inc-0'), REOPEN_FORM]],
  ])('refuses %s: %j', (_rule, text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
    expect(message.length).toBeLessThan(1500);
  });

  it.each([
    ['status xyzzy', 'Did you mean'],
    ['xyzzy', 'Did you mean'],
    ['declare payments, ledger: Refunds fail', 'Did you mean'],
    ['sev qqqq', 'Did you mean'],
  ])('offers no suggestion when nothing is near: %j', (text, absent) => {
    expect(parseRefusal(text)).not.toContain(absent);
  });

  it('shows what someone typed short and inert, without breaking the code span', () => {
    const message = parseRefusal(`${'`<b>&amp;'.repeat(20)} declare`);
    expect(message).toContain(
      "I don't know `/incident '&lt;b&gt;&amp;'&lt;b&gt;&amp;'&lt;b&gt;&amp;'&lt;b&gt;&amp;'&lt;b&gt;&amp;'&lt;",
    );
    expect(message).toContain('…`');
    expect(message.split('\n')[0]?.match(/`/g)).toHaveLength(2);
  });

  it.each([
    ['a long unknown subcommand', 'x'.repeat(10_000)],
    ['a long non-person', `lead ${'y'.repeat(10_000)}`],
    ['a long tail after the severity', `sev 1 ${'z '.repeat(5_000)}`],
    ['a long tail after list', `list ${'w'.repeat(10_000)}`],
    ['a long unknown status', `status ${'🔥'.repeat(5_000)}`],
  ])('keeps the message under 1,500 characters for %s', (_rule, text) => {
    const message = parseRefusal(text);
    expect(message.length).toBeLessThan(1500);
    expect(message.isWellFormed()).toBe(true);
  });

  it('keeps the message under 1,500 characters however many severities and services are configured', () => {
    const many: CommandContext = {
      severities: Array.from({ length: 9 }, (_, index) => ({
        level: index + 1,
        name: `${'Very long severity '.slice(0, 19)}${index}`,
        description: '',
      })),
      defaultSeverity: 1,
      services: Array.from({ length: 500 }, (_, index) => `service-with-a-long-name-${index}`),
    };
    for (const text of ['sev', 'declare sev99 x', 'declare service-with-a-long-name-1, nope: x', 'sev nope']) {
      const result = parseIncidentCommand(text, many);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message.length).toBeLessThan(1500);
    }
  });
});

describe('parseIncidentCommand: custom severities', () => {
  const custom: CommandContext = {
    severities: [
      { level: 1, name: 'Critical outage', description: '' },
      { level: 2, name: 'Major', description: '' },
      { level: 3, name: 'Minor', description: '' },
    ],
    defaultSeverity: 3,
    services: [],
  };

  it.each<[string, TIncidentCommand]>([
    [
      'declare critical OUTAGE Checkout is down',
      { kind: 'declare', severity: 1, services: [], title: 'Checkout is down' },
    ],
    [
      'declare Critical  outage: Checkout is down',
      { kind: 'declare', severity: 1, services: [], title: 'Checkout is down' },
    ],
    ['declare major Checkout is slow', { kind: 'declare', severity: 2, services: [], title: 'Checkout is slow' }],
    ['declare sev2 Checkout is slow', { kind: 'declare', severity: 2, services: [], title: 'Checkout is slow' }],
    [
      'declare Critical thinking needed',
      { kind: 'declare', severity: 3, services: [], title: 'Critical thinking needed' },
    ],
    ['sev critical outage', { kind: 'severity', severity: 1 }],
    ['Major', { kind: 'severity', severity: 2 }],
    ['minor #7', { kind: 'severity', severity: 3, incident: 7 }],
  ])('reads a configured severity name in any case: %j', (text, command) => {
    expect(parseIncidentCommand(text, custom)).toEqual({ ok: true, command });
  });

  it('lists the configured names when a severity is unknown', () => {
    const result = parseIncidentCommand('declare sev4 x', custom);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('`Critical outage` (level 1)') });
  });
});

/** Code spans of the help that are whole example lines: no placeholder (`<…>`), option (`[…]`) or choice (`a|b`). */
const helpExamples = (): string[] =>
  Array.from(INCIDENT_HELP.matchAll(/`([^`]+)`/g), (match) => match[1] ?? '').filter(
    (span) => span.startsWith('/incident ') && !/[<[|]|&lt;/.test(span),
  );

describe('INCIDENT_HELP', () => {
  it('has examples for every spec line', () => {
    expect(helpExamples()).toEqual(
      expect.arrayContaining([
        '/incident declare Checkout is failing',
        '/incident declare sev1 Checkout is down',
        '/incident declare sev2 checkout-api: Card payments time out',
        '/incident status identified',
        '/incident status monitoring Rolled back to v1.4.1',
        '/incident sev 1',
        '/incident severity 1',
        '/incident sev1',
        '/incident lead @alice',
        '/incident role comms @bob',
        '/incident resolve Fixed by rollback',
        '/incident reopen Errors are back',
        '/incident list',
        '/incident help',
        '/incident status 42 resolved',
      ]),
    );
  });

  it.each(helpExamples())('shows an example that parses, as Slack sends it: %s', (example) => {
    const text = mentionLikeSlack(example.slice('/incident '.length));
    expect(parse(text)).toMatchObject({ ok: true });
  });
});

/** Strings made of the grammar's words, numbers, mentions and junk, joined by any whitespace. */
const grammarSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(...SUBCOMMAND_WORDS),
      fc.constantFrom('investigating', 'identified', 'identifed', 'monitoring', 'resolved', 'identified:'),
      fc.constantFrom('sev1', 'SEV4', 'sev-2', 'sev', 'sev9', 'sev0', 'sev99999999999', '1', '9', '0', '00'),
      fc.constantFrom('#42', '#0', 'inc-7', 'INC-0', '42', '#99999999999', '#', 'inc-'),
      fc.constantFrom(
        ALICE,
        BOB,
        '<@U1>',
        '<@W2|x y>',
        '@alice',
        '<!here>',
        '<!subteam^S1|ops>',
        '<#C1|general>',
        '<@',
        '<>',
      ),
      fc.constantFrom('checkout-api:', 'payments,', 'search:', 'chekout-api:', 'seach:', ':', ',', 'a:b', '::'),
      fc.constantFrom('&amp;', '&lt;', '&gt;', '&amp;lt;', '`', '```', '*', '_', '~', '|', '\\', '\u200b', '\ufeff'),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    { maxLength: 14 },
  )
  .chain((words) =>
    fc
      .array(fc.constantFrom(...WHITESPACE, ''), { minLength: words.length + 1, maxLength: words.length + 1 })
      .map((gaps) => words.reduce((text, word, index) => `${text}${word}${gaps[index + 1] ?? ''}`, gaps[0] ?? '')),
  );

/** UTF-16 code units, lone surrogates included. */
const codeUnitString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  maxLength: 60,
});

const expectReadableResult = (text: string, result: ParseResult) => {
  if (result.ok) {
    expect(result.command.kind).toBeTypeOf('string');
    return;
  }
  expect(result.message.trim().length).toBeGreaterThan(0);
  expect(result.message.length).toBeLessThan(1500);
  if (text.isWellFormed()) expect(result.message.isWellFormed()).toBe(true);
};

describe('parseIncidentCommand: properties', () => {
  it.each([
    ['printable ASCII', fc.string({ maxLength: 200 })],
    ['any code point', fc.string({ unit: 'binary', maxLength: 200 })],
    ['graphemes', fc.string({ unit: 'grapheme', maxLength: 80 })],
    ['code units with lone surrogates', codeUnitString],
    ['the grammar mixed with junk', grammarSoup],
    [
      'a subcommand then anything',
      fc
        .tuple(fc.constantFrom(...SUBCOMMAND_WORDS), fc.string({ unit: 'binary', maxLength: 100 }))
        .map(([word, rest]) => `${word} ${rest}`),
    ],
    ['long text', fc.string({ unit: 'binary', minLength: 1000, maxLength: 4000 })],
  ])('never throws and always answers with a command or a short message, for %s', (_name, texts) => {
    fc.assert(
      fc.property(texts, (text) => {
        expectReadableResult(text, parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws whatever the configured severities and services', () => {
    const anyContext = fc.record({
      severities: fc.uniqueArray(
        fc.record({
          level: fc.integer({ min: 1, max: 9 }),
          name: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((name) => /^\S(.*\S)?$/su.test(name)),
          description: fc.constant(''),
        }),
        { minLength: 1, maxLength: 9, selector: (severity) => severity.level },
      ),
      defaultSeverity: fc.integer({ min: 1, max: 9 }),
      services: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}$/), { maxLength: 40 }),
    });
    fc.assert(
      fc.property(grammarSoup, anyContext, (text, someContext) => {
        expectReadableResult(text, parseIncidentCommand(text, someContext));
      }),
      { numRuns: 500 },
    );
  });

  /** Title words: no whitespace, so the title has one normal form: its words joined by single spaces. */
  const titleWords = fc.array(
    fc
      .oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 }),
        fc.constantFrom('&', '<', '>', '&amp;', '<@U1>', 'a:', 'Database:', '`', '#42', 'sev1', '42'),
      )
      .map((word) => word.replace(/[\s\u0085]/g, ''))
      .filter((word) => word !== ''),
    { minLength: 1, maxLength: 8 },
  );
  const gaps = (count: number) => fc.array(fc.constantFrom(...WHITESPACE), { minLength: count, maxLength: count });

  /** Slack escapes the title; whitespace between its words may be anything. */
  const writeTitle = (words: string[], spaces: string[]): string =>
    words.map(escapeLikeSlack).reduce((text, word, index) => `${text}${spaces[index] ?? ' '}${word}`);

  it('round-trips any non-blank title after an explicit severity when no services are configured', () => {
    fc.assert(
      fc.property(
        titleWords.chain((words) => fc.tuple(fc.constant(words), gaps(words.length))),
        fc.constantFrom<[string, number]>(['sev1', 1], ['SEV2', 2], ['sev-3', 3], ['sev 4', 4], ['Sev1:', 1]),
        ([words, spaces], [severityWord, severity]) => {
          const text = `declare ${severityWord}${spaces.at(-1) ?? ' '}${writeTitle(words, spaces)}`;
          const result = parseIncidentCommand(text, { ...context, services: [] });
          expect(result).toEqual({
            ok: true,
            command: { kind: 'declare', severity, services: [], title: words.join(' ') },
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips any non-blank title that does not start like a severity or a service prefix', () => {
    fc.assert(
      fc.property(
        titleWords.chain((words) => fc.tuple(fc.constant(words), gaps(words.length))),
        ([words, spaces]) => {
          const title = words.join(' ');
          fc.pre(!/^sev/i.test(title) && !/^[\w\s.,-]*:/.test(title));
          const result = parse(`declare${spaces.at(-1) ?? ' '}${writeTitle(words, spaces)}`);
          expect(result).toEqual({ ok: true, command: { kind: 'declare', severity: 3, services: [], title } });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips the title after a service prefix', () => {
    fc.assert(
      fc.property(
        titleWords.chain((words) => fc.tuple(fc.constant(words), gaps(words.length))),
        fc.subarray(context.services, { minLength: 1 }),
        ([words, spaces], services) => {
          const result = parse(`declare sev2 ${services.join(', ')}:${writeTitle(words, spaces)}`);
          expect(result).toEqual({
            ok: true,
            command: { kind: 'declare', severity: 2, services, title: words.join(' ') },
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the subcommand word in any case', () => {
    const words = fc.constantFrom(...SUBCOMMAND_WORDS, 'sev1', 'sev-2', 'sev4');
    const rest = fc.oneof(grammarSoup, fc.string({ unit: 'binary', maxLength: 40 }));
    fc.assert(
      fc.property(
        words.chain((word) => fc.tuple(fc.constant(word), fc.mixedCase(fc.constant(word)))),
        rest,
        ([word, written], tail) => {
          expect(parse(`${written} ${tail}`)).toEqual(parse(`${word} ${tail}`));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('ignores how much whitespace separates the words', () => {
    fc.assert(
      fc.property(grammarSoup, fc.constantFrom(...WHITESPACE), (text, space) => {
        const spaced = text.replace(/ /g, space);
        expect(parse(spaced)).toEqual(parse(text));
      }),
      { numRuns: 500 },
    );
  });
});
