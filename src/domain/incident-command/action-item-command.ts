import { ACTION_KINDS, type ActionKindName } from '../postmortem/postmortem-model.ts';
import { suggestClosest } from '../text/edit-distance.ts';
import {
  accept,
  checkIncidentRef,
  code,
  decodeEntities,
  describeNotAPerson,
  type Input,
  listWords,
  type PersonWanted,
  quote,
  readIncidentRef,
  readRest,
  refuse,
  tokenizeWithLinks,
  USER_MENTION,
  type Usage,
  withIncident,
  wordAt,
} from './command-text.ts';
import type { ParseResult } from './incident-command.ts';

// The follow-up subcommands of `/incident`: `action` adds a STAR action item, `actions` lists them, `postmortem`
// drafts the postmortem again or marks it complete.

const ACTION_FORM =
  '/incident action [#42] <title> [@owner] [due:YYYY-MM-DD|in:3bd] [kind:fix|test|alarm|doc|visibility] [tracker:<url>]';

/** Forms of the follow-up subcommands, for refusals and `/incident help`. */
export const ACTION_USAGE = {
  action: { form: ACTION_FORM, example: '/incident action Add an alert on checkout 5xx rate @bob kind:alarm' },
  actions: { form: '/incident actions [#42] [mine|overdue|all]', example: '/incident actions overdue' },
  postmortem: { form: '/incident postmortem [#42]', example: '/incident postmortem' },
  postmortemComplete: { form: '/incident postmortem [#42] complete', example: '/incident postmortem complete' },
} satisfies Record<string, Usage>;

const DUE_USAGE: Usage = {
  form: ACTION_FORM,
  example: '/incident action Write the failover runbook @alice due:2026-12-04',
};
const IN_USAGE: Usage = { form: ACTION_FORM, example: '/incident action Write the failover runbook @alice in:3bd' };
const TRACKER_USAGE: Usage = {
  form: ACTION_FORM,
  example: '/incident action Retry card payments once @bob tracker:https://tracker.example.com/PAY-7',
};
const POSTMORTEM_USAGE: Usage = {
  form: '/incident postmortem [#42] [complete]',
  example: '/incident postmortem complete',
};

const ACTION_SCOPES = ['mine', 'overdue', 'all'] as const;

/** One word on what each kind of action is for. */
const KIND_MEANINGS: Record<ActionKindName, string> = {
  fix: 'remedy',
  test: 'coverage',
  alarm: 'alerting',
  doc: 'runbooks',
  visibility: 'dashboards',
};

const MAX_BUSINESS_DAYS = 60;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const OWNER_WANTED: PersonWanted = {
  onePerson: 'An action’s owner is one person, not',
  aPerson: 'an action’s owner is a person',
};

type Due = { kind: 'date'; date: string } | { kind: 'business_days'; count: number };

const OPTION_KEYS = ['due', 'in', 'kind', 'tracker'] as const;
type OptionKey = (typeof OPTION_KEYS)[number];

type Problem = { problem: string; usage: Usage };

/** What an option's words say, and the index of the word after them; or what is wrong with them. */
type OptionRead<Value> = { value: Value; next: number } | Problem;

const describeKinds = (): string =>
  `The kinds are ${listWords(ACTION_KINDS.map((kind) => `${code(kind)} (${KIND_MEANINGS[kind]})`))}.`;

