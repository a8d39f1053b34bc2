import { suggestClosest } from '../text/edit-distance.ts';
import { accept, quote, readNamedIncident, readRest, refuse, withIncident, wordAt } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import { describeServices } from './describe-services.ts';
import type { ParseResult, SubcommandWords } from './incident-command-types.ts';

/** A service of sitrep.yml as written (ignoring case), or a refusal with a suggestion and the services there are. */
const readService = ({
  written,
  services,
  usage,
}: {
  written: string | undefined;
  services: string[];
  usage: (typeof COMMAND_USAGE)[keyof typeof COMMAND_USAGE];
}): { service: string } | { refusal: ParseResult } => {
  if (written === undefined)
    return { refusal: refuse(`Which service's on-call? ${describeServices(services)}`, usage) };
  const service = services.find((name) => name.toLowerCase() === written.toLowerCase());
  if (service !== undefined) return { service };
  const near = suggestClosest(written.toLowerCase(), services);
  const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
  return { refusal: refuse(`Unknown service ${quote(written)}.${hint} ${describeServices(services)}`, usage) };
};

/**
 * After `page`: `[#42|inc-42|42] <service> [reason]`. The service is one of sitrep.yml (ignoring case; a near miss
 * is refused with a suggestion); whether it has PagerDuty set up is the flow's to say. The rest is the reason.
 */
export const parsePage = ({ input, context }: SubcommandWords): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.page });
  if (!named.ok) return named.refusal;
  const read = readService({
    written: wordAt(input, named.next),
    services: context.services,
    usage: COMMAND_USAGE.page,
  });
  if ('refusal' in read) return read.refusal;
  const reason = readRest(input, named.next + 1);
  return accept({
    kind: 'page',
    service: read.service,
    ...(reason === '' ? {} : { reason }),
    ...withIncident(named.incident),
  });
};

/** After `oncall`: `<service>`, read as for `page`; nothing may follow it. */
export const parseOnCall = ({ input, context }: SubcommandWords): ParseResult => {
  const read = readService({ written: wordAt(input, 1), services: context.services, usage: COMMAND_USAGE.oncall });
  if ('refusal' in read) return read.refusal;
  const extra = readRest(input, 2);
  if (extra !== '') return refuse(`\`oncall\` takes one service; I can't read ${quote(extra)}.`, COMMAND_USAGE.oncall);
  return accept({ kind: 'oncall', service: read.service });
};
