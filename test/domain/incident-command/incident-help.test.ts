import { describe, expect, it } from 'vitest';
import { INCIDENT_HELP } from '../../../src/domain/incident-command/incident-command.ts';
import { mentionLikeSlack, parse, parseRefusal } from './command-fixtures.ts';

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

describe('INCIDENT_HELP: the follow-up subcommands', () => {
  it.each([
    '`/incident action [#42] &lt;title&gt; [@owner] [due:YYYY-MM-DD|in:3bd] [kind:fix|test|alarm|doc|visibility] [tracker:&lt;url&gt;]`',
    '`/incident action Add an alert on checkout 5xx rate @bob kind:alarm`',
    '`/incident actions [#42] [mine|overdue|all]`',
    '`/incident actions mine`',
    '`/incident postmortem [#42] complete`',
    '`/incident postmortem complete`',
  ])('shows %s', (line) => {
    expect(INCIDENT_HELP).toContain(line);
  });

  it('suggests action for a near miss of the subcommand', () => {
    expect(parseRefusal('acton Add an alert')).toContain('Did you mean `/incident action`?');
    expect(parseRefusal('actoins')).toContain('Did you mean `/incident actions`?');
  });
});