const MISSING_VALUE: Record<OptionKey, Problem> = {
  due: { problem: '`due:` needs a date, such as `due:2026-12-04`.', usage: DUE_USAGE },
  in: { problem: '`in:` needs a number of business days, such as `in:3bd`.', usage: IN_USAGE },
  kind: { problem: `\`kind:\` needs a kind. ${describeKinds()}`, usage: ACTION_USAGE.action },
  tracker: {
    problem: '`tracker:` needs a link to the issue, such as `tracker:https://tracker.example.com/PAY-7`.',
    usage: TRACKER_USAGE,
  },
};

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const daysInMonth = ({ year, month }: { year: number; month: number }): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** `YYYY-MM-DD`, a day of the calendar; whether it is past is for the caller, in the owner's zone. */
const readDueDate = ({ value, next }: { value: string; next: number }): OptionRead<Due> => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) {
    return {
      problem: `\`due:\` takes a date as YYYY-MM-DD, such as \`due:2026-12-04\`; I can't read ${quote(value)}.`,
      usage: DUE_USAGE,
    };
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12) {
    return { problem: `${value} is not a date: months go from 01 to 12.`, usage: DUE_USAGE };
  }
  const days = daysInMonth({ year, month });
  if (day < 1 || day > days) {
    return { problem: `${value} is not a date: ${MONTHS[month - 1]} ${match[1]} has ${days} days.`, usage: DUE_USAGE };
  }
  return { value: { kind: 'date', date: value }, next };
};

/** `in:3bd`, or `in:3 bd` with `bd` as the next word. */
const readBusinessDays = ({ input, value, next }: { input: Input; value: string; next: number }): OptionRead<Due> => {
  const joined = /^(\d{1,9})bd$/i.exec(value)?.[1];
  const split = /^\d{1,9}$/.test(value) && /^bd$/i.test(wordAt(input, next) ?? '') ? value : undefined;
  const digits = joined ?? split;
  if (digits === undefined) {
    const problem = /^\d{1,9}$/.test(value)
      ? `\`in:\` counts business days: write \`in:${value}bd\`.`
      : `\`in:\` takes a number of business days, such as \`in:3bd\`; I can't read ${quote(`in:${value}`)}. For a date, write \`due:2026-12-04\`.`;
    return { problem, usage: IN_USAGE };
  }
  const count = Number(digits);
  if (count < 1 || count > MAX_BUSINESS_DAYS) {
    return { problem: `An action is due in 1 to ${MAX_BUSINESS_DAYS} business days, not ${count}.`, usage: IN_USAGE };
  }
  return { value: { kind: 'business_days', count }, next: split === undefined ? next : next + 1 };
};

const readKind = ({ value, next }: { value: string; next: number }): OptionRead<ActionKindName> => {
  const kind = ACTION_KINDS.find((candidate) => candidate === value.toLowerCase());
  if (kind !== undefined) return { value: kind, next };
  const near = suggestClosest(decodeEntities(value), ACTION_KINDS);
  const hint = near === undefined ? '' : ` Did you mean ${code(near)}?`;
  return { problem: `Unknown kind ${quote(value)}.${hint} ${describeKinds()}`, usage: ACTION_USAGE.action };
};

/** A link as Slack sends it (`<https://x.y/z>`, `<https://x.y/z|label>`) or as typed; http or https only. */
const readTracker = ({ value, next }: { value: string; next: number }): OptionRead<string> => {
  const linked = /^<([^<>|]*)(?:\|[^<>]*)?>$/.exec(value)?.[1];
  const url = decodeEntities(linked ?? value);
  const parsed = /^https?:\/\/\S/i.test(url) ? URL.parse(url) : null;
  if (parsed === null || parsed.hostname === '') {
    return {
      problem: `\`tracker:\` takes a link to the issue, starting with http:// or https://; I can't read ${quote(url)}.`,
      usage: TRACKER_USAGE,
    };
  }
  return { value: url, next };
};

type ActionOptions = { ownerId?: string; due?: Due; actionKind?: ActionKindName; trackerUrl?: string };

