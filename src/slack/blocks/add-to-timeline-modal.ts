import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { IncidentView } from '../../domain/incident/incident.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.ts';
import { mrkdwn, plainText } from './format.ts';
import { buildOption, MAX_OPTIONS, readField, ZStaticSelect } from './modal-fields.ts';

// The form behind "Add to incident timeline" outside an incident channel: which open incident the message goes to.

/** Where the message is, carried through the modal that asks which incident. */
const ZAddToTimelineMessage = z.object({
  channelId: z.string(),
  ts: z.string(),
  text: z.string(),
  userId: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), url: z.string() })),
});
type TAddToTimelineMessage = z.infer<typeof ZAddToTimelineMessage>;

/** Slack allows 3,000 characters of private metadata; a longer message is read again from Slack on submit. */
const MAX_METADATA = 3_000;

const optionOf = (incident: IncidentView) =>
  buildOption({ text: `${incident.number}: ${incident.title}`, value: String(incident.number) });

export const buildAddToTimelineModal = ({
  incidents,
  message,
}: {
  incidents: IncidentView[];
  message: TAddToTimelineMessage;
}): ModalView => {
  const whole = JSON.stringify(message);
  const privateMetadata = whole.length <= MAX_METADATA ? whole : JSON.stringify({ ...message, text: '', files: [] });
  const [only] = incidents.length === 1 ? incidents : [];
  return {
    type: 'modal',
    callback_id: VIEWS.addToTimeline,
    private_metadata: privateMetadata,
    title: plainText('Add to timeline'),
    submit: plainText('Add'),
    close: plainText('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: BLOCKS.timelineIncident,
        label: plainText('Which incident?'),
        element: {
          type: 'static_select',
          action_id: ACTIONS.timelineIncident,
          options: incidents.slice(0, MAX_OPTIONS).map(optionOf),
          ...(only === undefined ? {} : { initial_option: optionOf(only) }),
        },
      },
      {
        type: 'context',
        elements: [mrkdwn('The message goes on that incident’s timeline at the time it was posted.')],
      },
    ],
  };
};

/** The incident number picked, or undefined when none is. Never throws. */
export const readAddToTimelineIncident = (values: unknown): number | undefined => {
  const picked = readField({ values, field: 'timelineIncident', schema: ZStaticSelect })?.selected_option?.value;
  const number = Number(picked);
  return Number.isInteger(number) ? number : undefined;
};

/** The message the modal carries; throws on metadata sitrep did not write. */
export const readAddToTimelineMessage = (privateMetadata: string): TAddToTimelineMessage =>
  ZAddToTimelineMessage.parse(JSON.parse(privateMetadata));
