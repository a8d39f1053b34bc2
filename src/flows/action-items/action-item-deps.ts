import type { IncidentView } from '../../domain/incident/incident.ts';
import type { TTeamConfig } from '../../domain/team-config/team-config.ts';
import type { HolidayCalendar } from '../../domain/time/business-days.ts';
import type { ActionItemStore } from '../../store/action-item-store.ts';
import type { PostmortemStore } from '../../store/postmortem-store.ts';
import type { IncidentTarget } from '../incident-flows.ts';

/** Whether a Slack user can own an action: a person whose account is active. */
export type PersonCheck =
  | { kind: 'person'; tz: string }
  | { kind: 'missing' }
  | { kind: 'deactivated' }
  | { kind: 'bot' };

/** What the action item flows need to know about people; the Slack layer implements it with users.info. */
export type People = {
  check: (userId: string) => Promise<PersonCheck>;
  /** The person's zone: from Slack, cached, the team's when unknown. */
  zoneOf: (userId: string) => Promise<string>;
};

export type ActionItemFlowDeps = {
  actions: ActionItemStore;
  postmortems: Pick<PostmortemStore, 'findFirstDraftedAt' | 'markComplete'>;
  people: People;
  holidays: HolidayCalendar;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
  findTarget: (target: IncidentTarget) => Promise<IncidentView>;
};
