import { suggestClosest } from '../text/edit-distance.ts';
import { accept, decodeEntities, quote, refuse } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import { describeServices } from './describe-services.ts';
import type { ParseResult, SubcommandWords } from './incident-command-types.ts';

/** A word that starts like a year is meant as a period; whether it is one is read with the team's zone. */
const PERIOD_LIKE = /^\d{4}/;

/** After `report`: an optional service and an optional period (`2026-10`, `2026-Q4`), in either order. */
export const parseReport = ({ input, context }: SubcommandWords): ParseResult => {
  let service: string | undefined;
  let period: string | undefined;
  for (const token of input.tokens.slice(1)) {
    const word = decodeEntities(token.word);
    const known = context.services.find((candidate) => candidate.toLowerCase() === word.toLowerCase());
    if (known !== undefined) {
      if (service !== undefined) {
        return refuse('A report covers one service, or every service when you name none.', COMMAND_USAGE.report);
      }
      service = known;
      continue;
    }
    if (PERIOD_LIKE.test(word)) {
      if (period !== undefined) return refuse('A report covers one month or one quarter.', COMMAND_USAGE.report);
      period = word;
      continue;
    }
    const near = suggestClosest(word, context.services);
    const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
    return refuse(
      `I don't know ${quote(word)} here.${hint} ${describeServices(context.services)} A period is a month as \`2026-10\` or a quarter as \`2026-Q4\`.`,
      COMMAND_USAGE.report,
    );
  }
  return accept({
    kind: 'report',
    ...(service === undefined ? {} : { service }),
    ...(period === undefined ? {} : { period }),
  });
};
