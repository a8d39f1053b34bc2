import type { HomeView, KnownBlock } from '@slack/types';
import type { IncidentView, Severity } from '../../domain/incident/incident.ts';
import { STATUS_LABELS } from '../../domain/incident/incident.ts';
import { ACTIONS } from '../ids.ts';
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
  plainText,
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
const MAX_ACTION_ITEMS = 100;

const describeLead = (incident: IncidentView, viewerId: string): string => {
  const lead = incident.roles.lead;
  if (lead === undefined) return 'no lead';
  return lead === viewerId ? `lead ${mentionUser(lead)} (you)` : `lead ${mentionUser(lead)}`;
};

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
            return buildIncidentSection({ incident, details });
          }),
          ...(open.length > shownIncidents.length ? [buildMoreLine(open.length - shownIncidents.length)] : []),
        ];

  // Overdue first, then the soonest due; items without a due date last.
  const sortedActionItems = actions.toSorted(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY),
  );
  const shownActionItems = sortedActionItems.slice(0, MAX_ACTION_ITEMS);
  const actionItemLines = shownActionItems.map((actionItem) => {
    const due =
      actionItem.dueAt === null
        ? 'no due date'
        : `${actionItem.overdue ? ':warning: overdue, was due' : 'due'} ${formatSlackDate(actionItem.dueAt, teamTimeZone)}`;
    return `• ${truncateMrkdwn(actionItem.title, 300)} — incident ${actionItem.incidentNumber} · ${due}`;
  });
  const actionItemBlocks: KnownBlock[] =
    actions.length === 0
      ? [{ type: 'section', text: mrkdwn('Nothing assigned to you.') }]
      : [
          ...buildLineSections(actionItemLines),
          ...(actions.length > shownActionItems.length
            ? [buildMoreLine(actions.length - shownActionItems.length)]
            : []),
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
      ...actionItemBlocks,
    ],
  };
};
