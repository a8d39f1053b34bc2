import type { Logger } from '../observability/logger.ts';
import { describeResolvedForAuthor } from './blocks/resolve-prompt.ts';
import { describeFailure } from './respond-to-error.ts';

/** Runs one way of resolving (a button, a form) and says to the person who asked how it went. */
export const describeResolveOutcome = async ({
  resolve,
  logger,
}: {
  resolve: () => Promise<{ number: number }>;
  logger: Logger;
}): Promise<string> => {
  try {
    const incident = await resolve();
    return describeResolvedForAuthor(incident.number);
  } catch (error) {
    return describeFailure(error, logger);
  }
};
