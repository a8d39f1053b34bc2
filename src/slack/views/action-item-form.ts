import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import { readActionItemClick, type TActionItemClick } from '../blocks/action-item-list.ts';
import { type FormErrors, isFormErrors } from '../blocks/modal-fields.ts';

/**
 * The action item a submitted form is about and what was typed in it. When either cannot be used the form is
 * answered here (the errors next to their fields, or closed when it names no action item) and undefined returned.
 */
export const readActionItemForm = async <T extends object>({
  view,
  ack,
  read,
}: {
  view: { private_metadata: string; state: { values: unknown } };
  ack: SlackViewMiddlewareArgs['ack'];
  read: (values: unknown) => T | FormErrors;
}): Promise<{ click: TActionItemClick; input: T } | undefined> => {
  const click = readActionItemClick(view.private_metadata);
  const input = read(view.state.values);
  if (!click || isFormErrors(input)) {
    await ack(click && isFormErrors(input) ? { response_action: 'errors', errors: input.errors } : undefined);
    return undefined;
  }
  return { click, input };
};
