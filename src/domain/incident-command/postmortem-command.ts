import { suggestClosest } from '../text/edit-distance.ts';
import {
  accept,
  code,
  hintIncidentFirst,
  readNamedIncident,
  refuseExtraWords,
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
  const named = readNamedIncident({ input, usage: POSTMORTEM_USAGE });
  if (!named.ok) return named.refusal;
  const at = named.next;
  const complete = wordAt(input, at)?.toLowerCase() === 'complete';
  const extraAt = complete ? at + 1 : at;
  const extra = wordAt(input, extraAt);
  if (extra === undefined) {
    return accept({ kind: complete ? 'postmortem_complete' : 'postmortem', ...withIncident(named.incident) });
  }
  const hint =
    hintIncidentFirst({ named: named.named, extra, example: '/incident postmortem #42 complete' }) ||
    (!complete && suggestClosest(extra, ['complete']) !== undefined ? ` Did you mean ${code('complete')}?` : '');
  const takes = complete
    ? 'Completing the postmortem takes only the incident number, when you are outside its channel'
    : 'The postmortem takes the incident number, when you are outside its channel, and `complete` once it is reviewed';
  return refuseExtraWords({ input, at: extraAt, takes, usage: POSTMORTEM_USAGE, hint });
};
