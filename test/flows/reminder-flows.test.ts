import { describe, expect, it } from 'vitest';
import type { ActionItemView } from '../../src/domain/action-items/action-item-view.ts';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createReminderFlows, REMINDER_BATCH } from '../../src/flows/reminder-flows.ts';
import { createFakeOutboxStore } from '../support/fake-outbox-store.ts';
import { buildActionItem, createFakeActionItemStore } from '../support/fakes/fake-action-item-store.ts';
import { createFakeNotifier } from '../support/fakes/fake-notifier.ts';

const ALICE = 'U05ALICE01';
const BOB = 'U05BOB0002';
const ANNOUNCEMENTS = 'C05ABCD1234';

const teamWith = (team: Record<string, unknown> = {}) => {
  const parsed = parseTeamConfig({ team: { timeZone: 'Europe/Paris', ...team } });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config;
};

/** Bob's action in Los Angeles, due Monday 30 November; its first reminder is Friday 27 at 09:00 there. */
const BOBS = buildActionItem({
  id: 'action-7',
  ownerId: BOB,
  ownerTimeZone: 'America/Los_Angeles',
  incidentLeadId: ALICE,
  dueAt: new Date('2026-12-01T07:59:59.999Z'),
  nextReminderAt: new Date('2026-11-27T17:00:00Z'),
});

const setup = ({
  items = [BOBS],
  team = teamWith(),
}: {
  items?: ActionItemView[];
  team?: ReturnType<typeof teamWith>;
} = {}) => {
  const outbox = createFakeOutboxStore();
  const actions = createFakeActionItemStore({ items, outbox });
  const { onEffects, kicks } = createFakeNotifier();
  let claims = 0;
  let now = new Date(0);
  const flows = createReminderFlows({
    actions: {
      claimDueReminders: (options) => {
        claims += 1;
        return actions.claimDueReminders(options);
      },
    },
    outbox,
    holidays: { isHoliday: (day) => day === '2026-12-24' },
    team,
    now: () => now,
    onEffects,
  });
  /** One sweep at `iso`, as the reminder job runs it every minute. */
  const sweepAt = (iso: string) => {
    now = new Date(iso);
    return flows.sweep();
  };
  const keys = () => outbox.messages.map(({ dedupeKey }) => dedupeKey);
  return { flows, actions, outbox, sweepAt, keys, claims: () => claims, kicks };
};

