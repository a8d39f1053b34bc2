import type { ActionItemView } from '../domain/action-items/action-item-view.ts';
import type { ActionItemFlowDeps } from './action-items/action-item-deps.ts';
import { labelDueOf } from './action-items/action-item-due.ts';
import { addActionItem } from './action-items/add-action-item.ts';
import { createActionItemChanges, requireActionItem } from './action-items/change-action-item.ts';
import { completePostmortem } from './action-items/complete-postmortem.ts';
import { listActionItems } from './action-items/list-action-items.ts';

export type ActionItemFlows = ReturnType<typeof createActionItemFlows>;

/**
 * STAR action items: added with an owner and a due date in business days, listed, closed, handed over and moved.
 * Every change writes its channel line, the owner's App Home refresh and the postmortem's action table in the
 * same transaction as the change, and recomputes when the next reminder is due.
 */
export const createActionItemFlows = (deps: ActionItemFlowDeps) => ({
  add: addActionItem(deps),
  list: listActionItems(deps),
  find: (id: string) => requireActionItem({ actions: deps.actions, id }),
  /** The owner's open action items for their App Home, each marked overdue or not at `now`. */
  listOpenForOwner: ({ ownerId, now }: { ownerId: string; now: Date }) => deps.actions.listOpenForOwner(ownerId, now),
  ...createActionItemChanges(deps),
  completePostmortem: completePostmortem(deps),
  dueLabelOf: (action: Pick<ActionItemView, 'dueAt' | 'ownerTimeZone'>) => labelDueOf({ team: deps.team, action }),
});
