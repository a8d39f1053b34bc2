import type { IncidentStatus } from '../incident/incident.ts';

/** One update as the status page shows it: the words people chose, the status they stated and when. */
export type PublicUpdateView = { status: IncidentStatus; text: string; postedAt: Date };

/**
 * An incident as the public status page may show it, and nothing more: its public title, the services it affects,
 * the status its latest update states and its updates, newest first. `id` is the incident's random id, so a page can
 * link to it; the internal title, the people, the channel and the timeline are never here.
 */
export type PublicIncident = {
  id: string;
  publicTitle: string;
  services: string[];
  status: IncidentStatus;
  /** Not resolved yet, whatever its last update said. */
  ongoing: boolean;
  updates: PublicUpdateView[];
};
