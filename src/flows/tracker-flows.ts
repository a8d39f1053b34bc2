import { applyTicketEvent } from './trackers/apply-ticket-event.ts';
import { syncTicket } from './trackers/sync-ticket.ts';
import type { TrackerFlowDeps } from './trackers/tracker-deps.ts';

/** Action items and their tickets, both ways: sitrep's changes out to the tracker, the tracker's back in. */
export const createTrackerFlows = (deps: TrackerFlowDeps) => ({
  syncTicket: syncTicket(deps),
  applyTicketEvent: applyTicketEvent(deps),
});
