import { describe, expect, it } from 'vitest';
import { LINEAR_STATE_TYPE_OF, ticketStatusOfLinearState } from '../../../src/domain/trackers/linear-states.ts';

describe('a Linear workflow state type as a ticket status', () => {
  it.each([
    ['completed', 'done'],
    ['canceled', 'cancelled'],
    ['started', 'open'],
    ['unstarted', 'open'],
    ['backlog', 'open'],
    ['triage', 'open'],
    ['a type Linear adds later', 'open'],
  ])('reads %s as %s', (type, status) => {
    expect(ticketStatusOfLinearState(type)).toBe(status);
  });

  it('sets each status as a type that reads back as it', () => {
    for (const [status, type] of Object.entries(LINEAR_STATE_TYPE_OF)) {
      expect(ticketStatusOfLinearState(type)).toBe(status);
    }
  });
});
