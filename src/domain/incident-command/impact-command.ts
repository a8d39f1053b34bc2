import { IMPACT_ACTIONS } from '../impact/impact-window.ts';
import { suggestClosest } from '../text/edit-distance.ts';
import {
  accept,
  checkIncidentRef,
  code,
  decodeEntities,
  quote,
  readIncidentRef,
  readNamedIncident,
  refuse,
  withIncident,
  wordAt,
} from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import { describeServices } from './describe-services.ts';
import type { ParseResult, SubcommandWords } from './incident-command-types.ts';

// The words of a time as notes read it (`14:05`, `yesterday 14:05`, `2026-11-20 14:05`); whether it is a valid time
// is read later, in the author's zone.
const CLOCK_LIKE = /^\d{1,2}:\d/;
const DAY_LIKE = /^(yesterday$|\d{4}-)/i;

// Says a time further back than the lookback is meant (a window written up weeks later), not a mistyped date.
const BACKDATE = 'backdate';

/**
 * After `impact`: `[#42|inc-42|42] outage|degraded|end`, then in any order an optional time, services of sitrep.yml
 * (a trailing comma is allowed), `#42`/`inc-42` and `backdate`.
 */
export const parseImpact = ({ input, context }: SubcommandWords): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.impact });
  if (!named.ok) return named.refusal;
  let incident = named.incident;
  const at = named.next;
  const written = wordAt(input, at);
  const action = IMPACT_ACTIONS.find((candidate) => candidate === written?.toLowerCase());
  if (action === undefined) {
    const near = written === undefined ? undefined : suggestClosest(written.toLowerCase(), IMPACT_ACTIONS);
    const problem =
      written === undefined
        ? 'Which impact?'
        : `Unknown impact ${quote(written)}.${near === undefined ? '' : ` Did you mean ${code(near)}?`}`;
    return refuse(
      `${problem} Say \`outage\` or \`degraded\` to start a window, \`end\` to close it.`,
      COMMAND_USAGE.impact,
    );
  }
  let time: string | undefined;
  let backdate = false;
  const services: string[] = [];
  for (let index = at + 1; index < input.tokens.length; index += 1) {
    const word = decodeEntities(wordAt(input, index) ?? '');
    if (CLOCK_LIKE.test(word) || DAY_LIKE.test(word)) {
      if (time !== undefined) return refuse('Give one time: when the impact started, or ended.', COMMAND_USAGE.impact);
      const next = wordAt(input, index + 1);
      const twoWords = DAY_LIKE.test(word) && next !== undefined && CLOCK_LIKE.test(next);
      time = twoWords ? `${word} ${next}` : word;
      if (twoWords) index += 1;
      continue;
    }
    if (word.toLowerCase() === BACKDATE) {
      backdate = true;
      continue;
    }
    const named = readIncidentRef(word);
    if (named?.explicit === true) {
      const badNamed = checkIncidentRef(named, COMMAND_USAGE.impact);
      if (badNamed !== undefined) return badNamed;
      if (incident !== undefined) return refuse('Name the incident once.', COMMAND_USAGE.impact);
      incident = named.number;
      continue;
    }
    const service = context.services.find(
      (candidate) => candidate.toLowerCase() === word.replace(/,$/, '').toLowerCase(),
    );
    if (service !== undefined) {
      if (!services.includes(service)) services.push(service);
      continue;
    }
    if (named !== undefined) {
      return refuse(
        `${quote(word)} is not a service; to name incident ${word}, write \`#${word}\`.`,
        COMMAND_USAGE.impact,
      );
    }
    const near = suggestClosest(word, context.services);
    const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
    return refuse(`Unknown service ${quote(word)}.${hint} ${describeServices(context.services)}`, COMMAND_USAGE.impact);
  }
  return accept({
    kind: 'impact',
    action,
    services,
    ...(time === undefined ? {} : { time }),
    ...(backdate ? { backdate } : {}),
    ...withIncident(incident),
  });
};
