import { INCIDENT_STATUSES } from '../incident/incident.ts';
import { suggestClosest } from '../text/edit-distance.ts';
import { accept, code, quote, readNamedIncident, readRest, refuse, withIncident, wordAt } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { Input, ParseResult } from './incident-command-types.ts';

// The incident's lifecycle: `status`, `resolve` and `reopen`.

/**
 * After `status`: `[#42|inc-42|42] investigating|identified|monitoring|resolved [message]`; `status resolved …` is
 * `resolve`. A colon right after the status is dropped (`status identified: bad deploy`).
 */
export const parseStatus = (input: Input): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.status });
  if (!named.ok) return named.refusal;
  const { incident, next: index } = named;
  const written = wordAt(input, index);
  if (written === undefined) {
    return refuse('Which status? Give investigating, identified, monitoring or resolved.', COMMAND_USAGE.status);
  }
  // `status identified: cause found` reads naturally; the colon is not part of the status.
  const word = written.toLowerCase().replace(/:$/, '');
  const status = INCIDENT_STATUSES.find((candidate) => candidate === word);
  if (status === undefined) {
    const near = suggestClosest(word, INCIDENT_STATUSES);
    const hint = near === undefined ? '' : ` Did you mean ${code(near)}?`;
    return refuse(
      `Unknown status ${quote(written)}.${hint} The statuses are investigating, identified, monitoring and resolved.`,
      COMMAND_USAGE.status,
    );
  }
  const message = readRest(input, index + 1);
  const optional = { ...(message === '' ? {} : { message }), ...withIncident(incident) };
  return status === 'resolved'
    ? accept({ kind: 'resolve', ...optional })
    : accept({ kind: 'status', status, ...optional });
};

/** After `resolve`: `[#42|inc-42|42] [message]`; a leading bare number names the incident. */
export const parseResolve = (input: Input): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.resolve });
  if (!named.ok) return named.refusal;
  const message = readRest(input, named.next);
  return accept({ kind: 'resolve', ...(message === '' ? {} : { message }), ...withIncident(named.incident) });
};

/** After `reopen`: `[#42|inc-42|42] <reason>`; the reason is required. */
export const parseReopen = (input: Input): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.reopen });
  if (!named.ok) return named.refusal;
  const reason = readRest(input, named.next);
  if (reason === '')
    return refuse('Reopening needs a reason: what shows the incident is not over?', COMMAND_USAGE.reopen);
  return accept({ kind: 'reopen', reason, ...withIncident(named.incident) });
};
