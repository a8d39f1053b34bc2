import { buildResolvedAnswer, type ResolvedAnswer } from './blocks/resolve-prompt.ts';
import type { SlackContext } from './context.ts';
import { describeFailure } from './respond-to-error.ts';

/**
 * The answer to a resolution that went through: with the offer of a final public update when the incident has public
 * updates. The resolution stands whatever happens here, so a failure to look just leaves the offer out.
 */
export const answerResolved = async ({
  context,
  incident,
}: {
  context: Pick<SlackContext, 'publicUpdates' | 'logger'>;
  incident: { id: string; number: number };
}): Promise<ResolvedAnswer> => {
  const offerFinalUpdate = await context.publicUpdates.hasPublicUpdates(incident.id).catch((error: unknown) => {
    context.logger.warn({ err: error }, 'could not tell whether the incident has public updates');
    return false;
  });
  return buildResolvedAnswer({ incident, offerFinalUpdate });
};

/** Runs one way of resolving (a button, a form) and says to the person who asked how it went. */
export const describeResolveOutcome = async ({
  resolve,
  context,
}: {
  resolve: () => Promise<{ id: string; number: number }>;
  context: Pick<SlackContext, 'publicUpdates' | 'logger'>;
}): Promise<ResolvedAnswer> => {
  let incident: { id: string; number: number };
  try {
    incident = await resolve();
  } catch (error) {
    return { text: describeFailure(error, context.logger) };
  }
  return answerResolved({ context, incident });
};
