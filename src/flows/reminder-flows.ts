import type { ActionItemView } from '../domain/action-items/action-item-view.ts';
import { currentDigestSlot, currentReminderSlot, nextReminderSlot } from '../domain/action-items/reminder-schedule.ts';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { HolidayCalendar } from '../domain/time/business-days.ts';
import type { ActionItemStore, ReminderPlan } from '../store/action-item-store.ts';
import type { OutboxStore } from '../store/outbox-store.ts';

export type ReminderFlowDeps = {
  actions: Pick<ActionItemStore, 'claimDueReminders'>;
  outbox: Pick<OutboxStore, 'enqueue'>;
  holidays: HolidayCalendar;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
};

export type ReminderSweep = { claimed: number; digest: boolean };

/**
 * Claimed per transaction: on PGlite the server has one connection, so a batch must hold it briefly (100 take about
 * 50 ms) for acknowledgements to stay fast; a busy Monday is still a few seconds of sweeping.
 */
export const REMINDER_BATCH = 100;
/** A sweep stops after this many batches and leaves the rest to the next one, so it never runs unbounded. */
const MAX_BATCHES = 100;

/** The key of one reminder: one per action, kind and day, so planning it twice (two replicas) sends it once. */
export const reminderKey = ({ actionId, kind, day }: { actionId: string; kind: string; day: string }): string =>
  `reminder:${actionId}:${kind}:${day}`;

/**
 * The follow-up of action items. Each sweep claims the open actions whose next reminder is due, decides with the
 * team's policy what to send now (the owner's reminder of the day; the lead, once, when it is long overdue) and
 * when to look again, and posts the weekly digest on its day. Nothing is sent on a weekend or holiday: the
 * schedule has no slot there.
 */
export const createReminderFlows = ({ actions, outbox, holidays, team, now, onEffects }: ReminderFlowDeps) => {
  const policy = team.reminders;

  const plan =
    (at: Date) =>
    (action: ActionItemView): ReminderPlan => {
      if (action.dueAt === null) return { effects: [], nextReminderAt: null };
      const schedule = { dueAt: action.dueAt, zone: action.ownerTimeZone ?? team.team.timeZone, policy, holidays };
      const slot = currentReminderSlot({ ...schedule, now: at });
      const next = nextReminderSlot({ ...schedule, after: at })?.at ?? null;
      if (slot === undefined) return { effects: [], nextReminderAt: next };
      const effects: KeyedEffect[] = [];
      if (action.ownerId !== null) {
        effects.push({
          dedupeKey: reminderKey({ actionId: action.id, kind: slot.kind, day: slot.day }),
          effect: {
            kind: 'action.remind',
            actionId: action.id,
            reminder: slot.kind,
            day: slot.day,
            businessDaysOverdue: slot.businessDaysOverdue,
            recipientId: action.ownerId,
          },
        });
      }
      const escalate = slot.escalate && action.escalatedAt === null;
      // A lead who owns the action has just been reminded; telling them twice helps nobody.
      if (escalate && action.incidentLeadId !== null && action.incidentLeadId !== action.ownerId) {
        effects.push({
          dedupeKey: reminderKey({ actionId: action.id, kind: 'escalation', day: slot.day }),
          effect: {
            kind: 'action.escalate',
            actionId: action.id,
            day: slot.day,
            businessDaysOverdue: slot.businessDaysOverdue,
            recipientId: action.incidentLeadId,
          },
        });
      }
      return { effects, nextReminderAt: next, ...(escalate ? { escalatedAt: at } : {}) };
    };

  const sweepDigest = async (at: Date): Promise<boolean> => {
    if (team.team.announcementsChannel === undefined) return false;
    const slot = currentDigestSlot({ now: at, zone: team.team.timeZone, policy, holidays });
    if (slot === undefined) return false;
    await outbox.enqueue([{ dedupeKey: `digest:${slot.day}`, effect: { kind: 'actions.digest', day: slot.day } }], at);
    return true;
  };

  return {
    plan,

    sweep: async (): Promise<ReminderSweep> => {
      const at = now();
      let claimed = 0;
      for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
        const count = await actions.claimDueReminders({ now: at, limit: REMINDER_BATCH, plan: plan(at) });
        claimed += count;
        if (count < REMINDER_BATCH) break;
      }
      const digest = await sweepDigest(at);
      if (claimed > 0 || digest) onEffects();
      return { claimed, digest };
    },
  };
};
