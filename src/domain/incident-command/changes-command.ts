import { suggestClosest } from '../text/edit-distance.ts';
import { readDuration } from '../time/typed-duration.ts';
import { accept, decodeEntities, quote, refuse } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import { describeServices } from './describe-services.ts';
import type { ParseResult, SubcommandWords } from './incident-command-types.ts';

const DEFAULT_CHANGES_MINUTES = 120;
const MAX_CHANGES_MINUTES = 14 * 24 * 60;

/** After `changes`: an optional service and an optional window (`2h`, `90m`, `1h30m`, `1d`), in either order. */
export const parseChanges = ({ input, context }: SubcommandWords): ParseResult => {
  let service: string | undefined;
  let minutes: number | undefined;
  for (const token of input.tokens.slice(1)) {
    const word = decodeEntities(token.word);
    const window = readDuration(word);
    if (window !== undefined && minutes === undefined) {
      minutes = window;
      if (minutes < 1 || minutes > MAX_CHANGES_MINUTES) {
        return refuse(`${quote(word)} is outside what I can list: from 1 minute to 14 days.`, COMMAND_USAGE.changes);
      }
      continue;
    }
    const known = context.services.find((candidate) => candidate.toLowerCase() === word.toLowerCase());
    if (known !== undefined && service === undefined) {
      service = known;
      continue;
    }
    const near = suggestClosest(word, context.services);
    const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
    return refuse(
      `I don't know ${quote(word)} here.${hint} ${describeServices(context.services)}`,
      COMMAND_USAGE.changes,
    );
  }
  return accept({
    kind: 'changes',
    ...(service === undefined ? {} : { service }),
    minutes: minutes ?? DEFAULT_CHANGES_MINUTES,
  });
};
