import type { App, RespondFn } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import {
  actionButtonPattern,
  buildActionList,
  readActionClick,
  type TActionClick,
} from '../blocks/action-item-list.ts';
import type { SlackContext } from '../context.ts';
import { describeFailure } from '../respond-to-error.ts';

const ZButtonClick = z.object({
  trigger_id: z.string(),
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }).nullish(),
  actions: z.array(z.object({ value: z.string() })).min(1),
});

/** A click on an action item's button; undefined when the payload is not one (never throws). */
export type ActionButtonClick = { click: TActionClick; userId: string; channelId?: string; triggerId: string };

export const readActionButtonClick = (body: unknown): ActionButtonClick | undefined => {
  const parsed = ZButtonClick.safeParse(body);
  if (!parsed.success) return undefined;
  const click = readActionClick(parsed.data.actions[0]?.value);
  if (click === undefined) return undefined;
  const channelId = parsed.data.channel?.id;
  return {
    click,
    userId: parsed.data.user.id,
    triggerId: parsed.data.trigger_id,
    ...(channelId === undefined ? {} : { channelId }),
  };
};

/**
 * Runs a button's change and answers where it was clicked: a list is shown again as it is now (with a line on top
 * saying what happened); a reminder in a DM is replaced by what happened.
 */
export const answerActionClick = async ({
  context,
  clicked,
  respond,
  change,
}: {
  context: SlackContext;
  clicked: ActionButtonClick;
  respond: RespondFn;
  change: () => Promise<string>;
}): Promise<void> => {
  let done: string;
  try {
    done = await change();
  } catch (error) {
    await respond({
      replace_original: false,
      response_type: 'ephemeral',
      text: describeFailure(error, context.logger),
    });
    return;
  }
  const { scope, incident } = clicked.click;
  if (scope === undefined) {
    await respond({ replace_original: true, text: done });
    return;
  }
  const list = await context.actionItems.list({
    scope,
    target: { channelId: clicked.channelId ?? '', ...(incident === undefined ? {} : { number: incident }) },
    viewerId: clicked.userId,
  });
  const message = buildActionList({ list });
  await respond({
    replace_original: true,
    text: `${done} ${message.text}`,
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: done }] }, ...message.blocks],
  });
};

/** A button that opens a form about its action item (Reassign, Won't do); the form carries where it was clicked. */
export const registerActionFormButton = ({
  app,
  context,
  kind,
  buildForm,
}: {
  app: App;
  context: SlackContext;
  kind: string;
  buildForm: (options: { action: ActionItemView; click: TActionClick }) => ModalView;
}): void => {
  app.action(actionButtonPattern(kind), async ({ ack, body, client, respond }) => {
    await ack();
    const clicked = readActionButtonClick(body);
    if (!clicked) return;
    try {
      const action = await context.actionItems.find(clicked.click.actionId);
      const where = clicked.channelId === undefined ? {} : { channelId: clicked.channelId };
      await client.views.open({
        trigger_id: clicked.triggerId,
        view: buildForm({ action, click: { ...clicked.click, ...where } }),
      });
    } catch (error) {
      await respond({
        replace_original: false,
        response_type: 'ephemeral',
        text: describeFailure(error, context.logger),
      });
    }
  });
};
