import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { AppError } from '../../domain/app-error.ts';
import { keyEffects, type TOutboxEffect } from '../../domain/outbox/outbox-effect.ts';
import {
  describeActionDone,
  describeActionReassigned,
  describeActionSnoozed,
  describeActionWontDo,
  labelDueDay,
} from '../../domain/slack-lines/action-item-lines.ts';
import { escapeTypedText } from '../../domain/text/escape-mrkdwn.ts';
import { addBusinessDays, endOfLocalDay, localDayOf } from '../../domain/time/business-days.ts';
import type { ActionItemStore } from '../../store/action-item-store.ts';
import type { ActionItemFlowDeps } from './action-item-deps.ts';
import { planNextReminder, zoneOfOwner } from './action-item-due.ts';
import { buildChangeEffects } from './build-change-effects.ts';
import { requirePerson } from './require-person.ts';

/** Who changes which action item. */
type ChangeRequest = { id: string; actorId: string };

type OpenChange = ChangeRequest & {
  kind: string;
  data: Parameters<ActionItemStore['change']>[0]['data'];
  line: (action: ActionItemView) => string;
  homes: (action: ActionItemView) => (string | null)[];
  extra?: (action: ActionItemView) => TOutboxEffect[];
};

const MAX_REASON_LENGTH = 1000;

/** The action item; refused when it was deleted. */
export const requireActionItem = async ({
  actions,
  id,
}: Pick<ActionItemFlowDeps, 'actions'> & { id: string }): Promise<ActionItemView> => {
  const action = await actions.findById(id);
  if (!action) throw new AppError('NOT_FOUND', { userMessage: 'That action item no longer exists.' });
  return action;
};

const requireOpen = (action: ActionItemView): void => {
  if (action.status !== 'open') {
    throw new AppError('NO_CHANGE', {
      userMessage: `*${escapeTypedText(action.title)}* is ${action.status === 'wont_do' ? "marked won't do" : action.status} already.`,
    });
  }
};

const requireOpenActionItem = async (deps: Pick<ActionItemFlowDeps, 'actions'> & { id: string }) => {
  const action = await requireActionItem(deps);
  requireOpen(action);
  return action;
};

/** Runs a change of one open action and says why when it cannot. */
const changeOpen =
  ({ actions, now, onEffects }: Pick<ActionItemFlowDeps, 'actions' | 'now' | 'onEffects'>) =>
  async ({ id, actorId, kind, data, line, homes, extra }: OpenChange): Promise<ActionItemView> => {
    const at = now();
    const changed = await actions.change({
      id,
      fromStatuses: ['open'],
      data,
      at,
      effects: (action) =>
        keyEffects(
          `action:${action.id}:${kind}:${at.getTime()}:${actorId}`,
          buildChangeEffects({ action, line: line(action), homes: homes(action), extra: extra?.(action) ?? [] }),
        ),
    });
    onEffects();
    return changed;
  };

const markDone =
  (deps: ActionItemFlowDeps) =>
  async ({ id, actorId }: ChangeRequest): Promise<ActionItemView> => {
    await requireOpenActionItem({ ...deps, id });
    const at = deps.now();
    return changeOpen(deps)({
      id,
      actorId,
      kind: 'done',
      data: { status: 'done', doneAt: at, closedBy: actorId, nextReminderAt: null },
      line: (action) => describeActionDone({ title: action.title, actorId }),
      homes: (action) => [action.ownerId],
    });
  };

const wontDo =
  (deps: ActionItemFlowDeps) =>
  async ({ id, actorId, reason }: ChangeRequest & { reason: string }): Promise<ActionItemView> => {
    const why = reason.trim();
    if (why === '' || why.length > MAX_REASON_LENGTH) {
      throw new AppError('BAD_REQUEST', {
        userMessage: `Say in 1 to ${MAX_REASON_LENGTH} characters why it won't be done, so the postmortem keeps the decision.`,
      });
    }
    await requireOpenActionItem({ ...deps, id });
    return changeOpen(deps)({
      id,
      actorId,
      kind: 'wont_do',
      data: { status: 'wont_do', closedBy: actorId, wontDoReason: why, nextReminderAt: null },
      line: (action) => describeActionWontDo({ title: action.title, actorId, reason: why }),
      homes: (action) => [action.ownerId],
    });
  };

/** Moves the due date one business day past the later of the due day and today, in the owner's zone. */
const snooze =
  (deps: ActionItemFlowDeps) =>
  async ({ id, actorId }: ChangeRequest): Promise<ActionItemView> => {
    const action = await requireOpenActionItem({ ...deps, id });
    const at = deps.now();
    const zone = zoneOfOwner({ team: deps.team, action });
    const today = localDayOf(at, zone);
    const dueDay = action.dueAt === null ? today : localDayOf(action.dueAt, zone);
    const day = addBusinessDays({ day: dueDay > today ? dueDay : today, count: 1, holidays: deps.holidays });
    const dueAt = endOfLocalDay(day, zone);
    const dueLabel = labelDueDay({ dueAt, zone });
    return changeOpen(deps)({
      id,
      actorId,
      kind: 'snooze',
      data: { dueAt, escalatedAt: null, nextReminderAt: planNextReminder({ ...deps, dueAt, zone, after: at }) },
      line: (changed) => describeActionSnoozed({ title: changed.title, actorId, dueLabel }),
      homes: (changed) => [changed.ownerId],
    });
  };

/** Hands an action to someone else; the due day stays the same calendar day, now in the new owner's zone. */
const reassign =
  (deps: ActionItemFlowDeps) =>
  async ({ id, actorId, ownerId }: ChangeRequest & { ownerId: string }): Promise<ActionItemView> => {
    const action = await requireOpenActionItem({ ...deps, id });
    if (action.ownerId === ownerId) {
      throw new AppError('NO_CHANGE', {
        userMessage: `<@${ownerId}> already owns *${escapeTypedText(action.title)}*.`,
      });
    }
    const zone = await requirePerson({ people: deps.people, userId: ownerId });
    const at = deps.now();
    const dueAt =
      action.dueAt === null
        ? null
        : endOfLocalDay(localDayOf(action.dueAt, zoneOfOwner({ team: deps.team, action })), zone);
    const dueLabel = dueAt === null ? null : labelDueDay({ dueAt, zone });
    const previousOwner = action.ownerId;
    return changeOpen(deps)({
      id,
      actorId,
      kind: 'reassign',
      data: {
        ownerId,
        ownerTimeZone: zone,
        dueAt,
        nextReminderAt: planNextReminder({ ...deps, dueAt, zone, after: at }),
      },
      line: (changed) => describeActionReassigned({ title: changed.title, actorId, ownerId, dueLabel }),
      homes: () => [previousOwner, ownerId],
      extra: (changed) => (ownerId === actorId ? [] : [{ kind: 'action.assigned', actionId: changed.id, ownerId }]),
    });
  };

/**
 * Changes of an open action item: done, won't do (with the reason), snoozed a business day, handed to someone else.
 * Each is refused once the action is closed, and each writes its line, the App Homes concerned and the postmortem's
 * table with the change.
 */
export const createActionItemChanges = (deps: ActionItemFlowDeps) => ({
  markDone: markDone(deps),
  wontDo: wontDo(deps),
  snooze: snooze(deps),
  reassign: reassign(deps),
});
