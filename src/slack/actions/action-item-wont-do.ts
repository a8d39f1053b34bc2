import type { App } from '@slack/bolt';
import { buildWontDoModal } from '../blocks/action-item-modals.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { registerActionItemFormButton } from './action-item-click.ts';

/** "Won't do" on an action item: a form asking why, as the decision belongs in the postmortem. */
export const registerActionItemWontDo = (app: App, context: SlackContext): void =>
  registerActionItemFormButton({ app, context, kind: ACTIONS.actionWontDo, buildForm: buildWontDoModal });
