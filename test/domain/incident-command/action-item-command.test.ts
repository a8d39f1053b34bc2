import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import {
  ALICE,
  BOB,
  escapeLikeSlack,
  expectReadableResult,
  parse,
  parseRefusal,
  WHITESPACE,
} from './command-fixtures.ts';

const ACTION_FORM =
  'Use `/incident action [#42] &lt;title&gt; [@owner] [due:YYYY-MM-DD|in:3bd] [kind:fix|test|alarm|doc|visibility] [tracker:&lt;url&gt;]`, for example';
const KIND_LIST =
  'The kinds are `fix` (remedy), `test` (coverage), `alarm` (alerting), `doc` (runbooks) and `visibility` (dashboards).';

const action = (fields: Omit<Extract<TIncidentCommand, { kind: 'action' }>, 'kind'>): TIncidentCommand => ({
  kind: 'action',
  ...fields,
});

describe('parseIncidentCommand: action', () => {
  it.each<[string, string, TIncidentCommand]>([
    [
      'reads a title alone',
      'action Add an alert on checkout 5xx rate',
      action({ title: 'Add an alert on checkout 5xx rate' }),
    ],
    [
      'reads the example of the help',
      `action Add an alert on checkout 5xx rate ${BOB} kind:alarm`,
      action({ title: 'Add an alert on checkout 5xx rate', ownerId: 'U456', actionKind: 'alarm' }),
    ],
    ['reads the keyword in any case', 'ACTION Add an alert', action({ title: 'Add an alert' })],
    ['reads the owner at the end', `action Add an alert ${BOB}`, action({ title: 'Add an alert', ownerId: 'U456' })],
    ['reads the owner first', `action ${BOB} Add an alert`, action({ title: 'Add an alert', ownerId: 'U456' })],
    ['reads the owner mid-title', `action Add ${BOB} an alert`, action({ title: 'Add an alert', ownerId: 'U456' })],
    [
      'reads an owner without a name',
      'action Add an alert <@U456>',
      action({ title: 'Add an alert', ownerId: 'U456' }),
    ],
    ['reads a W… owner', 'action Add an alert <@W0X|x y>', action({ title: 'Add an alert', ownerId: 'W0X' })],
    ['names the incident with #42', 'action #42 Add an alert', action({ title: 'Add an alert', incident: 42 })],
    ['names the incident with inc-42', 'action inc-42 Add an alert', action({ title: 'Add an alert', incident: 42 })],
    ['names the incident with INC-7', 'action INC-7 Add an alert', action({ title: 'Add an alert', incident: 7 })],
    ['starts the title with a bare number', 'action 3 retries at most', action({ title: '3 retries at most' })],
    ['keeps a later #42 in the title', 'action Close bug #42', action({ title: 'Close bug #42' })],
    [
      'reads a due date at the end',
      'action Add an alert due:2026-12-04',
      action({ title: 'Add an alert', due: { kind: 'date', date: '2026-12-04' } }),
    ],
    [
      'reads a due date with a space after the colon',
      'action Add an alert due: 2026-12-04',
      action({ title: 'Add an alert', due: { kind: 'date', date: '2026-12-04' } }),
    ],
    [
      'reads a due date first, its key in capitals',
      'action DUE:2026-12-04 Add an alert',
      action({ title: 'Add an alert', due: { kind: 'date', date: '2026-12-04' } }),
    ],
    [
      'reads a due date mid-title',
      'action Add due:2026-12-04 an alert',
      action({ title: 'Add an alert', due: { kind: 'date', date: '2026-12-04' } }),
    ],
    [
      'reads a leap day',
      'action Add an alert due:2028-02-29',
      action({ title: 'Add an alert', due: { kind: 'date', date: '2028-02-29' } }),
    ],
    [
      'keeps a past date: the caller checks it against today',
      'action Add an alert due:1999-12-31',
      action({ title: 'Add an alert', due: { kind: 'date', date: '1999-12-31' } }),
    ],
    [
      'reads in:3bd',
      'action Add an alert in:3bd',
      action({ title: 'Add an alert', due: { kind: 'business_days', count: 3 } }),
    ],
    [
      'reads in:3 bd',
      'action Add an alert in:3 bd',
      action({ title: 'Add an alert', due: { kind: 'business_days', count: 3 } }),
    ],
    [
      'reads in: 3bd',
      'action Add an alert in: 3bd',
      action({ title: 'Add an alert', due: { kind: 'business_days', count: 3 } }),
    ],
    [
      'reads IN: 60 BD first',
      'action IN: 60 BD Add an alert',
      action({ title: 'Add an alert', due: { kind: 'business_days', count: 60 } }),
    ],
    [
      'reads in:1bd mid-title',
      'action Add in:1bd an alert',
      action({ title: 'Add an alert', due: { kind: 'business_days', count: 1 } }),
    ],
    ['reads kind:fix', 'action Retry once kind:fix', action({ title: 'Retry once', actionKind: 'fix' })],
    ['reads kind:test', 'action Retry once kind:test', action({ title: 'Retry once', actionKind: 'test' })],
    ['reads kind: doc', 'action Retry once kind: doc', action({ title: 'Retry once', actionKind: 'doc' })],
    [
      'reads Kind:Visibility first',
      'action Kind:Visibility Retry once',
      action({ title: 'Retry once', actionKind: 'visibility' }),
    ],
    [
      'reads a bare https link',
      'action Retry once tracker:https://tracker.example.com/PAY-7',
      action({ title: 'Retry once', trackerUrl: 'https://tracker.example.com/PAY-7' }),
    ],
    [
      'reads a bare http link',
      'action Retry once tracker:http://jira.internal/PAY-7',
      action({ title: 'Retry once', trackerUrl: 'http://jira.internal/PAY-7' }),
    ],
    [
      'reads a link as Slack sends it',
      'action Retry once tracker:<https://tracker.example.com/PAY-7>',
      action({ title: 'Retry once', trackerUrl: 'https://tracker.example.com/PAY-7' }),
    ],
    [
      'reads a link with a label, after a space',
      'action Retry once TRACKER: <https://tracker.example.com/PAY-7|tracker.example.com/PAY-7>',
      action({ title: 'Retry once', trackerUrl: 'https://tracker.example.com/PAY-7' }),
    ],
    [
      'reads a link whose label has spaces',
      'action tracker:<https://tracker.example.com/PAY-7|the  payments\tissue> Retry once',
      action({ title: 'Retry once', trackerUrl: 'https://tracker.example.com/PAY-7' }),
    ],
    [
      'decodes the entities of a link',
      'action Retry once tracker:<https://t.example.com/q?a=1&amp;b=2>',
      action({ title: 'Retry once', trackerUrl: 'https://t.example.com/q?a=1&b=2' }),
    ],
    [
      'reads every option at the end',
      `action #42 Retry card payments once ${BOB} due:2026-12-04 kind:fix tracker:https://t.example.com/PAY-7`,
      action({
        title: 'Retry card payments once',
        ownerId: 'U456',
        due: { kind: 'date', date: '2026-12-04' },
        actionKind: 'fix',
        trackerUrl: 'https://t.example.com/PAY-7',
        incident: 42,
      }),
    ],
    [
      'reads every option first, in another order',
      `action inc-9 tracker: <https://t.example.com/PAY-7> KIND: Alarm in: 5 bd ${ALICE} Alert on refunds`,
      action({
        title: 'Alert on refunds',
        ownerId: 'U123',
        due: { kind: 'business_days', count: 5 },
        actionKind: 'alarm',
        trackerUrl: 'https://t.example.com/PAY-7',
        incident: 9,
      }),
    ],
    [
      'reads options between the title words',
      `action Alert kind:alarm on ${ALICE} refunds in:2bd now`,
      action({
        title: 'Alert on refunds now',
        ownerId: 'U123',
        due: { kind: 'business_days', count: 2 },
        actionKind: 'alarm',
      }),
    ],
  ])('%s', (_name, text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string, string]>([
    ['decodes &amp;', 'action Fix &amp; verify retries', 'Fix & verify retries'],
    ['decodes &lt; and &gt; once', 'action Alert when p99 &gt; 300ms &amp;&lt;', 'Alert when p99 > 300ms &<'],
    ['does not decode twice', 'action Escape &amp;lt; in names', 'Escape &lt; in names'],
    ['collapses tabs and newlines', 'action\tAdd  an\nalert\r\non\u00a0refunds ', 'Add an alert on refunds'],
    ['keeps a channel in the title', 'action Move alerts to <#C1|ops-alerts>', 'Move alerts to <#C1|ops-alerts>'],
    [
      'keeps a link in the title',
      'action Read <https://x.example.com/r|the runbook> again',
      'Read <https://x.example.com/r|the runbook> again',
    ],
    ['keeps an address and a lone @', 'action Mail ops@example.com @ noon', 'Mail ops@example.com @ noon'],
    [
      'keeps words that only look like options',
      'action Fix TODO: https://x.example.com',
      'Fix TODO: https://x.example.com',
    ],
  ])('%s in the title', (_name, text, title) => {
    expect(parse(text)).toEqual({ ok: true, command: { kind: 'action', title } });
  });

  it.each<[string, string, string[]]>([
    ['no title', 'action', ['An action needs a title: what will be done?', ACTION_FORM]],
    [
      'options and no title',
      `action #42 ${BOB} in:3bd kind:fix`,
      ['An action needs a title: what will be done?', ACTION_FORM],
    ],
    ['a malformed incident', 'action #0 Add an alert', ['`#0` is not an incident number', ACTION_FORM]],
    [
      'a plain @name',
      'action Add an alert @bob',
      ['Slack sent `@bob` as plain text', 'Pick the person from the list', ACTION_FORM],
    ],
    ['two owners', `action Add an alert ${BOB} ${ALICE}`, ['An action has one owner', ACTION_FORM]],
    ['the same owner twice', `action Add an alert ${BOB} <@U456>`, ['An action has one owner']],
    [
      'a user group',
      'action Add an alert <!subteam^S1|ops>',
      ['An action’s owner is one person, not a user group like `&lt;!subteam^S1|ops&gt;`.', ACTION_FORM],
    ],
    ['@here', 'action Add an alert <!here>', ['An action’s owner is one person, not `&lt;!here&gt;`.']],
    [
      'a day past the end of February',
      'action Add an alert due:2026-02-30',
      ['2026-02-30 is not a date: February 2026 has 28 days.', 'due:2026-12-04'],
    ],
    [
      'the 29th of February in a common year',
      'action Add an alert due:2100-02-29',
      ['2100-02-29 is not a date: February 2100 has 28 days.'],
    ],
    ['a day 31 in April', 'action Add an alert due:2026-04-31', ['April 2026 has 30 days.']],
    ['a day 00', 'action Add an alert due:2026-04-00', ['2026-04-00 is not a date: April 2026 has 30 days.']],
    ['month 13', 'action Add an alert due:2026-13-01', ['2026-13-01 is not a date: months go from 01 to 12.']],
    ['month 00', 'action Add an alert due:2026-00-10', ['2026-00-10 is not a date']],
    [
      'a date in another format',
      'action Add an alert due:12/04/2026',
      ["`due:` takes a date as YYYY-MM-DD, such as `due:2026-12-04`; I can't read `12/04/2026`.", ACTION_FORM],
    ],
    ['a date without leading zeros', 'action Add an alert due:2026-2-3', ['`due:` takes a date as YYYY-MM-DD']],
    ['due: with nothing after it', 'action Add an alert due:', ['`due:` needs a date, such as `due:2026-12-04`.']],
    [
      'due: and in: together',
      'action Add an alert due:2026-12-04 in:3bd',
      ['Give a due date (`due:2026-12-04`) or a number of business days (`in:3bd`), not both.'],
    ],
    ['in: and due: together', 'action Add an alert in:3bd due:2026-12-04', ['not both']],
    ['due: twice', 'action Add an alert due:2026-12-04 due:2026-12-05', ['Give `due:` once.']],
    ['in: twice', 'action Add an alert in:3bd in:3bd', ['Give `in:` once.']],
    ['kind: twice', 'action Add an alert kind:fix kind:doc', ['Give `kind:` once.']],
    [
      'tracker: twice',
      'action Add tracker:https://a.example.com tracker:https://b.example.com',
      ['Give `tracker:` once.'],
    ],
    ['in: without bd', 'action Add an alert in:3', ['`in:` counts business days: write `in:3bd`.', 'in:3bd`.']],
    [
      'in: in days',
      'action Add an alert in:3d',
      ['`in:` takes a number of business days, such as `in:3bd`', '`in:3d`'],
    ],
    ['in: in words', 'action Add an alert in: three bd', ["I can't read `in:three`"]],
    ['in:0bd', 'action Add an alert in:0bd', ['An action is due in 1 to 60 business days, not 0.']],
    ['in:61bd', 'action Add an alert in:61 bd', ['An action is due in 1 to 60 business days, not 61.']],
    ['in: with nothing after it', 'action Add an alert in:', ['`in:` needs a number of business days']],
    [
      'a near miss of a kind',
      'action Add an alert kind:alrm',
      ['Unknown kind `alrm`. Did you mean `alarm`?', KIND_LIST, ACTION_FORM],
    ],
    ['a kind far from all', 'action Add an alert kind:bug', ['Unknown kind `bug`.', KIND_LIST]],
    ['kind: with nothing after it', 'action Add an alert kind:', ['`kind:` needs a kind.', KIND_LIST]],
    [
      'a link that is not http',
      'action Add an alert tracker:ftp://files.example.com/x',
      [
        "`tracker:` takes a link to the issue, starting with http:// or https://; I can't read `ftp://files.example.com/x`.",
      ],
    ],
    [
      'a mailto link',
      'action Add an alert tracker:<mailto:ops@example.com|ops>',
      ["I can't read `mailto:ops@example.com`"],
    ],
    ['a link without a scheme', 'action Add an alert tracker:jira/PAY-7', ["I can't read `jira/PAY-7`"]],
    ['a link without a host', 'action Add an alert tracker:https://', ["I can't read `https://`"]],
    ['tracker: with nothing after it', 'action Add an alert tracker:', ['`tracker:` needs a link to the issue']],
  ])('refuses %s, saying what was wrong', (_name, text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });

  it('shows an example with the option that was wrong', () => {
    expect(parseRefusal('action x due:2026-02-30')).toContain(
      'for example `/incident action Write the failover runbook @alice due:2026-12-04`.',
    );
    expect(parseRefusal('action x in:99bd')).toContain(
      'for example `/incident action Write the failover runbook @alice in:3bd`.',
    );
    expect(parseRefusal('action x tracker:nope')).toContain('tracker:https://tracker.example.com/PAY-7`.');
  });

  it('quotes what was typed inertly', () => {
    expect(parseRefusal('action x kind:`*bold*`&lt;!here&gt;')).toContain("Unknown kind `'*bold*'&lt;!here&gt;`.");
  });
});

/** Words of the action grammar, its near misses and junk, joined by any whitespace. */
const actionSoup = fc
  .tuple(
    fc.constantFrom('action', 'actions', 'postmortem', 'ACTION'),
    fc.array(
      fc.oneof(
        fc.constantFrom('#42', '#0', 'inc-7', '42', '#99999999999', 'complete', 'mine', 'overdue', 'all', 'mnie'),
        fc.constantFrom(BOB, ALICE, '<@U1>', '@bob', '<!here>', '<!subteam^S1|ops>', '<#C1|general>', '<@', '<>'),
        fc.constantFrom('due:', 'due:2026-12-04', 'due:2026-02-30', 'due:2026-13-01', 'due:9999-99-99', 'DUE:'),
        fc.constantFrom('2026-12-04', 'in:', 'in:3bd', 'in:3', 'bd', 'in:0bd', 'in:99999999999bd', 'IN:'),
        fc.constantFrom('kind:', 'kind:fix', 'kind:alrm', 'KIND:DOC', 'tracker:', 'tracker:https://x.example.com'),
        fc.constantFrom('<https://x.example.com|a b>', 'tracker:<https://x|', 'tracker:<mailto:a@b>', 'https://'),
        fc.constantFrom('&amp;', '&lt;', '&gt;', '&amp;lt;', '`', '```', '*', '|', '\u200b', '\ufeff', ':'),
        fc.string({ maxLength: 12 }),
        fc.string({ unit: 'binary', maxLength: 12 }),
      ),
      { maxLength: 14 },
    ),
  )
  .chain(([keyword, words]) =>
    fc
      .array(fc.constantFrom(...WHITESPACE, ''), { minLength: words.length, maxLength: words.length })
      .map((gaps) => words.reduce((text, word, index) => `${text}${gaps[index] || ' '}${word}`, keyword)),
  );

describe('parseIncidentCommand: properties of the action subcommands', () => {
  it.each([
    ['the action grammar mixed with junk', actionSoup],
    [
      'a keyword then anything',
      fc
        .tuple(fc.constantFrom('action', 'actions', 'postmortem'), fc.string({ unit: 'binary', maxLength: 300 }))
        .map(([word, rest]) => `${word} ${rest}`),
    ],
    [
      'a keyword then long text',
      fc
        .tuple(
          fc.constantFrom('action', 'action due:', 'action tracker:', 'action kind:'),
          fc.string({ unit: 'binary', minLength: 1000, maxLength: 4000 }),
        )
        .map(([word, rest]) => `${word}${rest}`),
    ],
  ])('never throws and always answers with a command or a short message, for %s', (_name, texts) => {
    fc.assert(
      fc.property(texts, (text) => {
        expectReadableResult(text, parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('ignores how much whitespace separates the words', () => {
    fc.assert(
      fc.property(actionSoup, fc.constantFrom(...WHITESPACE), (text, space) => {
        expect(parse(text.replace(/ /g, space))).toEqual(parse(text));
      }),
      { numRuns: 500 },
    );
  });

  /** Title words: no whitespace, no option key, no mention and no `@name`, so each stays in the title. */
  const titleWords = fc.array(
    fc
      .oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }),
        fc.constantFrom('&', '<', '>', '&amp;', 'a:', 'due', 'in', 'bd', '#42', '42', 'sev1', 'https://x.example.com'),
      )
      .map((word) => word.replace(/[\s\u0085]/g, ''))
      .filter((word) => word !== '' && !/^(due|in|kind|tracker):/i.test(word) && !/^(<[@!]|@\S)/.test(word)),
    { minLength: 1, maxLength: 8 },
  );

  const options = fc.shuffledSubarray([
    { word: BOB, field: { ownerId: 'U456' } },
    { word: 'due: 2026-12-04', field: { due: { kind: 'date', date: '2026-12-04' } } },
    { word: 'KIND:Test', field: { actionKind: 'test' } },
    {
      word: 'tracker:<https://t.example.com/x?a=1&amp;b=2|the issue>',
      field: { trackerUrl: 'https://t.example.com/x?a=1&b=2' },
    },
  ] as const);

  it('reads the options wherever they are and keeps the title words in order', () => {
    fc.assert(
      fc.property(
        titleWords,
        options,
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        fc.constantFrom(...WHITESPACE),
        (words, chosen, positions, space) => {
          // A first word such as `#42` would name the incident.
          fc.pre(!/^(#|inc-)\d+$/i.test(words[0] ?? ''));
          const text = [...words.map(escapeLikeSlack)];
          chosen.forEach((option, index) => {
            text.splice((positions[index] ?? 0) % (text.length + 1), 0, option.word);
          });
          const result = parse(`action${space}${text.join(space)}`);
          expect(result).toEqual({
            ok: true,
            command: { kind: 'action', title: words.join(' '), ...Object.assign({}, ...chosen.map((o) => o.field)) },
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
