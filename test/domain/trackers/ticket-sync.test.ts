import { describe, expect, it } from 'vitest';
import { buildTicketDraft, desiredTicketState } from '../../../src/domain/trackers/ticket-sync.ts';
import { planTicketChange, type TicketState } from '../../../src/domain/trackers/tracker.ts';
import { buildActionItem } from '../../support/fakes/fake-action-item-store.ts';

const open: TicketState = { status: 'open', assigneeEmail: 'bob@acme.test', dueDate: '2026-12-14' };

describe('planTicketChange', () => {
  it.each<[string, Partial<TicketState>, Partial<TicketState>, ReturnType<typeof planTicketChange>]>([
    ['nothing when in step', {}, {}, null],
    ['the status alone', { status: 'done' }, {}, { status: 'done' }],
    ['a cancel', { status: 'cancelled' }, {}, { status: 'cancelled' }],
    [
      'nothing for a ticket closed as done when the action is won’t do',
      { status: 'cancelled' },
      { status: 'done' },
      null,
    ],
    ['nothing for a ticket cancelled when the action is done', { status: 'done' }, { status: 'cancelled' }, null],
    ['a closed ticket left closed for an open action', { status: 'open' }, { status: 'done' }, null],
    ['a new assignee', { assigneeEmail: 'ann@acme.test' }, {}, { assigneeEmail: 'ann@acme.test' }],
    ['nothing for an email in another case', { assigneeEmail: 'BOB@acme.test' }, {}, null],
    ['nothing when the owner has no email sitrep can see', { assigneeEmail: null }, {}, null],
    ['an assignee on an unassigned ticket', {}, { assigneeEmail: null }, { assigneeEmail: 'bob@acme.test' }],
    ['a due date moved', { dueDate: '2026-12-15' }, {}, { dueDate: '2026-12-15' }],
    ['a due date cleared', { dueDate: null }, {}, { dueDate: null }],
    [
      'every field at once',
      { status: 'done', assigneeEmail: 'ann@acme.test', dueDate: '2026-12-16' },
      {},
      { status: 'done', assigneeEmail: 'ann@acme.test', dueDate: '2026-12-16' },
    ],
  ])('%s', (_, desired, current, change) => {
    expect(planTicketChange({ desired: { ...open, ...desired }, current: { ...open, ...current } })).toEqual(change);
  });
});

describe('desiredTicketState', () => {
  it('reads the due day in the owner’s zone, not UTC', () => {
    // 23:59:59.999 on Monday 14 December in Los Angeles is already Tuesday in UTC.
    const action = buildActionItem({
      dueAt: new Date('2026-12-15T07:59:59.999Z'),
      ownerTimeZone: 'America/Los_Angeles',
    });
    expect(desiredTicketState({ action, ownerEmail: 'bob@acme.test', teamZone: 'UTC' }).dueDate).toBe('2026-12-14');
  });

  it.each([
    ['open', 'open'],
    ['done', 'done'],
    ['wont_do', 'cancelled'],
  ] as const)('maps an action %s to a ticket %s', (status, ticket) => {
    const action = buildActionItem({ status, dueAt: null });
    expect(desiredTicketState({ action, ownerEmail: null, teamZone: 'UTC' })).toEqual({
      status: ticket,
      assigneeEmail: null,
      dueDate: null,
    });
  });
});

describe('buildTicketDraft', () => {
  it('says where the action comes from, its STAR kind as a label, and that sitrep keeps the two in step', () => {
    const action = buildActionItem({ kind: 'alarm', incidentNumber: 42, incidentTitle: 'Checkout is down' });
    const draft = buildTicketDraft({ action, state: open });
    expect(draft).toMatchObject({ actionId: action.id, title: action.title, labels: ['star-alarm'], state: open });
    expect(draft.description).toContain('[incident 42: Checkout is down](https://slack.com/app_redirect?channel=C42)');
    expect(draft.description).toContain('STAR kind: Alarm.');
    expect(draft.description).toContain('sitrep keeps this ticket and the action item in step');
  });
});
