import type { App } from '@slack/bolt';
import { buildReassignModal } from '../blocks/action-item-modals.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { registerActionItemFormButton } from './action-item-click.ts';

/** "Reassign" on an action item: a form to pick the new owner. */
export const registerActionItemReassign = (app: App, context: SlackContext): void =>
  registerActionItemFormButton({ app, context, kind: ACTIONS.actionReassign, buildForm: buildReassignModal });
