import { accept, readNamedIncident, readRest, refuse, refuseExtraWords, withIncident, wordAt } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { Input, ParseResult } from './incident-command-types.ts';

// Notes and the timeline they join.

/** After `note`: `[#42|inc-42] <text>`; a bare number is the start of the note (`note 3 pods restarted`). */
export const parseNote = (input: Input): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.note, explicitOnly: true });
  if (!named.ok) return named.refusal;
  const text = readRest(input, named.next);
  if (text === '') return refuse('A note needs some text: what happened?', COMMAND_USAGE.note);
  return accept({ kind: 'note', text, ...withIncident(named.incident) });
};

export const parseTimeline = (input: Input): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.timeline });
  if (!named.ok) return named.refusal;
  if (wordAt(input, named.next) !== undefined) {
    return refuseExtraWords({
      input,
      at: named.next,
      takes: 'The timeline takes only the incident number, when you are outside its channel',
      usage: COMMAND_USAGE.timeline,
    });
  }
  return accept({ kind: 'timeline', ...withIncident(named.incident) });
};
