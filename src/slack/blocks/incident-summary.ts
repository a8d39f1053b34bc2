import type { KnownBlock, MrkdwnElement } from '@slack/types';
import type { IncidentView, RoleKind, Severity } from '../../domain/incident/incident.ts';
import { STATUS_LABELS, severityName } from '../../domain/incident/incident.ts';
import { findIncidentStart } from '../../domain/incident/incident-start.ts';
import { describeDuration, ELAPSED } from '../../domain/text/describe-duration.ts';
import { escapeMrkdwn } from '../../domain/text/escape-mrkdwn.ts';
import { COMMANDS } from '../ids.ts';
import type { SlackMessage } from './format.ts';
import {
  formatSlackDate,
  LIMITS,
  labelSeverity,
  linkUrl,
  listServices,
  measureIncidentDuration,
  mentionUser,
  mrkdwn,
  plainText,
  STATUS_EMOJI,
  truncateMrkdwn,
  truncateText,
} from './format.ts';
import { buildPublishButton } from './publish-update-modal.ts';

export type IncidentSummaryLinks = { postmortemUrl?: string };

/** A deploy shown as a suspect: a change to one of the incident's services shortly before it started. */
export type SummarySuspect = {
  service: string;
  version: string;
  environment: string;
  status: string;
  actor: string | null;
  url: string | null;
  occurredAt: Date;
};

export type IncidentSummaryOptions = {
  incident: IncidentView;
  severities: Severity[];
  teamTimeZone: string;
  now: Date;
  links: IncidentSummaryLinks;
  /** Deploys of its services before it started, newest first; the section is left out when there are none. */
  suspects?: { deploys: SummarySuspect[]; lookbackMinutes: number };
  /** Its STAR action items, one mrkdwn line each; the section is left out when there are none. */
  actionItems?: string[];
};

const describeRole = ({ incident, role }: { incident: IncidentView; role: RoleKind }): string => {
  const userId = incident.roles[role];
  if (userId !== undefined) return mentionUser(userId);
  return role === 'lead' && incident.status !== 'resolved'
    ? `not assigned — \`${COMMANDS.incident} lead @name\``
    : 'not assigned';
};

const field = (label: string, value: string): MrkdwnElement =>
  mrkdwn(truncateText(`*${label}*\n${value}`, LIMITS.field));

/** More would crowd the summary; `/incident changes` lists them all. */
const MAX_SUSPECTS = 8;
/** The rest are a command away. */
const MAX_ACTION_ITEMS = 10;

const COMMAND_HINTS = [
  `\`${COMMANDS.incident} status identified &lt;what you found&gt;\``,
  `\`${COMMANDS.incident} sev &lt;level&gt;\``,
  `\`${COMMANDS.incident} lead @name\``,
  `\`${COMMANDS.incident} resolve &lt;summary&gt;\``,
];

/**
 * The message pinned in an incident's channel: what is broken, how bad, who is on it, since when, and the commands
 * that change it. Rebuilt and edited in place on every change, so it always shows the current state.
 */
export const buildIncidentSummary = ({
  incident,
  severities,
  teamTimeZone,
  now,
  links,
  suspects,
  actionItems = [],
}: IncidentSummaryOptions): SlackMessage => {
  const resolved = incident.status === 'resolved';
  const heading = `${STATUS_EMOJI[incident.status]} Incident ${incident.number}: `;
  const header = `${heading}${truncateText(incident.title, LIMITS.header - heading.length)}`;
  const titleWasCut = heading.length + incident.title.length > LIMITS.header;

  const fields = [
    field('Severity', labelSeverity(incident.severity, severities)),
    field('Status', `${STATUS_EMOJI[incident.status]} ${STATUS_LABELS[incident.status]}`),
    field('Lead', describeRole({ incident, role: 'lead' })),
    field('Comms', describeRole({ incident, role: 'comms' })),
    field('Scribe', describeRole({ incident, role: 'scribe' })),
    field('Services', listServices(incident.services)),
    field(
      incident.impactStartedAt === null ? 'Started' : 'Impact started',
      formatSlackDate(findIncidentStart(incident), teamTimeZone),
    ),
    field('Declared', `by ${mentionUser(incident.declaredBy)}\n${formatSlackDate(incident.declaredAt, teamTimeZone)}`),
    field(resolved ? 'Duration' : 'Duration so far', measureIncidentDuration(incident, now)),
    ...(incident.resolvedAt === null ? [] : [field('Resolved', formatSlackDate(incident.resolvedAt, teamTimeZone))]),
  ];

  const about = [
    ...(titleWasCut ? [`*${truncateMrkdwn(incident.title, LIMITS.sectionText - 2)}*`] : []),
    ...(incident.description === null || incident.description.trim() === ''
      ? []
      : [truncateMrkdwn(incident.description.trim(), LIMITS.sectionText)]),
  ];

  const context = [
    ...(links.postmortemUrl === undefined ? [] : [`:memo: ${linkUrl(links.postmortemUrl, 'Postmortem')}`]),
    resolved
      ? `Work on it again with \`${COMMANDS.incident} reopen &lt;reason&gt;\``
      : `Update with ${COMMAND_HINTS.join(' · ')}`,
  ];

  const suspectLines = (suspects?.deploys ?? []).slice(0, MAX_SUSPECTS).map((deploy) => {
    const by = deploy.actor === null ? '' : ` by ${escapeMrkdwn(deploy.actor)}`;
    const link = deploy.url === null ? '' : ` ${linkUrl(deploy.url, 'details')}`;
    return `• ${formatSlackDate(deploy.occurredAt, teamTimeZone)} ${escapeMrkdwn(deploy.service)} ${escapeMrkdwn(deploy.version)} (${escapeMrkdwn(deploy.status)})${by}${link}`;
  });
  const suspectBlocks: KnownBlock[] =
    suspects === undefined || suspectLines.length === 0
      ? []
      : [
          {
            type: 'section',
            text: mrkdwn(
              truncateText(
                `*:mag: Changes in the ${describeDuration(suspects.lookbackMinutes * 60_000, ELAPSED)} before it started*\n${suspectLines.join('\n')}`,
                LIMITS.sectionText,
              ),
            ),
          },
        ];

  const shownActionItems = actionItems.slice(0, MAX_ACTION_ITEMS);
  const moreActionItems = actionItems.length - shownActionItems.length;
  const actionBlocks: KnownBlock[] =
    actionItems.length === 0
      ? []
      : [
          {
            type: 'section',
            text: mrkdwn(
              truncateText(
                `*:clipboard: Action items* (\`${COMMANDS.incident} actions\`)\n${shownActionItems.join('\n')}${moreActionItems > 0 ? `\n…and ${moreActionItems} more.` : ''}`,
                LIMITS.sectionText,
              ),
            ),
          },
        ];

  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(header) },
    ...about.map((text): KnownBlock => ({ type: 'section', text: mrkdwn(text) })),
    { type: 'section', fields },
    ...suspectBlocks,
    ...actionBlocks,
    { type: 'actions', elements: [buildPublishButton(incident.id)] },
    { type: 'context', elements: context.map((text) => mrkdwn(truncateText(text, LIMITS.contextText))) },
  ];

  const lead = incident.roles.lead === undefined ? 'no lead yet' : `lead ${mentionUser(incident.roles.lead)}`;
  const text =
    `Incident ${incident.number} (${severityName(incident.severity, severities)}, ` +
    `${STATUS_LABELS[incident.status]}, ${lead}): ${truncateMrkdwn(incident.title, LIMITS.header)}`;

  return { text, blocks };
};
