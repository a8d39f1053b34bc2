import type { App, RespondFn } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import {
  actionItemButtonPattern,
  buildActionItemList,
  readActionItemClick,
  type TActionItemClick,
} from '../blocks/action-item-list.ts';
import type { SlackContext } from '../context.ts';
import { describeFailure } from '../respond-to-error.ts';
import { type ButtonClick, readButtonClick } from './button-click.ts';

type ActionItemButtonClick = ButtonClick<TActionItemClick>;

const readActionItemButtonClick = (body: unknown): ActionItemButtonClick | undefined =>
  readButtonClick({ body, readValue: readActionItemClick });

const answerFailure = async ({
  context,
  respond,
  error,
}: {
  context: SlackContext;
  respond: RespondFn;
  error: unknown;
}): Promise<void> => {
  await respond({ replace_original: false, response_type: 'ephemeral', text: describeFailure(error, context.logger) });
};

/**
 * Runs a button's change and answers where it was clicked: a list is shown again as it is now (with a line on top
 * saying what happened); a reminder in a DM is replaced by what happened.
 */
const answerActionItemClick = async ({
  context,
  clicked,
  respond,
  change,
}: {
  context: SlackContext;
  clicked: ActionItemButtonClick;
  respond: RespondFn;
  change: () => Promise<string>;
}): Promise<void> => {
  let done: string;
  try {
    done = await change();
  } catch (error) {
    await answerFailure({ context, respond, error });
    return;
  }
  const { scope, incident } = clicked.value;
  if (scope === undefined) {
    await respond({ replace_original: true, text: done });
    return;
  }
  const list = await context.actionItems.list({
    scope,
    target: { channelId: clicked.channelId ?? '', ...(incident === undefined ? {} : { number: incident }) },
    viewerId: clicked.userId,
  });
  const message = buildActionItemList({ list });
  await respond({
    replace_original: true,
    text: `${done} ${message.text}`,
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: done }] }, ...message.blocks],
  });
};

/** A button that changes its action item at once (Done, Snooze); `change` says what it did. */
export const registerActionItemButton = ({
  app,
  context,
  kind,
  change,
}: {
  app: App;
  context: SlackContext;
  kind: string;
  change: (clicked: ActionItemButtonClick) => Promise<string>;
}): void => {
  app.action(actionItemButtonPattern(kind), async ({ ack, body, respond }) => {
    await ack();
    const clicked = readActionItemButtonClick(body);
    if (!clicked) return;
    await answerActionItemClick({ context, clicked, respond, change: () => change(clicked) });
  });
};

/** A button that opens a form about its action item (Reassign, Won't do); the form carries where it was clicked. */
export const registerActionItemFormButton = ({
  app,
  context,
  kind,
  buildForm,
}: {
  app: App;
  context: SlackContext;
  kind: string;
  buildForm: (options: { actionItem: ActionItemView; click: TActionItemClick }) => ModalView;
}): void => {
  app.action(actionItemButtonPattern(kind), async ({ ack, body, client, respond }) => {
    await ack();
    const clicked = readActionItemButtonClick(body);
    if (!clicked) return;
    try {
      const actionItem = await context.actionItems.find(clicked.value.actionId);
      const where = clicked.channelId === undefined ? {} : { channelId: clicked.channelId };
      await client.views.open({
        trigger_id: clicked.triggerId,
        view: buildForm({ actionItem, click: { ...clicked.value, ...where } }),
      });
    } catch (error) {
      await answerFailure({ context, respond, error });
    }
  });
};
