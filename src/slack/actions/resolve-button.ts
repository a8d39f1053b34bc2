import type { App } from '@slack/bolt';
import { isAppError } from '../../domain/app-error.ts';
import { mrkdwn, type SlackMessage } from '../blocks/format.ts';
import { buildResolvePrompt } from '../blocks/resolve-prompt.ts';
import { readResolveRequest, type TResolveRequest } from '../blocks/resolve-request.ts';
import type { SlackContext } from '../context.ts';
import { describeResolveOutcome } from '../resolve-outcome.ts';
import { type ButtonClick, readButtonClick } from './button-click.ts';

/** A click on one of the resolve question's buttons; undefined when the payload is not one (never throws). */
export const readResolveClick = (body: unknown): ButtonClick<TResolveRequest> | undefined =>
  readButtonClick({ body, readValue: readResolveRequest });

/**
 * The question again, with the windows open now, when they changed since it was asked and some are still open;
 * undefined otherwise (the outcome then says what happened).
 */
const askAgain = async ({
  context,
  click,
}: {
  context: SlackContext;
  click: ButtonClick<TResolveRequest>;
}): Promise<SlackMessage | undefined> => {
  // Resolved meanwhile (by the other click of a double click, say): the outcome already says what to do.
  const found = await context.resolution.findOpenWindows(click.value.incidentId).catch(() => undefined);
  if (found === undefined || found.open.length === 0) return undefined;
  const { incident, open } = found;
  const { message } = click.value;
  const prompt = buildResolvePrompt({
    start: { kind: 'close_windows', incident, open },
    ...(message === undefined ? {} : { message }),
  });
  const notice = `The impact recorded for incident ${incident.number} changed since you were asked. Here it is as it is now:`;
  return { text: `${notice} ${prompt.text}`, blocks: [{ type: 'section', text: mrkdwn(notice) }, ...prompt.blocks] };
};

/**
 * A button of the resolve question that resolves at once. The question is replaced by the outcome; a second click
 * resolves nothing and says why, and a click after the impact windows changed asks again with the windows open now.
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
  resolve: (click: ButtonClick<TResolveRequest>) => Promise<{ id: string; number: number }>;
}): void => {
  app.action(actionId, async ({ ack, body, respond }) => {
    await ack();
    const click = readResolveClick(body);
    if (!click) return;
    let changed = false;
    const outcome = await describeResolveOutcome({
      resolve: () =>
        resolve(click).catch((error: unknown) => {
          changed = isAppError(error) && error.code === 'IMPACT_CHANGED';
          throw error;
        }),
      context,
    });
    const again = changed ? await askAgain({ context, click }) : undefined;
    await respond({ replace_original: true, ...(again ?? outcome) });
  });
};
