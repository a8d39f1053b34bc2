import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { parseIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { context, escapeLikeSlack, parse, parseRefusal, SEVERITY_LIST, WHITESPACE } from './command-fixtures.ts';

const DECLARE_FORM = 'Use `/incident declare [severity] [service:] &lt;title&gt;`';
const SERVICE_LIST = 'Known services: `checkout-api`, `payments`, `search`.';

describe('parseDeclare', () => {
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
  ])('%s: %j', (_rule, text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string, string[]]>([
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
  ])('refuses %s: %j', (_rule, text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
    expect(message.length).toBeLessThan(1500);
  });

  it('offers no suggestion when nothing is near: declare payments, ledger: Refunds fail', () => {
    expect(parseRefusal('declare payments, ledger: Refunds fail')).not.toContain('Did you mean');
  });
});

describe('parseDeclare: properties', () => {
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
});
