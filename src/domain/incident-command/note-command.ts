import {
  accept,
  checkIncidentRef,
  quote,
  readIncidentRef,
  readRest,
  refuse,
  withIncident,
  wordAt,
} from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { Input, ParseResult } from './incident-command-types.ts';

// Notes and the timeline they join.

/** After `note`: `[#42|inc-42] <text>`; a bare number is the start of the note (`note 3 pods restarted`). */
export const parseNote = (input: Input): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const named = ref?.explicit === true ? ref : undefined;
  const badRef = checkIncidentRef(named, COMMAND_USAGE.note);
  if (badRef !== undefined) return badRef;
  const text = readRest(input, named === undefined ? 1 : 2);
  if (text === '') return refuse('A note needs some text: what happened?', COMMAND_USAGE.note);
  return accept({ kind: 'note', text, ...withIncident(named?.number) });
};

export const parseTimeline = (input: Input): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const badRef = checkIncidentRef(ref, COMMAND_USAGE.timeline);
  if (badRef !== undefined) return badRef;
  const extra = wordAt(input, ref === undefined ? 1 : 2);
  if (extra !== undefined) {
    return refuse(
      `The timeline takes only the incident number, when you are outside its channel; I don't know what to do with ${quote(readRest(input, ref === undefined ? 1 : 2))}.`,
      COMMAND_USAGE.timeline,
    );
  }
  return accept({ kind: 'timeline', ...withIncident(ref?.number) });
};
