import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { nextReminderSlot } from '../../domain/action-items/reminder-schedule.ts';
import { labelDueDay } from '../../domain/slack-lines/action-item-lines.ts';
import type { ActionItemFlowDeps } from './action-item-deps.ts';

type Policy = Pick<ActionItemFlowDeps, 'team' | 'holidays'>;

/** When the owner is next reminded of an action due at `dueAt`: never when it has no due date. */
export const planNextReminder = ({
  team,
  holidays,
  dueAt,
  zone,
  after,
}: Policy & { dueAt: Date | null; zone: string; after: Date }): Date | null =>
  dueAt === null ? null : (nextReminderSlot({ dueAt, zone, policy: team.reminders, holidays, after })?.at ?? null);

/** The zone an action's due day is read in: its owner's, the team's when the owner's is unknown. */
export const zoneOfOwner = ({
  team,
  action,
}: Pick<ActionItemFlowDeps, 'team'> & { action: Pick<ActionItemView, 'ownerTimeZone'> }): string =>
  action.ownerTimeZone ?? team.team.timeZone;

/** `Fri 4 Dec 2026`, the due day in the owner's zone; null for an action without a due date. */
export const labelDueOf = ({
  team,
  action,
}: Pick<ActionItemFlowDeps, 'team'> & { action: Pick<ActionItemView, 'dueAt' | 'ownerTimeZone'> }): string | null =>
  action.dueAt === null ? null : labelDueDay({ dueAt: action.dueAt, zone: zoneOfOwner({ team, action }) });
