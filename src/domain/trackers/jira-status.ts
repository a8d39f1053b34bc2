import type { TicketStatus } from './tracker.ts';

// Jira says "closed" with a status category (new, indeterminate, done) and says why with a resolution. Workflows
// differ by site: a cancelled ticket is a done-category status with a resolution such as Won't Do, or a status of
// its own (Cancelled, Declined) that the workflow resolves as plain Done. Either name counts.
const CANCELLING = /cancel|won['’]?t (?:do|fix)|declined?|duplicate|rejected?/i;

/** Whether a resolution or status name says the work was not done (Won't Do, Cancelled, Declined, Duplicate). */
export const isCancellingName = (name: string): boolean => CANCELLING.test(name);

export type JiraStatusFacts = {
  /** `fields.status.statusCategory.key`: new, indeterminate or done (undefined, Jira's unknown, reads as open). */
  categoryKey: string;
  statusName: string;
  resolutionName: string | null;
};

/**
 * A ticket's status in sitrep's words: open unless its status is in the done category; then cancelled when its
 * resolution or its status is named like a cancel, otherwise done.
 */
export const ticketStatusOf = ({ categoryKey, statusName, resolutionName }: JiraStatusFacts): TicketStatus => {
  if (categoryKey !== 'done') return 'open';
  return isCancellingName(statusName) || (resolutionName !== null && isCancellingName(resolutionName))
    ? 'cancelled'
    : 'done';
};

/** Why a cancelled ticket was: its resolution's name, else its status's (a Declined status resolved as Done). */
export const cancelReasonOf = ({ statusName, resolutionName }: Omit<JiraStatusFacts, 'categoryKey'>): string =>
  resolutionName !== null && isCancellingName(resolutionName) ? resolutionName : statusName;
