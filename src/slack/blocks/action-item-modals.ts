import type { InputBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.ts';
import type { TActionItemClick } from './action-item-list.ts';
import { mrkdwn, plainText, truncateMrkdwn, truncateText } from './format.ts';
import type { FormErrors } from './modal-fields.ts';

const MAX_REASON = 1000;

type ActionItemForm = { actionItem: ActionItemView; click: TActionItemClick };

/** A form about one action item: the item on top, then the one field; it carries the click to answer where it was. */
const buildActionItemModal = ({
  actionItem,
  click,
  callbackId,
  title,
  submit,
  field,
}: ActionItemForm & { callbackId: string; title: string; submit: string; field: InputBlock }): ModalView => ({
  type: 'modal',
  callback_id: callbackId,
  private_metadata: JSON.stringify(click),
  title: plainText(title),
  submit: plainText(submit),
  close: plainText('Cancel'),
  blocks: [
    {
      type: 'section',
      text: mrkdwn(`*${truncateMrkdwn(actionItem.title, 500)}* (incident ${actionItem.incidentNumber})`),
    },
    field,
  ],
});

/** "Reassign": who should own the action item now. */
export const buildReassignModal = ({ actionItem, click }: ActionItemForm): ModalView =>
  buildActionItemModal({
    actionItem,
    click,
    callbackId: VIEWS.reassignAction,
    title: 'Reassign action item',
    submit: 'Reassign',
    field: {
      type: 'input',
      block_id: BLOCKS.actionOwner,
      label: plainText('New owner'),
      hint: plainText('The due day stays the same calendar day, in the new owner’s time zone.'),
      element: {
        type: 'users_select',
        action_id: ACTIONS.actionOwner,
        placeholder: plainText('Pick a person'),
        ...(actionItem.ownerId === null ? {} : { initial_user: actionItem.ownerId }),
      },
    },
  });

/** "Won't do": the reason, which the postmortem keeps. */
export const buildWontDoModal = ({ actionItem, click }: ActionItemForm): ModalView =>
  buildActionItemModal({
    actionItem,
    click,
    callbackId: VIEWS.wontDoAction,
    title: "Won't do",
    submit: "Mark won't do",
    field: {
      type: 'input',
      block_id: BLOCKS.actionWontDoReason,
      label: plainText('Why won’t it be done?'),
      hint: plainText('Kept with the postmortem, so the decision can be understood later.'),
      element: {
        type: 'plain_text_input',
        action_id: ACTIONS.actionWontDoReason,
        multiline: true,
        min_length: 1,
        max_length: MAX_REASON,
        placeholder: plainText(truncateText('Covered by the alert added in incident 41', 150)),
      },
    },
  });

const ZOwnerState = z.object({
  [BLOCKS.actionOwner]: z.object({ [ACTIONS.actionOwner]: z.object({ selected_user: z.string().nullish() }) }),
});

const ZReasonState = z.object({
  [BLOCKS.actionWontDoReason]: z.object({ [ACTIONS.actionWontDoReason]: z.object({ value: z.string().nullish() }) }),
});

/** The owner picked, or an error for the field. */
export const readReassignModal = (values: unknown): { ownerId: string } | FormErrors => {
  const parsed = ZOwnerState.safeParse(values);
  const ownerId = parsed.success ? parsed.data[BLOCKS.actionOwner][ACTIONS.actionOwner].selected_user : undefined;
  return ownerId ? { ownerId } : { errors: { [BLOCKS.actionOwner]: 'Pick the person who will own it.' } };
};

/** The reason typed, or an error for the field. */
export const readWontDoModal = (values: unknown): { reason: string } | FormErrors => {
  const parsed = ZReasonState.safeParse(values);
  const reason = parsed.success ? parsed.data[BLOCKS.actionWontDoReason][ACTIONS.actionWontDoReason].value?.trim() : '';
  return reason
    ? { reason }
    : { errors: { [BLOCKS.actionWontDoReason]: 'Say why, so the postmortem keeps the decision.' } };
};
