import type { App } from '@slack/bolt';
import { readRecordImpactModal } from '../blocks/record-impact-modal.ts';
import type { SlackContext } from '../context.ts';
import { VIEWS } from '../ids.ts';
import { registerResolveForm } from './resolve-form.ts';

/**
 * The "Record impact" form: a valid submission records the window and resolves in one transaction, so a second
 * submission records nothing more.
 */
export const registerRecordImpactView = (app: App, context: SlackContext): void =>
  registerResolveForm({
    app,
    context,
    callbackId: VIEWS.recordImpact,
    read: ({ values }) =>
      readRecordImpactModal(values, {
        services: context.team.services.map((service) => service.name),
        now: context.now(),
      }),
    resolve: ({ request, userId, input }) =>
      context.resolution.recordImpactAndResolve({
        incidentId: request.incidentId,
        actorId: userId,
        impact: input.impact,
        ...(request.message === undefined ? {} : { message: request.message }),
      }),
  });
