import { INCIDENT_STATUSES, type IncidentStatus } from '../incident/incident.ts';
import { checkPublicText, MAX_PUBLIC_TEXT, MAX_PUBLIC_TITLE } from '../status-page/public-update-rules.ts';
import { suggestClosest } from '../text/edit-distance.ts';
import {
  accept,
  code,
  decodeEntities,
  quote,
  readNamedIncident,
  readRest,
  refuse,
  withIncident,
  wordAt,
} from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { Input, ParseResult } from './incident-command-types.ts';

// `/incident publish`: an update for the public status page, in words the person chose.

type Options = { title?: string; status?: IncidentStatus };

/** What the options at `index` say and the index of the first word after them; or why they are refused. */
type OptionsRead = { ok: true; options: Options; next: number } | { ok: false; refusal: ParseResult };

// `title:` then a quoted title: straight or curly quotes (Slack's composer and macOS turn "" into “”), glued to the key
// or after one space, and ending at a closing quote followed by a space or the end.
const QUOTED_TITLE = /^title: ?(?:"([^"]*)"|“([^”]*)”)(?= |$)/i;
const OPTION = /^(title|status):/i;

const refusePublish = (problem: string): OptionsRead => ({
  ok: false,
  refusal: refuse(problem, COMMAND_USAGE.publish),
});

/** The index of the first word that starts at or after `offset` in the text. */
const indexAt = (input: Input, offset: number): number => {
  const index = input.tokens.findIndex((token) => token.start >= offset);
  return index === -1 ? input.tokens.length : index;
};

const readTitle = ({
  input,
  index,
}: {
  input: Input;
  index: number;
}): OptionsRead | { title: string; next: number } => {
  const start = input.tokens[index]?.start ?? input.text.length;
  const match = QUOTED_TITLE.exec(input.text.slice(start));
  if (match === null) {
    return refusePublish(
      'Put the public title in quotes, as in `title:"Checkout is slow"`, then the update; the title ends at the closing quote.',
    );
  }
  const title = decodeEntities(match[1] ?? match[2] ?? '').trim();
  const problem = checkPublicText({ text: title, what: 'public title', max: MAX_PUBLIC_TITLE });
  if (problem !== undefined) return refusePublish(problem);
  return { title, next: indexAt(input, start + match[0].length) };
};

const readStatus = ({ input, index, glued }: { input: Input; index: number; glued: string }) => {
  const value = glued === '' ? wordAt(input, index + 1) : glued;
  const next = glued === '' ? index + 2 : index + 1;
  const status = INCIDENT_STATUSES.find((candidate) => candidate === value?.toLowerCase());
  if (status !== undefined) return { status, next };
  const near = value === undefined ? undefined : suggestClosest(value.toLowerCase(), INCIDENT_STATUSES);
  const hint = near === undefined ? '' : ` Did you mean ${code(`status:${near}`)}?`;
  const written = value === undefined ? '' : ` I can't read ${quote(value)}.`;
  return refusePublish(
    `\`status:\` takes investigating, identified, monitoring or resolved.${written}${hint} Without it, the update states the incident's status.`,
  );
};

/** `title:"…"` and `status:…`, each at most once and in either order, before the text. */
const readOptions = (input: Input, from: number): OptionsRead => {
  let options: Options = {};
  let index = from;
  for (let word = wordAt(input, index); word !== undefined; word = wordAt(input, index)) {
    const key = OPTION.exec(word)?.[1]?.toLowerCase();
    if (key === undefined) break;
    if ((key === 'title' && options.title !== undefined) || (key === 'status' && options.status !== undefined)) {
      return refusePublish(`Give \`${key}:\` once.`);
    }
    const read = key === 'title' ? readTitle({ input, index }) : readStatus({ input, index, glued: word.slice(7) });
    if ('ok' in read) return read;
    options = 'title' in read ? { ...options, title: read.title } : { ...options, status: read.status };
    index = read.next;
  }
  return { ok: true, options, next: index };
};

/**
 * After `publish`: `[#42|inc-42] [title:"Public title"] [status:investigating|identified|monitoring|resolved] <text>`.
 * The options come first, in either order; the rest is the update as customers will read it (entities decoded). A
 * bare number starts the text. Refused: no text, text over 2,000 characters, a title over 120, and any mention of a
 * person, channel or group in either, which would put Slack ids on the public page.
 */
export const parsePublish = (input: Input): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.publish, explicitOnly: true });
  if (!named.ok) return named.refusal;
  const read = readOptions(input, named.next);
  if (!read.ok) return read.refusal;
  const text = readRest(input, read.next);
  if (text === '') {
    return refuse(
      'A public update needs its text: what should customers read on the status page?',
      COMMAND_USAGE.publish,
    );
  }
  const problem = checkPublicText({ text, what: 'public update', max: MAX_PUBLIC_TEXT });
  if (problem !== undefined) return refuse(problem, COMMAND_USAGE.publish);
  return accept({ kind: 'publish', text, ...read.options, ...withIncident(named.incident) });
};
