import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import type { TOutboxEffect } from '../../domain/outbox/outbox-effect.ts';

/**
 * The effects of any change to an action: its line, the App Homes concerned, the postmortem's table, and its ticket
 * when it has one. A change that came from the ticket (`syncTicket` false) is not sent back to it.
 */
export const buildChangeEffects = ({
  action,
  line,
  homes,
  extra = [],
  syncTicket = true,
}: {
  action: ActionItemView;
  line?: string;
  homes: (string | null)[];
  extra?: TOutboxEffect[];
  syncTicket?: boolean;
}): TOutboxEffect[] => [
  ...(line === undefined ? [] : [{ kind: 'incident.post', incidentId: action.incidentId, text: line } as const]),
  ...extra,
  ...[...new Set(homes)].flatMap((userId): TOutboxEffect[] =>
    userId === null ? [] : [{ kind: 'home.refresh', userId }],
  ),
  { kind: 'incident.refresh', incidentId: action.incidentId },
  { kind: 'postmortem.sync_actions', incidentId: action.incidentId },
  ...(syncTicket && action.ticket !== null ? [{ kind: 'tracker.sync', actionId: action.id } as const] : []),
];
