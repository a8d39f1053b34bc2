import type { KnownBlock } from '@slack/types';
import type { IncidentView, Severity } from '../../domain/incident/incident.ts';
import { severityName } from '../../domain/incident/incident.ts';
import type { SlackMessage } from './format.ts';
import {
  LIMITS,
  labelSeverity,
  linkChannel,
  listServices,
  measureIncidentDuration,
  mentionUser,
  mrkdwn,
  STATUS_EMOJI,
  truncateMrkdwn,
  truncateText,
} from './format.ts';

// Posted in the team's announcements channel, for people who are not in the incident channel: each says what
// happened, links the channel and names who to ask.

export type DeclaredAnnouncementOptions = { incident: IncidentView; severities: Severity[]; channelId: string };

export type SeverityAnnouncementOptions = {
  incident: IncidentView;
  severities: Severity[];
  from: number;
  to: number;
  /** The incident channel, when the caller knows it better than `incident.channelId`. */
  channelId?: string;
};

export type ResolvedAnnouncementOptions = { incident: IncidentView; severities: Severity[]; channelId?: string };

const TITLE_MAX = 200;

const describeLead = (incident: IncidentView): string =>
  incident.roles.lead === undefined ? 'not assigned yet' : mentionUser(incident.roles.lead);

type Detail = { label: string; value: string };

const buildAnnouncement = ({ headline, details }: { headline: string; details: Detail[] }): KnownBlock[] => [
  { type: 'section', text: mrkdwn(truncateText(headline, LIMITS.sectionText)) },
  {
    type: 'section',
    fields: details.map(({ label, value }) => mrkdwn(truncateText(`*${label}*\n${value}`, LIMITS.field))),
  },
];

/** An announcement that names what happened to the incident and the channel to follow it in. */
const buildFollowAnnouncement = ({
  incident,
  severities,
  channelId,
  emoji,
  happened,
  details = [],
}: DeclaredAnnouncementOptions & { emoji: string; happened: string; details?: Detail[] }): SlackMessage => {
  const title = truncateMrkdwn(incident.title, TITLE_MAX);
  const channel = linkChannel(channelId);
  return {
    text: `Incident ${incident.number} ${happened} (${severityName(incident.severity, severities)}): ${title}. Follow it in ${channel}.`,
    blocks: buildAnnouncement({
      headline: `${emoji} *Incident ${incident.number} ${happened}: ${title}*\nFollow it in ${channel}.`,
      details: [
        { label: 'Severity', value: labelSeverity(incident.severity, severities) },
        { label: 'Lead', value: describeLead(incident) },
        { label: 'Services', value: listServices(incident.services) },
        ...details,
      ],
    }),
  };
};

/** `:rotating_light: Incident 42 declared: Checkout is down`, with severity, lead, services and the channel. */
export const buildDeclaredAnnouncement = (options: DeclaredAnnouncementOptions): SlackMessage =>
  buildFollowAnnouncement({
    ...options,
    emoji: STATUS_EMOJI.investigating,
    happened: 'declared',
    details: [{ label: 'Declared by', value: mentionUser(options.incident.declaredBy) }],
  });

/** `:link: Incident 42 has its channel now: Checkout is down`, after the announcement that it had none. */
export const buildChannelOpenedAnnouncement = (options: DeclaredAnnouncementOptions): SlackMessage =>
  buildFollowAnnouncement({ ...options, emoji: ':link:', happened: 'has its channel now' });

/**
 * `:arrow_up: Incident 42 raised from SEV3 to SEV1`. A lower level is more severe, so moving to a smaller level
 * raises the severity.
 */
export const buildSeverityAnnouncement = ({
  incident,
  severities,
  from,
  to,
  channelId,
}: SeverityAnnouncementOptions): SlackMessage => {
  const title = truncateMrkdwn(incident.title, TITLE_MAX);
  const [emoji, verb] = to < from ? [':arrow_up:', 'raised'] : [':arrow_down:', 'lowered'];
  const change = `${verb} from ${severityName(from, severities)} to ${severityName(to, severities)}`;
  const channel = linkChannel(channelId ?? incident.channelId);
  return {
    text: `Incident ${incident.number} ${change}: ${title}. Follow it in ${channel}.`,
    blocks: buildAnnouncement({
      headline: `${emoji} *Incident ${incident.number} ${change}: ${title}*\nFollow it in ${channel}.`,
      details: [
        { label: 'Severity', value: labelSeverity(to, severities) },
        { label: 'Lead', value: describeLead(incident) },
        { label: 'Services', value: listServices(incident.services) },
      ],
    }),
  };
};

/** `:white_check_mark: Incident 42 resolved after 1 h 12 min: Checkout is down`. */
export const buildResolvedAnnouncement = ({
  incident,
  severities,
  channelId,
}: ResolvedAnnouncementOptions): SlackMessage => {
  const title = truncateMrkdwn(incident.title, TITLE_MAX);
  const resolvedAt = incident.resolvedAt;
  const after = resolvedAt === null ? '' : ` after ${measureIncidentDuration(incident, resolvedAt)}`;
  const channel = linkChannel(channelId ?? incident.channelId);
  return {
    text: `Incident ${incident.number} resolved${after}: ${title}. The record is in ${channel}.`,
    blocks: buildAnnouncement({
      headline: `${STATUS_EMOJI.resolved} *Incident ${incident.number} resolved${after}: ${title}*\nThe record is in ${channel}.`,
      details: [
        { label: 'Severity', value: labelSeverity(incident.severity, severities) },
        { label: 'Lead', value: describeLead(incident) },
        { label: 'Services', value: listServices(incident.services) },
      ],
    }),
  };
};
