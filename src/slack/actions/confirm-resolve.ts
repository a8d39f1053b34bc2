import type { App } from '@slack/bolt';
import { describeResolvedForAuthor } from '../blocks/resolve-prompt.ts';
import { readResolveClick } from '../blocks/resolve-request.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';

/**
 * Confirm on the resolve question: the open windows end now and the incident is resolved. The question is replaced
 * by the outcome; a second click (or one after the windows changed) resolves nothing and says why.
 */
export const registerConfirmResolveAction = (app: App, context: SlackContext): void => {
  app.action(ACTIONS.confirmResolve, async ({ ack, body, respond }) => {
    await ack();
    const click = readResolveClick(body);
    if (!click) return;
    const { request } = click;
    let text: string;
    try {
      const incident = await context.resolution.closeWindowsAndResolve({
        incidentId: request.incidentId,
        actorId: click.userId,
        windowIds: request.windowIds,
        ...(request.message === undefined ? {} : { message: request.message }),
      });
      text = describeResolvedForAuthor(incident.number);
    } catch (error) {
      text = describeFailure(error, context.logger);
    }
    await respond({ replace_original: true, text });
  });
};
