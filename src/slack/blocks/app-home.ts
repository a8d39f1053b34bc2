import type { HomeView, KnownBlock } from '@slack/types';
import type { IncidentView, Severity } from '../../domain/incident/incident.ts';
import { STATUS_LABELS } from '../../domain/incident/incident.ts';
import { ACTIONS } from '../ids.ts';
import {
  buildLineSections,
  formatSlackDate,
  labelSeverity,
  linkChannel,
  measureIncidentDuration,
  mentionUser,
  mrkdwn,
  plainText,
  STATUS_EMOJI,
  sortOpenIncidents,
  truncateMrkdwn,
} from './format.ts';

export type HomeActionItem = { title: string; incidentNumber: number; dueAt: Date | null; overdue: boolean };

export type AppHomeOptions = {
  incidents: IncidentView[];
  severities: Severity[];
  now: Date;
  viewerId: string;
  actions: HomeActionItem[];
  /** For clients that cannot render Slack's date token; each reader otherwise sees due dates in their own zone. */
  teamTimeZone?: string;
};

// A Home tab holds 100 blocks: a few headings and buttons, one section per incident, action items a few to a section.
const MAX_INCIDENTS = 40;
const MAX_ACTIONS = 100;

const describeLead = (incident: IncidentView, viewerId: string): string => {
  const lead = incident.roles.lead;
  if (lead === undefined) return 'no lead';
  return lead === viewerId ? `lead ${mentionUser(lead)} (you)` : `lead ${mentionUser(lead)}`;
};

const buildMoreLine = (count: number): KnownBlock => ({ type: 'context', elements: [mrkdwn(`…and ${count} more.`)] });

/** The Home tab: a button to declare, the open incidents most severe first, and the viewer's open action items. */
export const buildAppHome = ({
  incidents,
  severities,
  now,
  viewerId,
  actions,
  teamTimeZone = 'UTC',
}: AppHomeOptions): HomeView => {
  const open = sortOpenIncidents(incidents);
  const shownIncidents = open.slice(0, MAX_INCIDENTS);
  const incidentBlocks: KnownBlock[] =
    open.length === 0
      ? [{ type: 'section', text: mrkdwn('No open incidents. :tada:') }]
      : [
          ...shownIncidents.map((incident): KnownBlock => {
            const details = [
              labelSeverity(incident.severity, severities),
              STATUS_LABELS[incident.status],
              describeLead(incident, viewerId),
              `for ${measureIncidentDuration(incident, now)}`,
              linkChannel(incident.channelId),
            ];
            const title = `${STATUS_EMOJI[incident.status]} *Incident ${incident.number}: ${truncateMrkdwn(incident.title, 500)}*`;
            return { type: 'section', text: mrkdwn(`${title}\n${details.join(' · ')}`) };
          }),
          ...(open.length > shownIncidents.length ? [buildMoreLine(open.length - shownIncidents.length)] : []),
        ];

  // Overdue first, then the soonest due; items without a due date last.
  const sortedActions = actions.toSorted(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY),
  );
  const shownActions = sortedActions.slice(0, MAX_ACTIONS);
  const actionLines = shownActions.map((action) => {
    const due =
      action.dueAt === null
        ? 'no due date'
        : `${action.overdue ? ':warning: overdue, was due' : 'due'} ${formatSlackDate(action.dueAt, teamTimeZone)}`;
    return `• ${truncateMrkdwn(action.title, 300)} — incident ${action.incidentNumber} · ${due}`;
  });
  const actionBlocks: KnownBlock[] =
    actions.length === 0
      ? [{ type: 'section', text: mrkdwn('Nothing assigned to you.') }]
      : [
          ...buildLineSections(actionLines),
          ...(actions.length > shownActions.length ? [buildMoreLine(actions.length - shownActions.length)] : []),
        ];

  return {
    type: 'home',
    blocks: [
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTIONS.openDeclareModal,
            text: plainText('Declare an incident'),
            style: 'primary',
          },
        ],
      },
      { type: 'header', text: plainText(open.length === 0 ? 'Open incidents' : `Open incidents (${open.length})`) },
      ...incidentBlocks,
      { type: 'divider' },
      { type: 'header', text: plainText('Your open action items') },
      ...actionBlocks,
    ],
  };
};
