import type { App } from '@slack/bolt';
import { readCloseWindowsModal } from '../blocks/close-windows-modal.ts';
import type { SlackContext } from '../context.ts';
import { VIEWS } from '../ids.ts';
import { registerResolveForm } from './resolve-form.ts';

/** The form that sets when each open impact window ended: it closes the windows at those times and resolves. */
export const registerCloseImpactWindowsView = (app: App, context: SlackContext): void =>
  registerResolveForm({
    app,
    context,
    callbackId: VIEWS.closeImpactWindows,
    read: ({ values, request }) => readCloseWindowsModal(values, { request, now: context.now() }),
    resolve: ({ request, userId, input }) =>
      context.resolution.closeWindowsAndResolve({
        incidentId: request.incidentId,
        actorId: userId,
        openWindows: request.openWindows,
        ends: input.ends,
        ...(request.message === undefined ? {} : { message: request.message }),
      }),
  });
