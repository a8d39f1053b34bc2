import { suggestClosest } from '../text/edit-distance.ts';
import {
  accept,
  checkIncidentRef,
  decodeEntities,
  quote,
  readIncidentRef,
  readNamedIncident,
  refuse,
  refuseExtraWords,
  withIncident,
  wordAt,
} from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { CommandContext, Input, ParseResult, SubcommandWords } from './incident-command-types.ts';
import { describeSeverities, readSeverity, refuseUnknownSeverity, type SeverityRead } from './read-severity.ts';

/** After `sev`/`severity`: `[#42|inc-42] <severity>`, or `42 <severity>`; a lone `42` is a severity. */
export const parseSeverity = ({ input, context }: SubcommandWords): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const namesIncident =
    ref !== undefined &&
    (ref.explicit || readSeverity({ input, context, index: 2, allowBareNumber: true }) !== undefined);
  const badRef = namesIncident ? checkIncidentRef(ref, COMMAND_USAGE.severity) : undefined;
  if (badRef !== undefined) return badRef;
  const incident = namesIncident ? ref?.number : undefined;
  const index = namesIncident ? 2 : 1;
  const severity = readSeverity({ input, context, index, allowBareNumber: true });
  if (severity === undefined) {
    const written = wordAt(input, index);
    if (written === undefined) return refuse(`Which severity? ${describeSeverities(context)}`, COMMAND_USAGE.severity);
    const near = suggestClosest(
      decodeEntities(written),
      context.severities.map((candidate) => candidate.name),
    );
    const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
    return refuse(`${quote(written)} is not a severity.${hint} ${describeSeverities(context)}`, COMMAND_USAGE.severity);
  }
  if (severity.kind === 'unknown') {
    return refuseUnknownSeverity({ written: severity.written, context, usage: COMMAND_USAGE.severity });
  }
  return finishSeverity({ input, level: severity.level, next: severity.next, incident });
};

/** `sev1`, `sev-1` or a configured name as the first word, then optionally `#42`, `inc-42` or `42`. */
export const parseSeverityWord = ({
  input,
  context,
  severity,
}: {
  input: Input;
  context: CommandContext;
  severity: NonNullable<SeverityRead>;
}): ParseResult => {
  if (severity.kind === 'unknown') {
    return refuseUnknownSeverity({ written: severity.written, context, usage: COMMAND_USAGE.severity });
  }
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.severity, index: severity.next });
  if (!named.ok) return named.refusal;
  return finishSeverity({ input, level: severity.level, next: named.next, incident: named.incident });
};

const finishSeverity = ({
  input,
  level,
  next,
  incident,
}: {
  input: Input;
  level: number;
  next: number;
  incident: number | undefined;
}): ParseResult => {
  const extra = wordAt(input, next);
  if (extra !== undefined) {
    return refuseExtraWords({
      input,
      at: next,
      takes: 'Changing the severity takes only the severity, and the incident number when you are outside its channel',
      usage: COMMAND_USAGE.severity,
    });
  }
  return accept({ kind: 'severity', severity: level, ...withIncident(incident) });
};
