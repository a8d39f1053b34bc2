import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { ActionItemFlows } from '../flows/action-item-flows.ts';
import type { DeployFlows } from '../flows/deploy-flows.ts';
import type { ImpactFlows } from '../flows/impact-flows.ts';
import type { IncidentFlows } from '../flows/incident-flows.ts';
import type { MaintenanceFlows } from '../flows/maintenance-flows.ts';
import type { OnCallFlows } from '../flows/on-call-flows.ts';
import type { PostmortemFlows } from '../flows/postmortem-flows.ts';
import type { PublicUpdateFlows } from '../flows/public-update-flows.ts';
import type { ReportFlows } from '../flows/report-flows.ts';
import type { ResolveFlows } from '../flows/resolve-flows.ts';
import type { TimelineFlows } from '../flows/timeline-flows.ts';
import type { Logger } from '../observability/logger.ts';

/** What every Slack listener gets: the flows to call and the team's configuration to read. */
export type SlackContext = {
  flows: IncidentFlows;
  timeline: TimelineFlows;
  events: DeployFlows;
  reports: ReportFlows;
  impact: ImpactFlows;
  resolution: ResolveFlows;
  postmortems: PostmortemFlows;
  actionItems: ActionItemFlows;
  onCall: OnCallFlows;
  publicUpdates: PublicUpdateFlows;
  maintenance: MaintenanceFlows;
  team: TTeamConfig;
  now: () => Date;
  logger: Logger;
};
