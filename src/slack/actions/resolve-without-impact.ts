import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { registerResolveButton } from './resolve-button.ts';

/** "No customer impact" on the resolve question: resolves, and the timeline says there was none. Resolves once. */
export const registerResolveWithoutImpactAction = (app: App, context: SlackContext): void =>
  registerResolveButton({
    app,
    context,
    actionId: ACTIONS.resolveWithoutImpact,
    resolve: ({ value: request, userId }) =>
      context.resolution.resolveWithoutImpact({
        incidentId: request.incidentId,
        actorId: userId,
        ...(request.message === undefined ? {} : { message: request.message }),
      }),
  });
