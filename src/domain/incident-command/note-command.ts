import {
  accept,
  readNamedIncident,
  readRest,
  refuse,
  refuseExtraWords,
  type Usage,
  withIncident,
  wordAt,
} from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { Input, ParseResult } from './incident-command-types.ts';

// Notes and the timeline they join, and the channel they are posted in.

/** After `note`: `[#42|inc-42] <text>`; a bare number is the start of the note (`note 3 pods restarted`). */
export const parseNote = (input: Input): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.note, explicitOnly: true });
  if (!named.ok) return named.refusal;
  const text = readRest(input, named.next);
  if (text === '') return refuse('A note needs some text: what happened?', COMMAND_USAGE.note);
  return accept({ kind: 'note', text, ...withIncident(named.incident) });
};

/** A subcommand that takes nothing but `[#42|inc-42|42]`. */
const parseIncidentOnly = (
  input: Input,
  { kind, usage, takes }: { kind: 'timeline' | 'channel'; usage: Usage; takes: string },
): ParseResult => {
  const named = readNamedIncident({ input, usage });
  if (!named.ok) return named.refusal;
  if (wordAt(input, named.next) !== undefined) return refuseExtraWords({ input, at: named.next, takes, usage });
  return accept({ kind, ...withIncident(named.incident) });
};

/** After `channel`: only `[#42|inc-42|42]`. */
export const parseChannel = (input: Input): ParseResult =>
  parseIncidentOnly(input, {
    kind: 'channel',
    usage: COMMAND_USAGE.channel,
    takes: 'Opening the channel again takes only the incident number',
  });

export const parseTimeline = (input: Input): ParseResult =>
  parseIncidentOnly(input, {
    kind: 'timeline',
    usage: COMMAND_USAGE.timeline,
    takes: 'The timeline takes only the incident number, when you are outside its channel',
  });
