import { describe, expect, it } from 'vitest';
import { cancelReasonOf, ticketStatusOf } from '../../../src/domain/trackers/jira-status.ts';

describe('ticketStatusOf', () => {
  it.each([
    ['new', 'To Do', null, 'open'],
    ['indeterminate', 'In Review', null, 'open'],
    ['indeterminate', 'Blocked', "Won't Do", 'open'],
    ['done', 'Done', 'Done', 'done'],
    ['done', 'Closed', 'Fixed', 'done'],
    ['done', 'Done', null, 'done'],
    ['done', 'Done', "Won't Do", 'cancelled'],
    ['done', 'Done', 'Won’t Fix', 'cancelled'],
    ['done', 'Closed', 'Duplicate', 'cancelled'],
    ['done', 'Closed', 'Declined', 'cancelled'],
    ['done', 'Cancelled', 'Done', 'cancelled'],
    ['done', 'Canceled', null, 'cancelled'],
    ['done', 'Rejected', 'Done', 'cancelled'],
  ] as const)(
    'reads category %s, status %s, resolution %s as %s',
    (categoryKey, statusName, resolutionName, status) => {
      expect(ticketStatusOf({ categoryKey, statusName, resolutionName })).toBe(status);
    },
  );

  it('gives the cancelling resolution as the reason, else the status', () => {
    expect(cancelReasonOf({ statusName: 'Done', resolutionName: "Won't Do" })).toBe("Won't Do");
    expect(cancelReasonOf({ statusName: 'Declined', resolutionName: 'Done' })).toBe('Declined');
  });
});
