import type { TOutboxEffect } from '../../../domain/outbox/outbox-effect.ts';
import { runActionItemEffect } from './action-item-effects.ts';
import { announceIncident, postToAnnouncements } from './announcement-effects.ts';
import { postIncidentLine, refreshIncident, refreshSummary } from './incident-channel-messages.ts';
import { inviteToChannel, tellLeadOnce } from './invite-people.ts';
import { openChannel } from './open-channel.ts';
import { runPostmortemDeliveryEffect } from './postmortem-delivery-effects.ts';
import { channelOf, loadIncident, type SlackEffectDeps, withPacingTicket } from './slack-effect-deps.ts';

/** The effects that are Slack calls; drafting a postmortem, syncing its action table and paging are not. */
export type SlackEffect = Exclude<
  TOutboxEffect,
  { kind: 'postmortem.generate' | 'postmortem.sync_actions' | 'page.trigger' | 'page.resolve' }
>;

/** Carries out one effect against Slack; safe to run again after a failure part-way. */
export const runSlackEffect = async (slack: SlackEffectDeps, effect: SlackEffect): Promise<void> => {
  const deps = withPacingTicket(slack, effect);
  switch (effect.kind) {
    case 'incident.open_channel':
      return openChannel(deps, effect.incidentId);
    case 'incident.refresh':
      return refreshIncident(deps, effect.incidentId);
    case 'incident.invite': {
      const incident = await loadIncident(deps, effect.incidentId);
      const channel = channelOf(incident);
      const uninvited = await inviteToChannel(deps, { channel, userIds: effect.userIds });
      return tellLeadOnce(deps, { channel, leadId: incident.roles.lead ?? incident.declaredBy, uninvited });
    }
    case 'incident.post':
      return postIncidentLine(deps, { incidentId: effect.incidentId, text: effect.text });
    case 'incident.announce':
      return announceIncident(deps, effect);
    case 'announcements.post':
      return postToAnnouncements(deps, { text: effect.text });
    case 'postmortem.bookmark': {
      await runPostmortemDeliveryEffect(deps, effect);
      // The pinned summary links to the newest draft too.
      const incident = await loadIncident(deps, effect.incidentId);
      return refreshSummary(deps, { incident, channel: channelOf(incident) });
    }
    case 'postmortem.deliver':
    case 'postmortem.notify_lead':
      return runPostmortemDeliveryEffect(deps, effect);
    case 'action.assigned':
    case 'action.remind':
    case 'action.escalate':
    case 'actions.digest':
    case 'home.refresh':
      return runActionItemEffect({ ...deps, announce: (message) => postToAnnouncements(deps, message) }, effect);
  }
};
