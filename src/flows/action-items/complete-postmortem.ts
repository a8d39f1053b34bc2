import { AppError } from '../../domain/app-error.ts';
import type { IncidentView } from '../../domain/incident/incident.ts';
import { keyEffects } from '../../domain/outbox/outbox-effect.ts';
import { checkPostmortemCompletion } from '../../domain/postmortem/postmortem-completion.ts';
import type { IncidentTarget } from '../incident-flows.ts';
import type { ActionItemFlowDeps } from './action-item-deps.ts';

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
