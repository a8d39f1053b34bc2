import type { TSlackEffect } from '../../domain/outbox/slack-effect.ts';
import type { ActionView } from '../../store/action-item-store.ts';

/** The effects of any change to an action: its line, the App Homes concerned, the postmortem's table. */
export const buildChangeEffects = ({
  action,
  line,
  homes,
  extra = [],
}: {
  action: ActionView;
  line: string;
  homes: (string | null)[];
  extra?: TSlackEffect[];
}): TSlackEffect[] => [
  { kind: 'incident.post', incidentId: action.incidentId, text: line },
  ...extra,
  ...[...new Set(homes)].flatMap((userId): TSlackEffect[] =>
    userId === null ? [] : [{ kind: 'home.refresh', userId }],
  ),
  { kind: 'incident.refresh', incidentId: action.incidentId },
  { kind: 'postmortem.sync_actions', incidentId: action.incidentId },
];
