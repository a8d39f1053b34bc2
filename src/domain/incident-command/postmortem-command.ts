import { suggestClosest } from '../text/edit-distance.ts';
import {
  accept,
  checkIncidentRef,
  code,
  quote,
  readIncidentRef,
  readRest,
  refuse,
  type Usage,
  withIncident,
  wordAt,
} from './command-text.ts';
import type { Input, ParseResult } from './incident-command-types.ts';

const POSTMORTEM_USAGE: Usage = {
  form: '/incident postmortem [#42] [complete]',
  example: '/incident postmortem complete',
};

/** After `postmortem`: `[#42|inc-42|42]`, then `complete` to mark it complete, or nothing to draft it again. */
export const parsePostmortem = (input: Input): ParseResult => {
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
