import type { IncidentView } from '../../../domain/incident/incident.ts';
import type { TOutboxEffect } from '../../../domain/outbox/outbox-effect.ts';
import type { SlackMessage } from '../../../slack/blocks/format.ts';
import {
  buildChannelOpenedAnnouncement,
  buildDeclaredAnnouncement,
  buildResolvedAnnouncement,
  buildSeverityAnnouncement,
} from '../../../slack/blocks/incident-announcement.ts';
import { platformError } from './judge-slack-failure.ts';
import { postOnce } from './post-once.ts';
import { channelOf, loadIncident, type PacedDeps } from './slack-effect-deps.ts';

/** Posts in the announcements channel, if the team has one. */
export const postToAnnouncements = async (
  deps: PacedDeps,
  message: { text: string; blocks?: SlackMessage['blocks'] },
): Promise<void> => {
  const announcements = deps.team.team.announcementsChannel;
  if (!announcements) return;
  const post = () => postOnce(deps, { channel: announcements, ...message, part: 'announcement' });
  try {
    await post();
  } catch (error) {
    // Without `chat:write.public` the bot must be a member; a public channel it can join by itself.
    if (platformError(error) !== 'not_in_channel') throw error;
    await deps.client.conversations.join({ channel: announcements });
    await post();
  }
};

const buildMessage = (
  deps: PacedDeps,
  effect: Extract<TOutboxEffect, { kind: 'incident.announce' }>,
  incident: IncidentView,
): SlackMessage => {
  const channelId = channelOf(incident);
  const severities = deps.team.severities;
  switch (effect.about) {
    case 'declared':
      return buildDeclaredAnnouncement({ incident, severities, channelId });
    case 'channel':
      return buildChannelOpenedAnnouncement({ incident, severities, channelId });
    case 'resolved':
      return buildResolvedAnnouncement({ incident, severities, channelId });
    case 'severity':
      return buildSeverityAnnouncement({
        incident,
        severities,
        channelId,
        from: effect.fromSeverity ?? incident.severity,
        to: effect.toSeverity ?? incident.severity,
      });
  }
};

/** Tells the announcements channel that an incident was declared, changed severity, got its channel or was resolved. */
export const announceIncident = async (
  deps: PacedDeps,
  effect: Extract<TOutboxEffect, { kind: 'incident.announce' }>,
): Promise<void> => {
  if (!deps.team.team.announcementsChannel) return;
  const message = buildMessage(deps, effect, await loadIncident(deps, effect.incidentId));
  await postToAnnouncements(deps, { text: message.text, blocks: message.blocks });
};
