import type { App } from '@slack/bolt';
import { readResolveRequest, type TResolveRequest } from '../blocks/resolve-request.ts';
import type { SlackContext } from '../context.ts';
import { describeResolveOutcome } from '../resolve-outcome.ts';
import { type ButtonClick, readButtonClick } from './button-click.ts';

/** A click on one of the resolve question's buttons; undefined when the payload is not one (never throws). */
export const readResolveClick = (body: unknown): ButtonClick<TResolveRequest> | undefined =>
  readButtonClick({ body, readValue: readResolveRequest });

/**
 * A button of the resolve question that resolves at once. The question is replaced by the outcome; a second click
 * (or one after the windows changed) resolves nothing and says why.
 */
export const registerResolveButton = ({
  app,
  context,
  actionId,
  resolve,
}: {
  app: App;
  context: SlackContext;
  actionId: string;
  resolve: (click: ButtonClick<TResolveRequest>) => Promise<{ number: number }>;
}): void => {
  app.action(actionId, async ({ ack, body, respond }) => {
    await ack();
    const click = readResolveClick(body);
    if (!click) return;
    const text = await describeResolveOutcome({ resolve: () => resolve(click), logger: context.logger });
    await respond({ replace_original: true, text });
  });
};
