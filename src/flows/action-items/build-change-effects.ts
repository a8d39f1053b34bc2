import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import type { TOutboxEffect } from '../../domain/outbox/outbox-effect.ts';

/** The effects of any change to an action: its line, the App Homes concerned, the postmortem's table. */
export const buildChangeEffects = ({
  action,
  line,
  homes,
  extra = [],
}: {
  action: ActionItemView;
  line: string;
  homes: (string | null)[];
  extra?: TOutboxEffect[];
}): TOutboxEffect[] => [
  { kind: 'incident.post', incidentId: action.incidentId, text: line },
  ...extra,
  ...[...new Set(homes)].flatMap((userId): TOutboxEffect[] =>
    userId === null ? [] : [{ kind: 'home.refresh', userId }],
  ),
  { kind: 'incident.refresh', incidentId: action.incidentId },
  { kind: 'postmortem.sync_actions', incidentId: action.incidentId },
];
