import { escapeMrkdwn } from '../text/escape-mrkdwn.ts';
import type { Input, ParseResult, TIncidentCommand } from './incident-command-types.ts';

// The words of a slash command and the messages that answer them: shared by the parsers of `/incident` and its
// action subcommands. Slack sends the text with `&`, `<` and `>` escaped and mentions as `<@U123|alice>`; messages
// are mrkdwn, so anything a person typed is shown inert.

/** A form of a command and an example of it; plain text, escaped for mrkdwn where it is shown. */
export type Usage = { form: string; example: string };

const MAX_MESSAGE_LENGTH = 1500;
const MAX_QUOTED_LENGTH = 40;

/**
 * Slack escapes `&`, `<` and `>` typed by people; as one pass, so `&amp;lt;` becomes `&lt;` and no further. `&amp;`
 * goes last, so what it gives back is never read again (and no function is called per entity: a long run of them
 * stays fast).
 */
export const decodeEntities = (text: string): string =>
  text.includes('&') ? text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&') : text;

export const code = (text: string): string => `\`${escapeMrkdwn(text)}\``;

/** Echoes what someone typed, short and inert: no backticks to break out of the code span, no markup. */
export const quote = (typed: string): string => {
  const characters = Array.from(decodeEntities(typed).replaceAll('`', "'"));
  const short =
    characters.length > MAX_QUOTED_LENGTH
      ? `${characters.slice(0, MAX_QUOTED_LENGTH - 1).join('')}…`
      : characters.join('');
  return code(short);
};

const explainUsage = ({ form, example }: Usage): string =>
  form === example ? `Use ${code(form)}.` : `Use ${code(form)}, for example ${code(example)}.`;

/** Cuts a message to under 1,500 characters, ending it with `…` when cut. */
export const clampMessage = (message: string): string => {
  if (message.length < MAX_MESSAGE_LENGTH) return message;
  const cut = message.slice(0, MAX_MESSAGE_LENGTH - 2);
  // Never leave half of a surrogate pair at the end.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
};

export const accept = (command: TIncidentCommand): ParseResult => ({ ok: true, command });

/** A refusal: what was wrong, then the form and an example. */
export const refuse = (problem: string, usage: Usage): ParseResult => ({
  ok: false,
  message: clampMessage(`${problem} ${explainUsage(usage)}`),
});

const cutWords = ({ raw, pattern }: { raw: string; pattern: RegExp }): Input => {
  const text = raw.replace(/[\s\u0085]+/g, ' ').trim();
  const tokens = Array.from(text.matchAll(pattern), (match) => ({ word: match[0], start: match.index }));
  return { text, tokens };
};

