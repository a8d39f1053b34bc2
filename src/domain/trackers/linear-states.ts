import type { TicketStatus } from './tracker.ts';

// Linear has no fixed statuses: each team has its own workflow states, each of a type (triage, backlog, unstarted,
// started, completed, canceled). sitrep reads and sets a ticket's status by the type.

/**
 * A ticket's status from its workflow state's type: `completed` is done, `canceled` cancelled, any other (triage,
 * backlog, unstarted, started, and a type Linear may add) open.
 */
export const ticketStatusOfLinearState = (stateType: string): TicketStatus => {
  if (stateType === 'completed') return 'done';
  if (stateType === 'canceled') return 'cancelled';
  return 'open';
};

/** The type of workflow state a status is set as: reopening goes back to not started, not to in progress. */
export const LINEAR_STATE_TYPE_OF: Record<TicketStatus, string> = {
  open: 'unstarted',
  done: 'completed',
  cancelled: 'canceled',
};
