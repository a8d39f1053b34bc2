import { suggestClosest } from '../text/edit-distance.ts';
import {
  accept,
  code,
  hintIncidentFirst,
  quote,
  readNamedIncident,
  refuse,
  refuseExtraWords,
  withIncident,
  wordAt,
} from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { Input, ParseResult } from './incident-command-types.ts';

const ACTION_SCOPES = ['mine', 'overdue', 'all'] as const;

const scopeHint = (written: string): string => {
  const near = suggestClosest(written, ACTION_SCOPES, written.length < 4 ? 1 : 2);
  return near === undefined ? '' : ` Did you mean ${code(near)}?`;
};

/** After `actions`: `[#42|inc-42|42] [mine|overdue|all]`. */
export const parseActions = (input: Input): ParseResult => {
  const usage = COMMAND_USAGE.actions;
  const named = readNamedIncident({ input, usage });
  if (!named.ok) return named.refusal;
  const at = named.next;
  const written = wordAt(input, at);
  if (written === undefined) return accept({ kind: 'actions', ...withIncident(named.incident) });
  const scope = ACTION_SCOPES.find((candidate) => candidate === written.toLowerCase());
  if (scope === undefined) {
    return refuse(
      `Unknown list ${quote(written)}.${scopeHint(written)} Say \`mine\` for your actions, \`overdue\` for those past their due date, \`all\` for every one, or nothing for the incident’s.`,
      usage,
    );
  }
  const extra = wordAt(input, at + 1);
  if (extra !== undefined) {
    return refuseExtraWords({
      input,
      at: at + 1,
      takes: 'Listing actions takes the incident number and one of mine, overdue or all',
      usage,
      hint: hintIncidentFirst({ named: named.named, extra, example: `/incident actions #42 ${scope}` }),
    });
  }
  return accept({ kind: 'actions', scope, ...withIncident(named.incident) });
};
