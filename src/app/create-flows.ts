import type { TEmailConfig } from '../config/environment.ts';
import type { OnCallPort } from '../domain/paging/on-call.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { HolidayCalendar } from '../domain/time/business-days.ts';
import type { TrackerClient, TrackerKind } from '../domain/trackers/tracker.ts';
import { createActionItemFlows } from '../flows/action-item-flows.ts';
import { createDeployFlows } from '../flows/deploy-flows.ts';
import { createEmailSubscriptionFlows } from '../flows/email-subscription-flows.ts';
import { createImpactFlows } from '../flows/impact-flows.ts';
import { createIncidentFlows } from '../flows/incident-flows.ts';
import { createMaintenanceFlows } from '../flows/maintenance-flows.ts';
import { createOnCallFlows } from '../flows/on-call-flows.ts';
import { createPostmortemFlows } from '../flows/postmortem-flows.ts';
import { createPublicUpdateFlows } from '../flows/public-update-flows.ts';
import { createReminderFlows } from '../flows/reminder-flows.ts';
import { createReportFlows } from '../flows/report-flows.ts';
import { createResolveFlows } from '../flows/resolve-flows.ts';
import { createTimelineFlows } from '../flows/timeline-flows.ts';
import { createTrackerFlows } from '../flows/tracker-flows.ts';
import type { SlackContext } from '../slack/context.ts';
import { createSlackEmailDirectory, createSlackPeople, createSlackReader } from '../slack/slack-reader.ts';
import type { Stores } from './create-stores.ts';
import type { SlackClients } from './slack-clients.ts';
import type { StatuspageSetup } from './statuspage-push.ts';

export type CreateFlowsOptions = {
  stores: Stores;
  team: TTeamConfig;
  holidays: HolidayCalendar;
  clients: Pick<SlackClients, 'reader' | 'eventReader'>;
  now: () => Date;
  /** Called after a flow wrote effects, so the outbox carries them out without waiting for its next poll. */
  onEffects: () => void;
  /** The issue trackers sitrep.yml sets up, by tracker. */
  trackerClients: ReadonlyMap<TrackerKind, TrackerClient>;
  /** PagerDuty's REST API, when PAGERDUTY_API_TOKEN is set. */
  onCall: OnCallPort | undefined;
  /** Whether an Atlassian Statuspage mirrors the public updates (its push is on). */
  statuspage: StatuspageSetup;
  /** Email subscriptions to the status page, when SMTP_URL is set. */
  email: TEmailConfig;
};

export type Flows = ReturnType<typeof createFlows>;

/** Every use-case, on the stores; the ones that read Slack get a reader on the clients that may wait for it. */
export const createFlows = ({
  stores,
  team,
  holidays,
  clients,
  now,
  onEffects,
  trackerClients,
  onCall,
  statuspage,
  email,
}: CreateFlowsOptions) => {
  const { incidents, postmortems, actionItems: actions } = stores;
  const teamTimeZone = team.team.timeZone;
  const events = createDeployFlows({ deploys: stores.deploys, incidents, team, now, onEffects });
  const incident = createIncidentFlows({ incidents, team, now, onEffects, findDetection: events.findDetection });
  const { findTarget } = incident;
  const timeline = createTimelineFlows({
    incidents,
    timeline: stores.timeline,
    users: stores.slackUsers,
    reader: createSlackReader(clients.reader),
    eventReader: createSlackReader(clients.eventReader),
    findTarget,
    teamTimeZone,
    now,
    onEffects,
  });
  const people = createSlackPeople({
    client: clients.reader,
    users: stores.slackUsers,
    zoneOf: timeline.zoneOf,
    teamTimeZone,
    now,
  });
  const impactDeps = { impacts: stores.impacts, team, now, onEffects, findTarget };
  const directory = createSlackEmailDirectory(clients.reader);
  // Subscribers exist only where there is a status page to subscribe to.
  const emailSubscriptions =
    email.enabled && team.statusPage !== undefined
      ? createEmailSubscriptionFlows({
          subscriptions: stores.emailSubscriptions,
          team,
          now,
          onEffects,
          publicUrl: email.publicUrl,
          messageIdHost: new URL(email.publicUrl).hostname,
        })
      : undefined;
  const emailSubscribers = emailSubscriptions !== undefined;
  return {
    emailSubscriptions,
    events,
    incident,
    timeline,
    postmortems: createPostmortemFlows({
      incidents,
      postmortems,
      facts: stores.postmortemFacts,
      team,
      cwd: process.cwd(),
      now,
      onEffects,
      findTarget,
    }),
    actionItems: createActionItemFlows({ actions, postmortems, people, holidays, team, now, onEffects, findTarget }),
    reminders: createReminderFlows({ actions, outbox: stores.outbox, holidays, team, now, onEffects }),
    reports: createReportFlows({ reports: stores.reports, team, now }),
    impact: createImpactFlows({ ...impactDeps, zoneOf: timeline.zoneOf }),
    resolution: createResolveFlows({ ...impactDeps, incidents }),
    onCall: createOnCallFlows({ team, onCall, directory }),
    publicUpdates: createPublicUpdateFlows({
      incidents,
      publicUpdates: stores.publicUpdates,
      now,
      onEffects,
      findTarget,
      mirrorToStatuspage: !('off' in statuspage),
      emailSubscribers,
    }),
    maintenance: createMaintenanceFlows({
      maintenance: stores.maintenance,
      now,
      onEffects,
      zoneOf: timeline.zoneOf,
      emailSubscribers,
    }),
    trackers: createTrackerFlows({
      actions,
      tickets: stores.tickets,
      clients: trackerClients,
      directory,
      people,
      holidays,
      team,
      now,
      onEffects,
    }),
  };
};

/** What the Slack listeners get: the flows they call, and the team, clock and logger. */
export const slackContextOf = (
  flows: Flows,
  { team, now, logger }: Pick<SlackContext, 'team' | 'now' | 'logger'>,
): SlackContext => ({
  flows: flows.incident,
  timeline: flows.timeline,
  events: flows.events,
  reports: flows.reports,
  impact: flows.impact,
  resolution: flows.resolution,
  postmortems: flows.postmortems,
  actionItems: flows.actionItems,
  onCall: flows.onCall,
  publicUpdates: flows.publicUpdates,
  maintenance: flows.maintenance,
  team,
  now,
  logger,
});
