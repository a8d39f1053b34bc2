import { suggestClosest } from '../text/edit-distance.ts';
import { accept, quote, readRest, refuse } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import { describeServices } from './describe-services.ts';
import type { CommandContext, ParseResult, SubcommandWords } from './incident-command-types.ts';
import { readSeverity, refuseUnknownSeverity } from './read-severity.ts';

const SERVICE_LIKE = /^[a-z0-9][a-z0-9_.-]{0,59}$/i;

type ServicePrefix = { kind: 'services'; services: string[]; title: string } | { kind: 'refused'; result: ParseResult };

/**
 * A `name:` or `a, b:` prefix of a title names services when every name is configured. A name that is a near miss
 * of a configured one (one edit for names under six characters, two otherwise) is refused, as is an unknown name
 * listed with known ones; anything else is part of the title.
 */
const readServicePrefix = ({ text, context }: { text: string; context: CommandContext }): ServicePrefix | undefined => {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const names = text
    .slice(0, colon)
    .split(',')
    .map((name) => name.trim());
  if (!names.every((name) => SERVICE_LIKE.test(name))) return undefined;
  const matches = names.map((name) => ({
    name,
    known: context.services.find((service) => service.toLowerCase() === name.toLowerCase()),
    near: suggestClosest(name, context.services, name.length < 6 ? 1 : 2),
  }));
  const near = matches.find((match) => match.known === undefined && match.near !== undefined);
  if (near?.near !== undefined) {
    const problem = `Unknown service ${quote(near.name)}. Did you mean ${quote(near.near)}? ${describeServices(context.services)}`;
    return { kind: 'refused', result: refuse(problem, COMMAND_USAGE.declare) };
  }
  const unknown = matches.find((match) => match.known === undefined);
  const anyKnown = matches.some((match) => match.known !== undefined);
  if (unknown !== undefined && anyKnown) {
    const problem = `Unknown service ${quote(unknown.name)}. ${describeServices(context.services)}`;
    return { kind: 'refused', result: refuse(problem, COMMAND_USAGE.declare) };
  }
  if (unknown !== undefined) return undefined;
  const services = [...new Set(matches.flatMap((match) => (match.known === undefined ? [] : [match.known])))];
  return { kind: 'services', services, title: text.slice(colon + 1).trim() };
};

/**
 * After `declare`: `[severity] [service[, service]:] <title>`. The severity is a configured name, `sev<level>`,
 * `sev-<level>` or `sev <level>`, the team's default when absent; an unknown `sev9` is refused. The title is required.
 */
export const parseDeclare = ({ input, context }: SubcommandWords): ParseResult => {
  const severity = readSeverity({ input, context, index: 1, allowBareNumber: false });
  if (severity?.kind === 'unknown') {
    return refuseUnknownSeverity({ written: severity.written, context, usage: COMMAND_USAGE.declare });
  }
  const level = severity?.kind === 'level' ? severity.level : context.defaultSeverity;
  const rest = readRest(input, severity?.next ?? 1);
  const prefix = readServicePrefix({ text: rest, context });
  if (prefix?.kind === 'refused') return prefix.result;
  const services = prefix?.services ?? [];
  const title = prefix?.title ?? rest;
  if (title === '') {
    const after = services.length > 0 ? ' after the services' : '';
    return refuse(`An incident needs a title${after}: a few words on what is wrong.`, COMMAND_USAGE.declare);
  }
  return accept({ kind: 'declare', severity: level, services, title });
};
