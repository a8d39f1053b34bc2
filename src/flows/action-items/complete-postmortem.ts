import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { AppError } from '../../domain/app-error.ts';
import type { IncidentView } from '../../domain/incident/incident.ts';
import { keyEffects } from '../../domain/outbox/outbox-effect.ts';
import type { IncidentTarget } from '../incident-flows.ts';
import type { ActionItemFlowDeps } from './action-item-deps.ts';

/**
 * When a postmortem counts as complete: at least one accepted action (open or done), and every open one with an
 * owner and a due date. Returns how many are accepted and what is missing, nothing when it is complete.
 */
const checkPostmortemCompletion = (all: ActionItemView[]): { accepted: number; problems: string[] } => {
  const accepted = all.filter((action) => action.status === 'open' || action.status === 'done');
  const problems = [
    ...(accepted.length === 0
      ? [
          'no action item has been accepted yet: add one with `/incident action <what> @owner` (a postmortem without an action to avoid recurrence is not done)',
        ]
      : []),
    ...all
      .filter((action) => action.status === 'open' && action.ownerId === null)
      .map((action) => `*${action.title}* has no owner: reassign it from \`/incident actions\``),
    ...all
      .filter((action) => action.status === 'open' && action.dueAt === null)
      .map((action) => `*${action.title}* has no due date`),
  ];
  return { accepted: accepted.length, problems };
};

/**
 * `/incident postmortem complete`: marks the newest postmortem version complete when the action items allow it;
 * otherwise the answer lists what is missing.
 */
export const completePostmortem =
  ({ actions, postmortems, now, onEffects, findTarget }: ActionItemFlowDeps) =>
  async (
    target: IncidentTarget,
    { actorId }: { actorId: string },
  ): Promise<{ incident: IncidentView; version: number; completed: boolean }> => {
    const incident = await findTarget(target);
    const { accepted, problems } = checkPostmortemCompletion(await actions.listForIncident(incident.id));
    if (problems.length > 0) {
      throw new AppError('BAD_REQUEST', {
        userMessage: `The postmortem of incident ${incident.number} can't be marked complete yet:\n${problems.map((problem) => `• ${problem}`).join('\n')}`,
      });
    }
    const at = now();
    const { completed, version } = await postmortems.markComplete({
      incidentId: incident.id,
      by: actorId,
      at,
      effects: keyEffects(`postmortem:${incident.id}:complete:${at.getTime()}`, [
        {
          kind: 'incident.post',
          incidentId: incident.id,
          text: `:white_check_mark: <@${actorId}> marked the postmortem complete, with ${accepted} action item${accepted === 1 ? '' : 's'} to follow up.`,
        },
      ]),
    });
    if (version === null) {
      throw new AppError('BAD_REQUEST', {
        userMessage: `Incident ${incident.number} has no postmortem draft yet: resolve it, or draft one with \`/incident postmortem\`.`,
      });
    }
    if (completed) onEffects();
    return { incident, version, completed };
  };
