import type { InputBlock, ModalView } from '@slack/types';
import { IMPACT_LOOKBACK_DAYS, isBeyondImpactLookback } from '../../domain/impact/impact-lookback.ts';
import type { ImpactWindow } from '../../domain/impact/impact-window.ts';
import type { IncidentView } from '../../domain/incident/incident.ts';
import { describeFormLookbackRefusal } from '../../domain/slack-lines/impact-lines.ts';
import { formatInZone } from '../../domain/time/wall-clock.ts';
import { versionOpenWindows } from '../../flows/open-windows-version.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.ts';
import { LIMITS, mrkdwn, plainText, truncateText } from './format.ts';
import { CLOCK_SKEW_MS, type FormErrors, readElement, ZDatetimepicker } from './modal-fields.ts';
import { encodeResolveRequest, REQUEST_LIMITS, type TResolveRequest } from './resolve-request.ts';

// The form behind Edit on the resolve question: one date and time per open impact window, each defaulting to now.

export type CloseWindowsModalOptions = {
  incident: IncidentView;
  open: ImpactWindow[];
  now: Date;
  /** What the resolve question carried (message, where to answer). */
  request: TResolveRequest;
  teamTimeZone: string;
};

// Each listed window takes about 90 of the 3,000 characters of private metadata; any more end at the resolve time.
const MAX_WINDOWS = 25;

const blockIdOf = (windowId: string): string => `${BLOCKS.impactEndPrefix}${windowId}`;

export const buildCloseWindowsModal = ({
  incident,
  open,
  now,
  request,
  teamTimeZone,
}: CloseWindowsModalOptions): ModalView => {
  const shown = open.slice(0, MAX_WINDOWS);
  const blocks: ModalView['blocks'] = [
    {
      type: 'section',
      text: mrkdwn(`When did the impact of incident ${incident.number} end? Submitting resolves the incident.`),
    },
    ...shown.map(
      (window): InputBlock => ({
        type: 'input',
        block_id: blockIdOf(window.id),
        label: plainText(
          truncateText(`${window.kind === 'outage' ? 'Outage' : 'Degraded'}: ${window.service}`, LIMITS.field),
        ),
        element: {
          type: 'datetimepicker',
          action_id: ACTIONS.impactEnd,
          initial_date_time: Math.floor(now.getTime() / 1000),
        },
        // The picker shows each person's own Slack time zone, which may not be the team's.
        hint: plainText(
          truncateText(
            `Started ${formatInZone(window.startedAt, teamTimeZone)} (${teamTimeZone}). The picker is in your own Slack time zone.`,
            LIMITS.field,
          ),
        ),
      }),
    ),
  ];
  return {
    type: 'modal',
    callback_id: VIEWS.closeImpactWindows,
    title: plainText('End impact and resolve'),
    submit: plainText('Resolve'),
    close: plainText('Cancel'),
    private_metadata: encodeResolveRequest(
      {
        ...request,
        openWindows: versionOpenWindows(open.map((window) => window.id)),
        starts: Object.fromEntries(shown.map((window) => [window.id, window.startedAt.getTime()])),
      },
      REQUEST_LIMITS.privateMetadata,
    ),
    blocks,
  };
};

export type CloseWindowsInput = { ends: Map<string, Date> } | FormErrors;

/**
 * Reads the submitted ends, one per window the form listed (`request.starts`): each must be set, not before the
 * window started, not in the future and within the lookback. Never throws.
 */
export const readCloseWindowsModal = (
  values: unknown,
  { request, now }: { request: TResolveRequest; now: Date },
): CloseWindowsInput => {
  const ends = new Map<string, Date>();
  const errors: Record<string, string> = {};
  for (const [windowId, startedAt] of Object.entries(request.starts ?? {})) {
    const blockId = blockIdOf(windowId);
    const picked = readElement({ values, blockId, actionId: ACTIONS.impactEnd, schema: ZDatetimepicker });
    const seconds = picked?.selected_date_time;
    if (seconds === undefined || seconds === null) {
      errors[blockId] = 'Pick when the impact ended.';
      continue;
    }
    // Compared as numbers before any Date is made, so an absurd value is an error, never an Invalid Date.
    const milliseconds = seconds * 1000;
    if (milliseconds > now.getTime() + CLOCK_SKEW_MS) errors[blockId] = 'The impact cannot end in the future.';
    else if (milliseconds < startedAt) errors[blockId] = 'The impact cannot end before it started.';
    else if (isBeyondImpactLookback({ at: milliseconds, now })) {
      errors[blockId] = describeFormLookbackRefusal(IMPACT_LOOKBACK_DAYS);
    } else ends.set(windowId, new Date(milliseconds));
  }
  return Object.keys(errors).length > 0 ? { errors } : { ends };
};
