import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommandContext, TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { parseIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { ALICE, BOB, expectReadableResult, parse, parseOk, parseRefusal, WHITESPACE } from './command-fixtures.ts';

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

describe('parseIncidentCommand: words beyond the spec lines', () => {
  it.each<[string, string, TIncidentCommand]>([['ignores words after help', 'help me', { kind: 'help' }]])(
    '%s: %j',
    (_rule, text, command) => {
      expect(parse(text)).toEqual({ ok: true, command });
    },
  );
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

const SHORT_HELP = '*Commands*\n`/incident declare [severity] [service:] &lt;title&gt;`';

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
  ])('refuses %s: %j', (_rule, text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
    expect(message.length).toBeLessThan(1500);
  });

  it('offers no suggestion when nothing is near: xyzzy', () => {
    expect(parseRefusal('xyzzy')).not.toContain('Did you mean');
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
