import type { Button } from '@slack/types';
import { slackTime } from '../../domain/slack-lines/incident-lines.ts';
import { versionOpenWindows } from '../../flows/open-windows-version.ts';
import type { ResolveStart } from '../../flows/resolve-flows.ts';
import { ACTIONS } from '../ids.ts';
import { mrkdwn, plainText, type SlackMessage, truncateMrkdwn } from './format.ts';
import { buildFinalUpdateButton } from './publish-update-modal.ts';
import { encodeResolveRequest, REQUEST_LIMITS } from './resolve-request.ts';

export type ResolvePromptOptions = {
  start: Exclude<ResolveStart, { kind: 'resolved' }>;
  /** What the person wrote after `/incident resolve`, carried to the resolution. */
  message?: string;
};

// A prompt lists at most this many windows, each service cut to a few words, so the section stays well within 3,000
// characters; any more are summed up (the buttons still close them all).
const MAX_WINDOWS_LISTED = 15;
const MAX_SERVICE = 60;

const button = ({
  text,
  actionId,
  value,
  primary,
}: {
  text: string;
  actionId: string;
  value: string;
  primary: boolean;
}): Button => ({
  type: 'button',
  text: plainText(text),
  action_id: actionId,
  value,
  ...(primary ? { style: 'primary' as const } : {}),
});

/**
 * The ephemeral question `/incident resolve` answers with instead of resolving: with open impact windows, Confirm
 * (close them now and resolve) or Edit (pick when each ended); with no impact recorded, "No customer impact" or
 * "Record impact". The buttons carry the incident, the message and the windows shown.
 */
export const buildResolvePrompt = ({ start, message }: ResolvePromptOptions): SlackMessage => {
  const { incident } = start;
  const open = start.kind === 'close_windows' ? start.open : [];
  const value = encodeResolveRequest(
    {
      incidentId: incident.id,
      openWindows: versionOpenWindows(open.map((window) => window.id)),
      ...(message === undefined ? {} : { message }),
    },
    REQUEST_LIMITS.buttonValue,
  );
  if (start.kind === 'ask_impact') {
    const text = `Before incident ${incident.number} is resolved: was there customer impact? None is recorded.`;
    return {
      text,
      blocks: [
        { type: 'section', text: mrkdwn(text) },
        {
          type: 'actions',
          elements: [
            button({ text: 'No customer impact', actionId: ACTIONS.resolveWithoutImpact, value, primary: true }),
            button({ text: 'Record impact', actionId: ACTIONS.recordImpact, value, primary: false }),
          ],
        },
      ],
    };
  }
  const listed = open
    .slice(0, MAX_WINDOWS_LISTED)
    .map(
      (window) =>
        `• ${window.kind} of ${truncateMrkdwn(window.service, MAX_SERVICE)} since ${slackTime(window.startedAt)}`,
    );
  const more = open.length > MAX_WINDOWS_LISTED ? [`• and ${open.length - MAX_WINDOWS_LISTED} more`] : [];
  const text = `Incident ${incident.number} still has impact open. Confirm ends it now and resolves the incident; Edit lets you set when it ended.`;
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`${text}\n${[...listed, ...more].join('\n')}`) },
      {
        type: 'actions',
        elements: [
          button({ text: 'Confirm', actionId: ACTIONS.confirmResolve, value, primary: true }),
          button({ text: 'Edit', actionId: ACTIONS.editImpactEnds, value, primary: false }),
        ],
      },
    ],
  };
};

/** What the person who resolved is told. */
export const describeResolvedForAuthor = (incidentNumber: number): string =>
  `Incident ${incidentNumber} is resolved. :white_check_mark:`;

/** An answer with or without buttons; a plain one is text alone. */
export type ResolvedAnswer = { text: string; blocks?: SlackMessage['blocks'] };

/**
 * The answer to a resolution; when customers were told about the incident on the status page, it asks whether to
 * tell them it is over, with a button that opens the final update's form.
 */
export const buildResolvedAnswer = ({
  incident,
  offerFinalUpdate,
}: {
  incident: { id: string; number: number };
  offerFinalUpdate: boolean;
}): ResolvedAnswer => {
  const resolved = describeResolvedForAuthor(incident.number);
  if (!offerFinalUpdate) return { text: resolved };
  const text = `${resolved} The status page still shows it as ongoing: post a final public update?`;
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(text) },
      { type: 'actions', elements: [buildFinalUpdateButton(incident.id)] },
    ],
  };
};