/** Reads the option `key:` at `index`, its value glued to it (`due:2026-12-04`) or the next word (`due: 2026-12-04`). */
const readOption = ({
  input,
  index,
  key,
  glued,
  options,
}: {
  input: Input;
  index: number;
  key: OptionKey;
  glued: string;
  options: ActionOptions;
}): OptionRead<ActionOptions> => {
  const value = glued === '' ? wordAt(input, index + 1) : glued;
  const next = glued === '' ? index + 2 : index + 1;
  if (value === undefined) return MISSING_VALUE[key];
  const both = {
    problem: 'Give a due date (`due:2026-12-04`) or a number of business days (`in:3bd`), not both.',
    usage: ACTION_USAGE.action,
  };
  switch (key) {
    case 'due': {
      if (options.due !== undefined) return both;
      const due = readDueDate({ value, next });
      return 'problem' in due ? due : { value: { ...options, due: due.value }, next: due.next };
    }
    case 'in': {
      if (options.due !== undefined) return both;
      const due = readBusinessDays({ input, value, next });
      return 'problem' in due ? due : { value: { ...options, due: due.value }, next: due.next };
    }
    case 'kind': {
      const kind = readKind({ value, next });
      return 'problem' in kind ? kind : { value: { ...options, actionKind: kind.value }, next: kind.next };
    }
    case 'tracker': {
      const tracker = readTracker({ value, next });
      return 'problem' in tracker ? tracker : { value: { ...options, trackerUrl: tracker.value }, next: tracker.next };
    }
  }
};

/**
 * After `action`: `[#42|inc-42]`, then the title's words with, anywhere among them, the owner's mention and the
 * options `due:`, `in:`, `kind:` and `tracker:`, each at most once.
 */
const parseAction = (typed: Input): ParseResult => {
  // Read again so that a link with a label of several words, `<https://x.y/z|the issue>`, is one word.
  const input = tokenizeWithLinks(typed.text);
  const ref = readIncidentRef(wordAt(input, 1));
  const named = ref?.explicit === true ? ref : undefined;
  const badRef = checkIncidentRef(named, ACTION_USAGE.action);
  if (badRef !== undefined) return badRef;
  const title: string[] = [];
  const seen = new Set<OptionKey>();
  let options: ActionOptions = {};
  let index = named === undefined ? 1 : 2;
  while (index < input.tokens.length) {
    const word = wordAt(input, index) ?? '';
    const option = /^([a-z]+):(.*)$/i.exec(word);
    const key = OPTION_KEYS.find((candidate) => candidate === option?.[1]?.toLowerCase());
    if (key !== undefined) {
      if (seen.has(key)) return refuse(`Give ${code(`${key}:`)} once.`, ACTION_USAGE.action);
      seen.add(key);
      const read = readOption({ input, index, key, glued: option?.[2] ?? '', options });
      if ('problem' in read) return refuse(read.problem, read.usage);
      options = read.value;
      index = read.next;
      continue;
    }
    const ownerId = USER_MENTION.exec(word)?.[1];
    if (ownerId !== undefined) {
      if (options.ownerId !== undefined) {
        return refuse(
          'An action has one owner: mention only them, and write anyone else’s name without `@`.',
          ACTION_USAGE.action,
        );
      }
      options = { ...options, ownerId };
    } else if (/^(<!|@\S)/.test(word)) {
      return refuse(describeNotAPerson({ written: word, wanted: OWNER_WANTED }), ACTION_USAGE.action);
    } else {
      title.push(decodeEntities(word));
    }
    index += 1;
  }
  if (title.length === 0) return refuse('An action needs a title: what will be done?', ACTION_USAGE.action);
  return accept({ kind: 'action', title: title.join(' '), ...options, ...withIncident(named?.number) });
};

const scopeHint = (written: string): string => {
  const near = suggestClosest(written, ACTION_SCOPES, written.length < 4 ? 1 : 2);
  return near === undefined ? '' : ` Did you mean ${code(near)}?`;
};

