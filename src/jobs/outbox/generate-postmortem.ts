import { isAppError } from '../../domain/app-error.ts';
import type { TOutboxEffect } from '../../domain/outbox/outbox-effect.ts';

export type GeneratePostmortemDeps = {
  /** The postmortem flows' `generate`: a new version per request key, however often it is asked. */
  drafts: {
    generate: (request: { incidentId: string; actorId: string | null; requestKey: string }) => Promise<unknown>;
  };
  /** Says one line in the incident's channel. */
  tell: (options: { incidentId: string; text: string }) => Promise<void>;
};

/**
 * Drafts the postmortem as a new version (once per request key). Drafting at resolve turns a template that cannot be
 * used into a line in the incident channel, so people learn why there is no draft; the resolution itself stands.
 */
export const generatePostmortem = async (
  { drafts, tell }: GeneratePostmortemDeps,
  effect: Extract<TOutboxEffect, { kind: 'postmortem.generate' }>,
): Promise<void> => {
  try {
    await drafts.generate({ incidentId: effect.incidentId, actorId: effect.actorId, requestKey: effect.requestKey });
  } catch (error) {
    if (!isAppError(error) || error.code !== 'POSTMORTEM_TEMPLATE_INVALID') throw error;
    await tell({
      incidentId: effect.incidentId,
      text: `:warning: I could not draft the postmortem: ${error.userMessage}`,
    });
  }
};
