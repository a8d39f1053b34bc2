import type { KnownBlock } from '@slack/types';
import type { IncidentView, Severity } from '../../domain/incident/incident.ts';
import { STATUS_LABELS } from '../../domain/incident/incident.ts';
import { findIncidentStart } from '../../domain/incident/incident-start.ts';
import { COMMANDS } from '../ids.ts';
import type { SlackMessage } from './format.ts';
import {
  buildIncidentSection,
  buildLineSections,
  buildMoreLine,
  formatSlackDate,
  labelSeverity,
  linkChannel,
  measureIncidentDuration,
  mentionUser,
  mrkdwn,
  sortOpenIncidents,
  truncateMrkdwn,
  truncateText,
} from './format.ts';

export type IncidentListOptions = {
  incidents: IncidentView[];
  severities: Severity[];
  now: Date;
  teamTimeZone: string;
};

export type WhichIncidentOptions = {
  incidents: IncidentView[];
  /** The command as the person typed it, `/incident status resolved`; shown back with a number after the verb. */
  commandExample: string;
};

// A message holds 50 blocks; one section per incident plus the heading and the "more" line.
const MAX_LISTED = 45;

// One line each, a few lines to a section: a hundred stay well within the 50 blocks of a message.
const MAX_NAMED = 100;

const NO_OPEN_INCIDENTS = 'No open incidents. :tada:';

const countIncidents = (count: number): string => (count === 1 ? '1 open incident' : `${count} open incidents`);

/** The answer to `/incident list`, seen only by the person who asked: every open incident, most severe first. */
export const buildIncidentList = ({ incidents, severities, now, teamTimeZone }: IncidentListOptions): SlackMessage => {
  const open = sortOpenIncidents(incidents);
  if (open.length === 0)
    return { text: NO_OPEN_INCIDENTS, blocks: [{ type: 'section', text: mrkdwn(NO_OPEN_INCIDENTS) }] };

  const listed = open.slice(0, MAX_LISTED);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*${countIncidents(open.length)}*`) },
    ...listed.map((incident): KnownBlock => {
      const lead = incident.roles.lead === undefined ? 'no lead' : `lead ${mentionUser(incident.roles.lead)}`;
      const since = formatSlackDate(findIncidentStart(incident), teamTimeZone);
      const details = [
        labelSeverity(incident.severity, severities),
        STATUS_LABELS[incident.status],
        lead,
        linkChannel(incident.channelId),
        `for ${measureIncidentDuration(incident, now)} (since ${since})`,
      ];
      return buildIncidentSection({ incident, details });
    }),
    ...(open.length > listed.length ? [buildMoreLine(open.length - listed.length)] : []),
  ];
  const numbers = listed.map((incident) => incident.number).join(', ');
  return { text: `${countIncidents(open.length)}: ${numbers}`, blocks };
};

/** `/incident status resolved` -> `/incident status 42 resolved`: the number goes right after the subcommand. */
const addressIncident = ({ command, incidentNumber }: { command: string; incidentNumber: number }): string => {
  // An empty example splits into one empty word, which would otherwise stand in for the slash command.
  const [slash = COMMANDS.incident, verb, ...rest] = command.split(/\s+/).filter((word) => word !== '');
  const example = [slash, ...(verb === undefined ? [] : [verb]), String(incidentNumber), ...rest].join(' ');
  return truncateText(example.replaceAll('`', "'"), 200);
};

/**
 * The answer when a command about one incident is used outside an incident channel: which incidents are open,
 * and how to name one (`/incident status 42 resolved`) or to run the command in the incident's channel instead.
 */
export const buildWhichIncident = ({ incidents, commandExample }: WhichIncidentOptions): SlackMessage => {
  const open = sortOpenIncidents(incidents);
  const [first] = open;
  if (first === undefined) {
    const text = `There is no open incident to apply this to. To start one, use \`${COMMANDS.incident} declare &lt;title&gt;\`.`;
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const how =
    `Which incident? Add its number, as in \`${addressIncident({ command: commandExample, incidentNumber: first.number })}\`, ` +
    `or run the command in the incident's channel.`;
  const lines = open
    .slice(0, MAX_NAMED)
    .map(
      (incident) =>
        `• *${incident.number}* ${linkChannel(incident.channelId)} ${truncateMrkdwn(incident.title, 200)} ` +
        `(${STATUS_LABELS[incident.status]})`,
    );
  return {
    text: how,
    blocks: [
      { type: 'section', text: mrkdwn(how) },
      { type: 'section', text: mrkdwn(`*${countIncidents(open.length)}*`) },
      ...buildLineSections(lines),
      ...(open.length > lines.length ? [buildMoreLine(open.length - lines.length)] : []),
    ],
  };
};
