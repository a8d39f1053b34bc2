import type { KnownBlock } from '@slack/types';
import type { ActionItemView } from '../../../domain/action-items/action-item-view.ts';
import type { TOutboxEffect } from '../../../domain/outbox/outbox-effect.ts';
import {
  describeActionAssigned,
  describeEscalation,
  describeReminder,
  labelDueDay,
} from '../../../domain/slack-lines/action-item-lines.ts';
import { buildActionDigest } from '../../../slack/blocks/action-digest.ts';
import { buildActionButtons } from '../../../slack/blocks/action-item-list.ts';
import { buildAppHome } from '../../../slack/blocks/app-home.ts';
import { mrkdwn } from '../../../slack/blocks/format.ts';
import { sendDirectMessage } from './direct-message.ts';
import type { SlackEffectDeps } from './slack-effect-deps.ts';

type ActionItemEffectDeps = Pick<SlackEffectDeps, 'client' | 'actionItems' | 'incidents' | 'team' | 'now'> & {
  /** Posts in the announcements channel (joining it when needed). */
  announce: (message: { text: string; blocks?: KnownBlock[] }) => Promise<void>;
};

type ActionItemEffect = Extract<
  TOutboxEffect,
  { kind: 'action.assigned' | 'action.remind' | 'action.escalate' | 'actions.digest' | 'home.refresh' }
>;

const DIGEST_LIMIT = 5000;

const dueLabelOf = (deps: ActionItemEffectDeps, action: ActionItemView): string =>
  action.dueAt === null
    ? 'no due date'
    : labelDueDay({ dueAt: action.dueAt, zone: action.ownerTimeZone ?? deps.team.team.timeZone });

/** The message about one open action, with its buttons, so the owner can act on it from the DM. */
const withButtons = (text: string, action: ActionItemView): KnownBlock[] => [
  { type: 'section', text: mrkdwn(text) },
  ...(action.status === 'open' ? [buildActionButtons({ actionId: action.id })] : []),
];

/** Loads the action; undefined when it is gone or closed, as a closed action stops its follow-up. */
const loadOpen = async (deps: ActionItemEffectDeps, id: string): Promise<ActionItemView | undefined> => {
  const action = await deps.actionItems.findById(id);
  return action?.status === 'open' ? action : undefined;
};

const remind = async (deps: ActionItemEffectDeps, effect: Extract<ActionItemEffect, { kind: 'action.remind' }>) => {
  const action = await loadOpen(deps, effect.actionId);
  if (action?.ownerId == null) return;
  const text = describeReminder({
    reminder: effect.reminder,
    title: action.title,
    incidentNumber: action.incidentNumber,
    dueLabel: dueLabelOf(deps, action),
    businessDaysOverdue: effect.businessDaysOverdue,
  });
  await sendDirectMessage(deps.client, { userId: action.ownerId, text, blocks: withButtons(text, action) });
};

const escalate = async (deps: ActionItemEffectDeps, effect: Extract<ActionItemEffect, { kind: 'action.escalate' }>) => {
  const action = await loadOpen(deps, effect.actionId);
  if (action?.incidentLeadId == null) return;
  const text = describeEscalation({
    title: action.title,
    incidentNumber: action.incidentNumber,
    ownerId: action.ownerId,
    dueLabel: dueLabelOf(deps, action),
    businessDaysOverdue: effect.businessDaysOverdue,
  });
  await sendDirectMessage(deps.client, { userId: action.incidentLeadId, text, blocks: withButtons(text, action) });
};

const assigned = async (deps: ActionItemEffectDeps, effect: Extract<ActionItemEffect, { kind: 'action.assigned' }>) => {
  const action = await loadOpen(deps, effect.actionId);
  // Handed on again before this ran: the newer owner gets their own message.
  if (action === undefined || action.ownerId !== effect.ownerId) return;
  const text = describeActionAssigned({
    title: action.title,
    incidentNumber: action.incidentNumber,
    dueLabel: dueLabelOf(deps, action),
  });
  await sendDirectMessage(deps.client, { userId: effect.ownerId, text, blocks: withButtons(text, action) });
};

/** Open actions per service (an incident of several services counts for each), overdue first. */
const digest = async (deps: ActionItemEffectDeps, day: string): Promise<void> => {
  const open = await deps.actionItems.list({ statuses: ['open'], limit: DIGEST_LIMIT });
  // Nothing to follow up is no news: the channel is for what needs people.
  if (open.length === 0) return;
  await deps.announce(buildActionDigest({ open, day, now: deps.now() }));
};

const refreshHome = async (deps: ActionItemEffectDeps, userId: string): Promise<void> => {
  const now = deps.now();
  const [incidents, actions] = await Promise.all([
    deps.incidents.listOpen(),
    deps.actionItems.listOpenForOwner(userId, now),
  ]);
  await deps.client.views.publish({
    user_id: userId,
    view: buildAppHome({
      incidents,
      severities: deps.team.severities,
      now,
      viewerId: userId,
      actions,
      teamTimeZone: deps.team.team.timeZone,
    }),
  });
};

/** Carries out the follow-up's effects. A closed action's reminders are dropped when they come to run. */
export const runActionItemEffect = async (deps: ActionItemEffectDeps, effect: ActionItemEffect): Promise<void> => {
  switch (effect.kind) {
    case 'action.assigned':
      return assigned(deps, effect);
    case 'action.remind':
      return remind(deps, effect);
    case 'action.escalate':
      return escalate(deps, effect);
    case 'actions.digest':
      return digest(deps, effect.day);
    case 'home.refresh':
      return refreshHome(deps, effect.userId);
  }
};