/** After `actions`: `[#42|inc-42|42] [mine|overdue|all]`. */
const parseActions = (input: Input): ParseResult => {
  const usage = ACTION_USAGE.actions;
  const ref = readIncidentRef(wordAt(input, 1));
  const badRef = checkIncidentRef(ref, usage);
  if (badRef !== undefined) return badRef;
  const at = ref === undefined ? 1 : 2;
  const written = wordAt(input, at);
  if (written === undefined) return accept({ kind: 'actions', ...withIncident(ref?.number) });
  const scope = ACTION_SCOPES.find((candidate) => candidate === written.toLowerCase());
  if (scope === undefined) {
    return refuse(
      `Unknown list ${quote(written)}.${scopeHint(written)} Say \`mine\` for your actions, \`overdue\` for those past their due date, \`all\` for every one, or nothing for the incident’s.`,
      usage,
    );
  }
  const extra = wordAt(input, at + 1);
  if (extra !== undefined) {
    const hint =
      ref === undefined && readIncidentRef(extra) !== undefined
        ? ` Put the incident number right after the word, as in ${code(`/incident actions #42 ${scope}`)}.`
        : '';
    return refuse(
      `Listing actions takes the incident number and one of mine, overdue or all; I don't know what to do with ${quote(readRest(input, at + 1))}.${hint}`,
      usage,
    );
  }
  return accept({ kind: 'actions', scope, ...withIncident(ref?.number) });
};

/** After `postmortem`: `[#42|inc-42|42]`, then `complete` to mark it complete, or nothing to draft it again. */
const parsePostmortem = (input: Input): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const badRef = checkIncidentRef(ref, POSTMORTEM_USAGE);
  if (badRef !== undefined) return badRef;
  const at = ref === undefined ? 1 : 2;
  const complete = wordAt(input, at)?.toLowerCase() === 'complete';
  const extraAt = complete ? at + 1 : at;
  const extra = wordAt(input, extraAt);
  if (extra === undefined) {
    return accept({ kind: complete ? 'postmortem_complete' : 'postmortem', ...withIncident(ref?.number) });
  }
  const hint =
    ref === undefined && readIncidentRef(extra) !== undefined
      ? ` Put the incident number right after the word, as in ${code('/incident postmortem #42 complete')}.`
      : !complete && suggestClosest(extra, ['complete']) !== undefined
        ? ` Did you mean ${code('complete')}?`
        : '';
  const takes = complete
    ? 'Completing the postmortem takes only the incident number, when you are outside its channel'
    : 'The postmortem takes the incident number, when you are outside its channel, and `complete` once it is reviewed';
  return refuse(`${takes}; I don't know what to do with ${quote(readRest(input, extraAt))}.${hint}`, POSTMORTEM_USAGE);
};

export type ActionKeyword = 'action' | 'actions' | 'postmortem';

/**
 * Parses the follow-up subcommands of `/incident`, `input` starting with `keyword` (in any case). Never throws: a
 * refusal is a mrkdwn message under 1,500 characters naming what was wrong, with the form and an example.
 *
 * - `action [#42|inc-42] <title…>` with, anywhere after the word and each at most once: the owner as a Slack
 *   mention (`<@U123|bob>`; a plain `@bob`, a user group, `@here` or a second mention is refused),
 *   `due:YYYY-MM-DD` (a real calendar date; whether it is past is for the caller, in the owner's zone) or
 *   `in:<n>bd` (also `in:<n> bd`, n from 1 to 60), not both; `kind:fix|test|alarm|doc|visibility`; and
 *   `tracker:<url>` (http or https, bare or as Slack sends links, `<https://x.y/z|label>`). Keys ignore case and
 *   may be followed by a space (`due: 2026-12-04`). The title is the other words, joined by single spaces, entities
 *   decoded; it must not be empty. A bare number right after the word starts the title (`action 3 retries…`).
 * - `actions [#42|inc-42|42] [mine|overdue|all]`.
 * - `postmortem [#42|inc-42|42]` drafts the postmortem again; `postmortem [#42|inc-42|42] complete` marks it complete.
 *
 * @example parseActionCommand({ input: tokenize('action Add an alert <@U456|bob> in:3bd kind:alarm'), keyword: 'action' })
 *   // => { ok: true, command: { kind: 'action', title: 'Add an alert', ownerId: 'U456',
 *   //      due: { kind: 'business_days', count: 3 }, actionKind: 'alarm' } }
 */
export const parseActionCommand = ({ input, keyword }: { input: Input; keyword: ActionKeyword }): ParseResult => {
  switch (keyword) {
    case 'action':
      return parseAction(input);
    case 'actions':
      return parseActions(input);
    case 'postmortem':
      return parsePostmortem(input);
  }
};
