import type { IncidentStatus } from '../incident/incident.ts';
import type { ComponentStatus } from './component-status.ts';
import type { PublicIncident, PublicUpdateView } from './public-incident.ts';

/**
 * An incident as Statuspage's API takes it (POST and PATCH of `/pages/{page_id}/incidents`): only public words, the
 * affected components and the state each is in. Statuspage's incident statuses are sitrep's own.
 */
export type StatuspageIncidentFields = {
  name: string;
  status: IncidentStatus;
  body: string;
  component_ids: string[];
  components: Record<string, ComponentStatus>;
};

/** What sitrep asks of Atlassian Statuspage's REST API, for one page (see src/statuspage/statuspage-client.ts). */
export type StatuspagePort = {
  setComponentStatus: (options: { componentId: string; status: ComponentStatus }) => Promise<void>;
  /** Creates the incident, tagged with `marker` in its metadata so a retry can find it; returns its id. */
  createIncident: (options: { fields: StatuspageIncidentFields; marker: string }) => Promise<string>;
  updateIncident: (options: { id: string; fields: StatuspageIncidentFields }) => Promise<void>;
  /** The incident tagged with `marker` among the page's unresolved (or, `resolved`, resolved) incidents. */
  findIncident: (options: { marker: string; resolved: boolean }) => Promise<string | undefined>;
  /** The status and body of the incident's newest update; undefined when it has none. */
  readLatestUpdate: (id: string) => Promise<{ status: string; body: string } | undefined>;
};

/**
 * What a Statuspage incident says when its incident was resolved and nobody posted a final public update: it must
 * not stay open there, and these are the only words sitrep ever writes for people.
 */
export const RESOLVED_WITHOUT_UPDATE = 'This incident has been resolved.';

/** How long after resolving sitrep waits for a final public update before resolving the Statuspage incident itself. */
export const FINAL_UPDATE_GRACE_MS = 10 * 60_000;

/** The next public update to push, oldest first after the `pushedCount` pushed already; undefined when none is left. */
export const nextUpdateToPush = (incident: PublicIncident, pushedCount: number): PublicUpdateView | undefined =>
  incident.updates.toReversed()[pushedCount];

/**
 * The fields of one update of an incident: its public title, what the update says and the status it states, and the
 * components of the incident's services that Statuspage knows, each in the state it is in now.
 */
export const incidentFieldsOf = ({
  incident,
  update,
  components,
}: {
  incident: PublicIncident;
  update: PublicUpdateView;
  /** By service: the Statuspage component and the state to show it in. */
  components: ReadonlyMap<string, { componentId: string; status: ComponentStatus }>;
}): StatuspageIncidentFields => {
  const affected = incident.services.flatMap((service) => components.get(service) ?? []);
  return {
    name: incident.publicTitle,
    status: update.status,
    body: update.text,
    component_ids: affected.map((component) => component.componentId),
    components: Object.fromEntries(affected.map((component) => [component.componentId, component.status])),
  };
};
