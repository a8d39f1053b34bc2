import { suggestClosest } from '../text/edit-distance.ts';
import { accept, quote, readNamedIncident, readRest, refuse, withIncident, wordAt } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import { describeServices } from './describe-services.ts';
import type { ParseResult, SubcommandWords } from './incident-command-types.ts';

/**
 * After `page`: `[#42|inc-42|42] <service> [reason]`. The service is one of sitrep.yml (ignoring case; a near miss
 * is refused with a suggestion); whether it has PagerDuty set up is the flow's to say. The rest is the reason.
 */
export const parsePage = ({ input, context }: SubcommandWords): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.page });
  if (!named.ok) return named.refusal;
  const written = wordAt(input, named.next);
  if (written === undefined) {
    return refuse(`Which service's on-call? ${describeServices(context.services)}`, COMMAND_USAGE.page);
  }
  const service = context.services.find((name) => name.toLowerCase() === written.toLowerCase());
  if (service === undefined) {
    const near = suggestClosest(written.toLowerCase(), context.services);
    const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
    return refuse(
      `Unknown service ${quote(written)}.${hint} ${describeServices(context.services)}`,
      COMMAND_USAGE.page,
    );
  }
  const reason = readRest(input, named.next + 1);
  return accept({ kind: 'page', service, ...(reason === '' ? {} : { reason }), ...withIncident(named.incident) });
};
