import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { AppError } from '../../domain/app-error.ts';
import type { IncidentView } from '../../domain/incident/incident.ts';
import type { IncidentTarget } from '../incident-flows.ts';
import type { ActionItemFlowDeps } from './action-item-deps.ts';

export type ActionItemScope = 'mine' | 'overdue' | 'all';

export type ActionItemList = {
  scope: ActionItemScope;
  /** The incident the list is about, when it is one incident's. */
  incident: IncidentView | undefined;
  actions: ActionItemView[];
  now: Date;
};

type ListRequest = { scope: ActionItemScope | undefined; target: IncidentTarget; viewerId: string };

const LIST_LIMIT = 200;

/** The incident a list is about: the one named, else the channel's (none outside an incident channel, or for `mine`). */
const findListedIncident = async ({
  findTarget,
  scope,
  target,
}: Pick<ActionItemFlowDeps, 'findTarget'> & Omit<ListRequest, 'viewerId'>): Promise<IncidentView | undefined> => {
  if (target.number !== undefined) return findTarget(target);
  if (scope === 'mine') return undefined;
  return findTarget(target).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_IN_INCIDENT') return undefined;
    throw error;
  });
};

/**
 * `/incident actions [mine|overdue|all]`: without a scope, one incident's actions in its channel (or when named)
 * and the viewer's own elsewhere. `mine` and `overdue` are open actions; `all` also shows closed ones.
 */
export const listActionItems =
  ({ actions, now, findTarget }: ActionItemFlowDeps) =>
  async ({ scope, target, viewerId }: ListRequest): Promise<ActionItemList> => {
    const at = now();
    const incident = await findListedIncident({ findTarget, scope, target });
    const chosen: ActionItemScope = scope ?? (incident === undefined ? 'mine' : 'all');
    const listed = await actions.list({
      ...(incident === undefined ? {} : { incidentId: incident.id }),
      ...(chosen === 'mine' ? { ownerId: viewerId } : {}),
      ...(chosen === 'overdue' ? { dueBefore: at } : {}),
      statuses: chosen === 'all' && incident !== undefined ? ['open', 'done', 'wont_do'] : ['open'],
      limit: LIST_LIMIT,
    });
    return { scope: chosen, incident, actions: listed, now: at };
  };