describe('the reminder sweep', () => {
  it('reminds the owner the day before, on the due morning and while overdue, never at the weekend', async () => {
    const { actions, outbox, sweepAt, keys, kicks } = setup();

    expect(await sweepAt('2026-11-27T16:59:00Z')).toEqual({ claimed: 0, digest: false }); // Friday 08:59 there.
    expect(await sweepAt('2026-11-27T17:00:30Z')).toEqual({ claimed: 1, digest: false });
    expect(outbox.get('reminder:action-7:day_before:2026-11-27').effect).toEqual({
      kind: 'action.remind',
      actionId: 'action-7',
      reminder: 'day_before',
      day: '2026-11-27',
      businessDaysOverdue: 0,
      // The owner's DM is the queue: another person's held message never delays it.
      recipientId: 'U05BOB0002',
    });
    expect(actions.get('action-7').nextReminderAt).toEqual(new Date('2026-11-30T17:00:00Z'));
    // Again a minute later, and at the weekend: nothing is due.
    expect(await sweepAt('2026-11-27T17:01:30Z')).toEqual({ claimed: 0, digest: false });
    expect(await sweepAt('2026-11-28T17:00:30Z')).toEqual({ claimed: 0, digest: false });
    expect(await sweepAt('2026-11-29T17:00:30Z')).toEqual({ claimed: 0, digest: false });

    await sweepAt('2026-11-30T17:00:30Z');
    await sweepAt('2026-12-01T17:00:30Z');
    expect(keys()).toEqual([
      'reminder:action-7:day_before:2026-11-27',
      'reminder:action-7:due:2026-11-30',
      'reminder:action-7:overdue:2026-12-01',
    ]);
    expect(outbox.get('reminder:action-7:overdue:2026-12-01').effect).toMatchObject({ businessDaysOverdue: 1 });
    expect(kicks()).toBe(3);
  });

  it('tells the lead once, when the action is two business days overdue', async () => {
    const { actions, outbox, sweepAt, keys } = setup({
      items: [{ ...BOBS, nextReminderAt: new Date('2026-12-02T17:00:00Z') }],
    });

    await sweepAt('2026-12-02T17:00:30Z');

    expect(keys()).toEqual(['reminder:action-7:overdue:2026-12-02', 'reminder:action-7:escalation:2026-12-02']);
    expect(outbox.get('reminder:action-7:escalation:2026-12-02').effect).toEqual({
      kind: 'action.escalate',
      actionId: 'action-7',
      day: '2026-12-02',
      businessDaysOverdue: 2,
      recipientId: 'U05ALICE01',
    });
    expect(actions.get('action-7').escalatedAt).toEqual(new Date('2026-12-02T17:00:30Z'));

    await sweepAt('2026-12-03T17:00:30Z');
    expect(keys().slice(2)).toEqual(['reminder:action-7:overdue:2026-12-03']);
  });

  it.each([
    {
      name: 'a lead who owns the action is reminded once, not also told as lead',
      action: { ...BOBS, incidentLeadId: BOB },
      keys: ['reminder:action-7:overdue:2026-12-02'],
    },
    {
      name: 'an action nobody owns goes to the lead alone',
      action: { ...BOBS, ownerId: null },
      keys: ['reminder:action-7:escalation:2026-12-02'],
    },
  ])('$name', async ({ action, keys: expected }) => {
    const { actions, sweepAt, keys } = setup({
      items: [{ ...action, nextReminderAt: new Date('2026-12-02T17:00:00Z') }],
    });
    await sweepAt('2026-12-02T17:00:30Z');
    expect(keys()).toEqual(expected);
    expect(actions.get('action-7').escalatedAt).toEqual(new Date('2026-12-02T17:00:30Z'));
  });

  it('stops following an action without a due date', async () => {
    const { actions, sweepAt, keys } = setup({ items: [{ ...BOBS, dueAt: null }] });
    expect(await sweepAt('2026-11-27T17:00:30Z')).toEqual({ claimed: 1, digest: false });
    expect(keys()).toEqual([]);
    expect(actions.get('action-7').nextReminderAt).toBeNull();
  });

  it('plans the same reminder under the same key, so two replicas send it once', () => {
    const { flows, outbox } = setup();
    const at = new Date('2026-11-27T17:00:30Z');
    const first = flows.plan(at)(BOBS);
    const second = flows.plan(at)(BOBS);
    expect(second).toEqual(first);
    void outbox.enqueue([...first.effects, ...second.effects], at);
    expect(outbox.messages).toHaveLength(1);
  });

  it('claims in batches until fewer than a batch are due', async () => {
    const items = Array.from({ length: REMINDER_BATCH * 2 + 5 }, (_, index) => ({ ...BOBS, id: `action-${index}` }));
    const { sweepAt, keys, claims, kicks } = setup({ items });
    expect(await sweepAt('2026-11-27T17:00:30Z')).toEqual({ claimed: REMINDER_BATCH * 2 + 5, digest: false });
    expect(claims()).toBe(3);
    expect(new Set(keys()).size).toBe(REMINDER_BATCH * 2 + 5);
    expect(kicks()).toBe(1);
  });
});

describe('the weekly digest', () => {
  it('is posted on Monday from 09:00 in the team’s zone, once', async () => {
    const { outbox, sweepAt, keys, kicks } = setup({
      items: [],
      team: teamWith({ announcementsChannel: ANNOUNCEMENTS }),
    });

    expect(await sweepAt('2026-11-30T07:59:00Z')).toEqual({ claimed: 0, digest: false });
    expect(await sweepAt('2026-11-30T08:00:30Z')).toEqual({ claimed: 0, digest: true });
    expect(outbox.get('digest:2026-11-30').effect).toEqual({ kind: 'actions.digest', day: '2026-11-30' });
    expect(kicks()).toBe(1);

    // Every sweep of the morning plans it again; the outbox keeps the first.
    await sweepAt('2026-11-30T09:30:00Z');
    expect(keys()).toEqual(['digest:2026-11-30']);
    expect(await sweepAt('2026-12-01T08:00:30Z')).toEqual({ claimed: 0, digest: false });
  });

  it('is not posted without an announcements channel', async () => {
    const { sweepAt, keys, kicks } = setup({ items: [] });
    expect(await sweepAt('2026-11-30T08:00:30Z')).toEqual({ claimed: 0, digest: false });
    expect(keys()).toEqual([]);
    expect(kicks()).toBe(0);
  });
});
