import type { App } from '@slack/bolt';
import { describeResolvedForAuthor } from '../blocks/resolve-prompt.ts';
import { readResolveClick } from '../blocks/resolve-request.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';

/** "No customer impact" on the resolve question: resolves, and the timeline says there was none. Resolves once. */
export const registerResolveWithoutImpactAction = (app: App, context: SlackContext): void => {
  app.action(ACTIONS.resolveWithoutImpact, async ({ ack, body, respond }) => {
    await ack();
    const click = readResolveClick(body);
    if (!click) return;
    const { request } = click;
    let text: string;
    try {
      const incident = await context.resolution.resolveWithoutImpact({
        incidentId: request.incidentId,
        actorId: click.userId,
        ...(request.message === undefined ? {} : { message: request.message }),
      });
      text = describeResolvedForAuthor(incident.number);
    } catch (error) {
      text = describeFailure(error, context.logger);
    }
    await respond({ replace_original: true, text });
  });
};
