import { ACTION_KINDS, type ActionKindName } from '../action-items/action-item-kinds.ts';
import { suggestClosest } from '../text/edit-distance.ts';
import { listWords } from '../text/list-words.ts';
import { checkCalendarDate } from '../time/calendar-date.ts';
import { MONTH_NAMES } from '../time/wall-clock.ts';
import { code, decodeEntities, quote, type Usage, wordAt } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { Input } from './incident-command-types.ts';

// The options of `/incident action`: `due:`, `in:`, `kind:` and `tracker:`.

const DUE_USAGE: Usage = {
  form: COMMAND_USAGE.action.form,
  example: '/incident action Write the failover runbook @alice due:2026-12-04',
};
const IN_USAGE: Usage = {
  form: COMMAND_USAGE.action.form,
  example: '/incident action Write the failover runbook @alice in:3bd',
};
const TRACKER_USAGE: Usage = {
  form: COMMAND_USAGE.action.form,
  example: '/incident action Retry card payments once @bob tracker:https://tracker.example.com/PAY-7',
};

/** One word on what each kind of action is for. */
const KIND_MEANINGS: Record<ActionKindName, string> = {
  fix: 'remedy',
  test: 'coverage',
  alarm: 'alerting',
  doc: 'runbooks',
  visibility: 'dashboards',
};

const MAX_BUSINESS_DAYS = 60;

type Due = { kind: 'date'; date: string } | { kind: 'business_days'; count: number };

export const OPTION_KEYS = ['due', 'in', 'kind', 'tracker'] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];

type Problem = { problem: string; usage: Usage };

/** What an option's words say, and the index of the word after them; or what is wrong with them. */
type OptionRead<Value> = { value: Value; next: number } | Problem;

const describeKinds = (): string =>
  `The kinds are ${listWords(ACTION_KINDS.map((kind) => `${code(kind)} (${KIND_MEANINGS[kind]})`))}.`;

const MISSING_VALUE: Record<OptionKey, Problem> = {
  due: { problem: '`due:` needs a date, such as `due:2026-12-04`.', usage: DUE_USAGE },
  in: { problem: '`in:` needs a number of business days, such as `in:3bd`.', usage: IN_USAGE },
  kind: { problem: `\`kind:\` needs a kind. ${describeKinds()}`, usage: COMMAND_USAGE.action },
  tracker: {
    problem: '`tracker:` needs a link to the issue, such as `tracker:https://tracker.example.com/PAY-7`.',
    usage: TRACKER_USAGE,
  },
};

/** `YYYY-MM-DD`, a day of the calendar; whether it is past is for the caller, in the owner's zone. */
const readDueDate = ({ value, next }: { value: string; next: number }): OptionRead<Due> => {
  const date = checkCalendarDate(value);
  switch (date.kind) {
    case 'bad-format':
      return {
        problem: `\`due:\` takes a date as YYYY-MM-DD, such as \`due:2026-12-04\`; I can't read ${quote(value)}.`,
        usage: DUE_USAGE,
      };
    case 'bad-month':
      return { problem: `${value} is not a date: months go from 01 to 12.`, usage: DUE_USAGE };
    case 'bad-day': {
      // The year as written, `0096` too.
      const month = `${MONTH_NAMES[date.month - 1]} ${value.slice(0, 4)}`;
      return { problem: `${value} is not a date: ${month} has ${date.days} days.`, usage: DUE_USAGE };
    }
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
  return { problem: `Unknown kind ${quote(value)}.${hint} ${describeKinds()}`, usage: COMMAND_USAGE.action };
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

export type ActionOptions = { ownerId?: string; due?: Due; actionKind?: ActionKindName; trackerUrl?: string };

/** Reads the option `key:` at `index`, its value glued to it (`due:2026-12-04`) or the next word (`due: 2026-12-04`). */
export const readOption = ({
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
    usage: COMMAND_USAGE.action,
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
