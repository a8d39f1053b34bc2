import { describe, expect, it } from 'vitest';
import { readDueDate } from '../../../src/domain/action-items/due-date.ts';
import { isProductionEnvironment } from '../../../src/domain/deploys/deploy.ts';
import { versionFromRef } from '../../../src/domain/deploys/version-from-ref.ts';
import { incidentChannelName } from '../../../src/domain/incident/channel-name.ts';
import { suggestClosest } from '../../../src/domain/text/edit-distance.ts';
import { escapeMrkdwn, escapeTypedText } from '../../../src/domain/text/escape-mrkdwn.ts';
import { convertMrkdwn, escapeMarkdown, flattenLines, markdownLink } from '../../../src/domain/text/mrkdwn-markdown.ts';
import { checkCalendarDate } from '../../../src/domain/time/calendar-date.ts';
import { readNoteTime, readTypedTime } from '../../../src/domain/time/note-time.ts';
import { parse } from '../incident-command/command-fixtures.ts';

// Text a person or a webhook sends, shaped to make a backtracking regex work hard: long runs of what its
// quantifiers can share between them. Each path that reads such text must stay linear.

const LENGTH = 100_000;
/** `unit` repeated to LENGTH characters, then `end`: most patterns fail only at the last character. */
const run = (unit: string, end = ''): string => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH) + end;

const ADVERSARIAL: Record<string, string> = {
  'spaces before a newline': run(' ', '\nx'),
  'spaces, a letter, a newline': run(' ', 'x\n'),
  'no-break spaces, a letter, a newline': run('\u00a0', 'x\n'),
  'spaces then a letter': run(' ', 'x'),
  tabs: run('\t', '\0'),
  'tabs, a null, a newline': run('\t', '\0\n'),
  newlines: run('\n', '\0'),
  'spaces and newlines': run(' \n', '\0'),
  'ideographic spaces': run('\u3000', '\u0085'),
  backticks: run('`'),
  stars: run('*'),
  'star and letter': run('*a', '*'),
  'star and space': run('* ', '\n'),
  tildes: run('~a', '~'),
  underscores: run('_'),
  'opening angles': run('<'),
  'unclosed mentions': run('<@U1|'),
  'unclosed links': run('<http://a.b/', '|'),
  'glued links': run('tracker:<h:', ' '),
  colons: run(':'),
  'letters and colons': run('a:'),
  digits: run('1', 'x'),
  'digit and colon': run('1:', 'x'),
  'yesterday, again and again': run('yesterday ', 'x'),
  'dates, again and again': run('2026-01-01 ', 'x'),
  'dotted numbers': run('1.', '!'),
  'a tag with a long suffix': `v1-${run('1.')}!`,
  hyphens: run('-', '\0'),
  'letter and hyphen': run('a-', '!'),
  entities: run('&amp;'),
  'hash and number': run('#1'),
  'inc-': run('inc-'),
  'accented letters': run('e\u0301'),
  emoji: run('\u{1F525}'),
  'lone surrogates': run('\ud83d'),
  'sev-': run('sev-'),
  'due:': run('due:'),
  'bearer-like': `Bearer${run(' ', '\n')}`,
};

const SUBCOMMANDS = [
  '',
  'declare ',
  'declare sev1 ',
  'declare sev1 checkout-api: ',
  'status ',
  'status resolved ',
  'sev ',
  'severity 42 ',
  'lead ',
  'role ',
  'resolve ',
  'reopen ',
  'note ',
  'note #42 ',
  'timeline ',
  'postmortem ',
  'action ',
  'action #42 fix ',
  'actions ',
  'report ',
  'impact ',
  'impact outage ',
  'changes ',
  'list ',
];

const now = new Date('2026-06-15T12:00:00Z');
const zone = 'Europe/Paris';
const noHolidays = { isHoliday: () => false };

const TEXT_PATHS: Record<string, (text: string) => unknown> = {
  readNoteTime: (text) => readNoteTime(text, { now, zone }),
  readTypedTime: (text) => readTypedTime(text, { now, zone }),
  readDueDate: (text) => readDueDate({ text, now, zone, holidays: noHolidays }),
  checkCalendarDate: (text) => checkCalendarDate(text),
  convertMrkdwn: (text) => convertMrkdwn(text, { U1: 'alice' }),
  flattenLines: (text) => flattenLines(text),
  escapeMarkdown: (text) => escapeMarkdown(text),
  markdownLink: (text) => markdownLink(text, text),
  escapeMrkdwn: (text) => escapeMrkdwn(text),
  escapeTypedText: (text) => escapeTypedText(text),
  incidentChannelName: (title) => incidentChannelName({ prefix: 'inc', number: 42, title, attempt: 2 }),
  versionFromRef: (ref) => versionFromRef({ ref, shortSha: '9fceb02' }),
  'versionFromRef (a tag)': (ref) => versionFromRef({ ref: `refs/tags/${ref}`, shortSha: '9fceb02' }),
  isProductionEnvironment: (environment) => isProductionEnvironment(environment),
  suggestClosest: (word) => suggestClosest(word, ['checkout-api', 'payments', 'search']),
  ...Object.fromEntries(
    SUBCOMMANDS.map((subcommand) => [`/incident ${subcommand}…`, (text: string) => parse(subcommand + text)]),
  ),
};

/**
 * Linear work on these inputs takes 1 to 20 ms; quadratic work takes seconds (the old mrkdwn regex: 7 s). The line
 * between them sits where neither a busy machine (CI runs two files at once on two cores, often beside other work)
 * nor a garbage collection moves linear work across it, and quadratic work is still far beyond it.
 */
const SLOW_MS = 250;

/** The time one call takes, in ms: the fastest of up to five, so a pause of the machine's does not count. */
const timeOf = (work: () => unknown): number => {
  let fastest = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 5 && fastest >= SLOW_MS; attempt += 1) {
    const started = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
};

describe('text a person or a webhook wrote, made to backtrack', () => {
  it.each(Object.entries(TEXT_PATHS))('%s reads it in linear time', (_, read) => {
    const slow = Object.entries(ADVERSARIAL)
      .map(([shape, text]) => ({ shape, ms: Math.round(timeOf(() => read(text))) }))
      .filter(({ ms }) => ms >= SLOW_MS);
    expect(slow).toEqual([]);
  });
});
