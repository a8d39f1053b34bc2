import type { TTeamConfig } from '../../domain/team-config/team-config.ts';
import type { HolidayCalendar } from '../../domain/time/business-days.ts';
import type { TrackerClient, TrackerKind } from '../../domain/trackers/tracker.ts';
import type { ActionItemStore } from '../../store/action-item-store.ts';
import type { TicketStore } from '../../store/ticket-store.ts';
import type { People } from '../action-items/action-item-deps.ts';

/** The email that names a person in both Slack and the tracker; the Slack layer implements it (users:read.email). */
export type EmailDirectory = {
  /** The Slack user's email, null when Slack does not show it. */
  emailOf: (slackUserId: string) => Promise<string | null>;
  /** The Slack user with this email, null when there is none. */
  findByEmail: (email: string) => Promise<string | null>;
};

export type TrackerFlowDeps = {
  actions: Pick<ActionItemStore, 'findById' | 'findByTicket' | 'change'>;
  tickets: TicketStore;
  /** The tracker clients sitrep.yml sets up, by tracker. */
  clients: ReadonlyMap<TrackerKind, TrackerClient>;
  directory: EmailDirectory;
  people: People;
  holidays: HolidayCalendar;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
};
