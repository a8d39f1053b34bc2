import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { registerResolveButton } from './resolve-button.ts';

/** Confirm on the resolve question: the open windows end now and the incident is resolved. */
export const registerConfirmResolveAction = (app: App, context: SlackContext): void =>
  registerResolveButton({
    app,
    context,
    actionId: ACTIONS.confirmResolve,
    resolve: ({ value: request, userId }) =>
      context.resolution.closeWindowsAndResolve({
        incidentId: request.incidentId,
        actorId: userId,
        openWindows: request.openWindows,
        ...(request.message === undefined ? {} : { message: request.message }),
      }),
  });
