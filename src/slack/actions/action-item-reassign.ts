import type { App } from '@slack/bolt';
import { buildReassignModal } from '../blocks/action-item-modals.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';
import { registerActionFormButton } from './action-item-click.ts';

/** "Reassign" on an action item: a form to pick the new owner. */
export const registerActionReassign = (app: App, context: SlackContext): void =>
  registerActionFormButton({ app, context, kind: ACTIONS.actionReassign, buildForm: buildReassignModal });