/** Collapses whitespace and cuts the text into words: a Slack mention is one word, anything else runs to a space. */
export const tokenize = (raw: string): Input => cutWords({ raw, pattern: /<[@#!][^<>]{0,200}>|[^ ]+/g });

/**
 * As `tokenize`, and a link as Slack sends it, `<https://x.y/z|a label>`, is one word too, with what is glued before
 * it (`tracker:<https://x.y/z|a label>`).
 */
export const tokenizeWithLinks = (raw: string): Input =>
  cutWords({ raw, pattern: /<[@#!][^<>]{0,200}>|(?:[a-z]+:)?<[a-z][a-z0-9+.-]{0,30}:[^<>]{0,2000}>|[^ ]+/gi });

/** The rest of the text from the word at `index`, as the person wrote it (entities decoded). */
export const readRest = (input: Input, index: number): string => {
  const token = input.tokens[index];
  return token === undefined ? '' : decodeEntities(input.text.slice(token.start));
};

export const wordAt = (input: Input, index: number): string | undefined => input.tokens[index]?.word;

/** `number` is undefined when the reference is malformed, such as `#0`. */
export type IncidentRef = { number: number | undefined; explicit: boolean; written: string };

/** `#42` and `inc-42` always name an incident; a bare `42` does where the command allows it. */
export const readIncidentRef = (word: string | undefined): IncidentRef | undefined => {
  const match = word === undefined ? null : /^(#|inc-)?(\d+)$/i.exec(word);
  if (match === null || word === undefined) return undefined;
  const digits = match[2] ?? '';
  const number = digits.length <= 9 ? Number(digits) : 0;
  return { number: number >= 1 ? number : undefined, explicit: match[1] !== undefined, written: word };
};

/** The incident a command names, or a refusal when the reference is malformed. */
export const checkIncidentRef = (ref: IncidentRef | undefined, usage: Usage): ParseResult | undefined =>
  ref === undefined || ref.number !== undefined
    ? undefined
    : refuse(
        `${quote(ref.written)} is not an incident number: incident numbers are whole numbers from 1, as in \`#42\`.`,
        usage,
      );

/** The incident a command names right after its word, and the index of the word after that; or why it is refused. */
export type NamedIncident =
  | { ok: true; incident: number | undefined; named: boolean; next: number }
  | { ok: false; refusal: ParseResult };

export type ReadNamedIncidentOptions = {
  input: Input;
  usage: Usage;
  /** Where the incident may be named: right after the subcommand word unless said otherwise. */
  index?: number;
  /** Only `#42` and `inc-42` name an incident, for commands whose text may start with a number. */
  explicitOnly?: boolean;
};

/**
 * Reads the incident named at `index` (`#42`, `inc-42`, or `42` unless `explicitOnly`), as commands name it outside
 * the incident's channel; a malformed one (`#0`) is refused with `usage`. Nothing named reads from `index` on.
 */
export const readNamedIncident = ({
  input,
  usage,
  index = 1,
  explicitOnly = false,
}: ReadNamedIncidentOptions): NamedIncident => {
  const ref = readIncidentRef(wordAt(input, index));
  const named = explicitOnly && ref?.explicit !== true ? undefined : ref;
  const refusal = checkIncidentRef(named, usage);
  if (refusal !== undefined) return { ok: false, refusal };
  return {
    ok: true,
    incident: named?.number,
    named: named !== undefined,
    next: named === undefined ? index : index + 1,
  };
};

export type RefuseExtraWordsOptions = {
  input: Input;
  /** The index of the first word the command does not take. */
  at: number;
  /** What the command takes, as the refusal starts: `The timeline takes only the incident number`. */
  takes: string;
  usage: Usage;
  /** A sentence added after, starting with a space. */
  hint?: string;
};

/** Refuses the words from `at` on: `<takes>; I don't know what to do with `<those words>`.` */
export const refuseExtraWords = ({ input, at, takes, usage, hint = '' }: RefuseExtraWordsOptions): ParseResult =>
  refuse(`${takes}; I don't know what to do with ${quote(readRest(input, at))}.${hint}`, usage);

/**
 * When a command named no incident but an extra word is one (`actions mine #42`): where the number goes, as in
 * `example`; nothing otherwise.
 */
export const hintIncidentFirst = ({ named, extra, example }: { named: boolean; extra: string; example: string }) =>
  !named && readIncidentRef(extra) !== undefined
    ? ` Put the incident number right after the word, as in ${code(example)}.`
    : '';

export const withIncident = (incident: number | undefined) => (incident === undefined ? {} : { incident });

/** A Slack user mention, `<@U123|alice>` or `<@U123>` (`W…` ids too); the id is the first group. */
export const USER_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>$/;

/**
 * How a refusal names what a mention should be: `onePerson` ends before what was given instead (`A role goes to one
 * person, not to`), `aPerson` is a clause (`a role goes to a person`).
 */
export type PersonWanted = { onePerson: string; aPerson: string };

/** Why `written` is not a person to give something to, and how to mention one. */
export const describeNotAPerson = ({ written, wanted }: { written: string; wanted: PersonWanted }): string => {
  if (written.startsWith('@')) {
    return (
      `Slack sent ${quote(written)} as plain text, so I can't tell who that is. Pick the person from the list Slack ` +
      'shows as you type `@`. (If that still sends plain text, turn on "Escape channels, users, and links" for ' +
      '`/incident` in the Slack app settings.)'
    );
  }
  if (/^<!subteam\^/.test(written)) return `${wanted.onePerson} a user group like ${quote(written)}.`;
  if (/^<!/.test(written)) return `${wanted.onePerson} ${quote(written)}.`;
  if (/^<#/.test(written)) return `${quote(written)} is a channel; ${wanted.aPerson}.`;
  return `${quote(written)} is not a person: mention them with \`@\` and pick them from Slack's list.`;
};
