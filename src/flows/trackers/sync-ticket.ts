import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { keyEffects } from '../../domain/outbox/outbox-effect.ts';
import { describeTicketOpened } from '../../domain/slack-lines/ticket-lines.ts';
import { buildTicketDraft, desiredTicketState } from '../../domain/trackers/ticket-sync.ts';
import {
  planTicketChange,
  type TicketRef,
  type TicketState,
  type TrackerClient,
} from '../../domain/trackers/tracker.ts';
import { chooseTrackerTarget } from '../../domain/trackers/tracker-target.ts';
import type { TrackerFlowDeps } from './tracker-deps.ts';

const desiredOf = async (deps: TrackerFlowDeps, action: ActionItemView): Promise<TicketState> =>
  desiredTicketState({
    action,
    ownerEmail: action.ownerId === null ? null : await deps.directory.emailOf(action.ownerId),
    teamZone: deps.team.team.timeZone,
  });

/** Changes on the ticket only what differs from the action; a cancel carries the action's won't-do reason. */
const bringInStep = async ({
  client,
  ref,
  desired,
  current,
  action,
}: {
  client: TrackerClient;
  ref: TicketRef;
  desired: TicketState;
  current: TicketState;
  action: ActionItemView;
}): Promise<void> => {
  const change = planTicketChange({ desired, current });
  if (change === null) return;
  await client.update(ref, {
    ...change,
    ...(change.status === 'cancelled' && action.wontDoReason !== null ? { reason: action.wontDoReason } : {}),
  });
};

/** Opens the ticket of an open action item whose incident's tracker is set up, and links it. */
const openTicket = async (deps: TrackerFlowDeps, action: ActionItemView): Promise<void> => {
  // A link someone gave (`tracker:<url>`) that is no tracker sitrep reaches stays a link; a closed action needs none.
  if (action.trackerUrl !== null || action.status !== 'open') return;
  const target = chooseTrackerTarget({
    trackers: deps.team.trackers,
    services: deps.team.services,
    incidentServices: action.services,
  });
  if (target === null) return;
  const client = deps.clients.get(target.kind);
  if (client === undefined) return;
  const state = await desiredOf(deps, action);
  const ref = await client.create(target, buildTicketDraft({ action, state }));
  const line = describeTicketOpened({ title: action.title, tracker: ref.kind, ticketKey: ref.key, url: ref.url });
  const linked = await deps.tickets.linkTicket({
    id: action.id,
    ticket: ref,
    at: deps.now(),
    effects: (changed) =>
      keyEffects(`ticket:${changed.id}:opened`, [
        { kind: 'incident.post', incidentId: changed.incidentId, text: line },
        { kind: 'incident.refresh', incidentId: changed.incidentId },
        { kind: 'postmortem.sync_actions', incidentId: changed.incidentId },
      ]),
  });
  deps.onEffects();
  // A change committed while the ticket was being opened found no ticket to update: catch up with it now.
  await bringInStep({ client, ref, desired: await desiredOf(deps, linked), current: state, action: linked });
};

/**
 * The `tracker.sync` effect: brings an action item's ticket in line with the action as it is now (open, done or
 * cancelled; the owner as assignee; the due day), changing only what differs, so sitrep's own changes coming back
 * from the tracker's webhook find the action as they say and change nothing. An action without a ticket gets one
 * when its incident's tracker is set up. Throws `TrackerError` when the tracker refuses or cannot be reached.
 */
export const syncTicket =
  (deps: TrackerFlowDeps) =>
  async (actionId: string): Promise<void> => {
    const action = await deps.actions.findById(actionId);
    if (action === undefined) return;
    if (action.ticket === null) return openTicket(deps, action);
    const client = deps.clients.get(action.ticket.kind);
    // The tracker was taken out of sitrep.yml: its tickets are no longer kept in step, nor held up waiting for it.
    if (client === undefined) return;
    const ref: TicketRef = { ...action.ticket, url: action.trackerUrl ?? '' };
    const current = await client.read(ref);
    await bringInStep({ client, ref, desired: await desiredOf(deps, action), current, action });
  };
