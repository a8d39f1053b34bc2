import type { Button, ModalView } from '@slack/types';
import { z } from 'zod';
import { INCIDENT_STATUSES, type IncidentStatus, STATUS_LABELS } from '../../domain/incident/incident.ts';
import { checkPublicText, MAX_PUBLIC_TEXT, MAX_PUBLIC_TITLE } from '../../domain/status-page/public-update-rules.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.ts';
import { mrkdwn, plainText } from './format.ts';
import { buildOption, type FormErrors, readField, ZStaticSelect, ZTextInput } from './modal-fields.ts';

/** What the form carries to its submission: the incident, and where it was opened, to answer there. */
const ZPublishRequest = z.object({ incidentId: z.uuid(), channelId: z.string().min(1).optional() });
export type TPublishRequest = z.infer<typeof ZPublishRequest>;

/** The request in a button's value or a form's private metadata; undefined when it is not one. Never throws. */
export const readPublishRequest = (value: string | undefined): TPublishRequest | undefined => {
  if (value === undefined) return undefined;
  try {
    const parsed = ZPublishRequest.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** "Post a final public update", under the answer that says the incident is resolved. */
export const buildFinalUpdateButton = (incidentId: string): Button => ({
  type: 'button',
  text: plainText('Post a final public update'),
  action_id: ACTIONS.openFinalPublicUpdate,
  value: JSON.stringify({ incidentId } satisfies TPublishRequest),
  style: 'primary',
});

/** "Post a public update", on the pinned summary. */
export const buildPublishButton = (incidentId: string): Button => ({
  type: 'button',
  text: plainText('Post a public update'),
  action_id: ACTIONS.openPublishUpdate,
  value: JSON.stringify({ incidentId } satisfies TPublishRequest),
});

export type PublishModalOptions = {
  request: TPublishRequest;
  incidentNumber: number;
  publicTitle: string;
  text: string;
  status: IncidentStatus;
};

const statusOption = (status: IncidentStatus) => buildOption({ text: STATUS_LABELS[status], value: status });

/**
 * The form of a public update: the public title (filled with the incident's, or the neutral default), the text and
 * the status it states. It says plainly that customers read it, and shows nothing internal.
 */
export const buildPublishModal = ({
  request,
  incidentNumber,
  publicTitle,
  text,
  status,
}: PublishModalOptions): ModalView => ({
  type: 'modal',
  callback_id: VIEWS.publishUpdate,
  private_metadata: JSON.stringify(request),
  title: plainText('Public update'),
  submit: plainText('Publish'),
  close: plainText('Cancel'),
  blocks: [
    {
      type: 'section',
      text: mrkdwn(
        `For incident ${incidentNumber}. Customers read this on the status page: write it for them, without names, channels or internal details.`,
      ),
    },
    {
      type: 'input',
      block_id: BLOCKS.publishTitle,
      label: plainText('Public title'),
      element: {
        type: 'plain_text_input',
        action_id: ACTIONS.publishTitle,
        max_length: MAX_PUBLIC_TITLE,
        initial_value: publicTitle,
      },
    },
    {
      type: 'input',
      block_id: BLOCKS.publishText,
      label: plainText('Update'),
      element: {
        type: 'plain_text_input',
        action_id: ACTIONS.publishText,
        multiline: true,
        max_length: MAX_PUBLIC_TEXT,
        ...(text === '' ? {} : { initial_value: text }),
      },
    },
    {
      type: 'input',
      block_id: BLOCKS.publishStatus,
      label: plainText('Status'),
      element: {
        type: 'static_select',
        action_id: ACTIONS.publishStatus,
        options: INCIDENT_STATUSES.map(statusOption),
        initial_option: statusOption(status),
      },
    },
  ],
});

export type PublishInput = { title: string; text: string; status: IncidentStatus };

/** The title, text and status of a submitted form, or an error under each field that is wrong. */
export const readPublishModal = (values: unknown): PublishInput | FormErrors => {
  const title = readField({ values, field: 'publishTitle', schema: ZTextInput })?.value?.trim() ?? '';
  const text = readField({ values, field: 'publishText', schema: ZTextInput })?.value?.trim() ?? '';
  const picked = readField({ values, field: 'publishStatus', schema: ZStaticSelect })?.selected_option?.value;
  const status = INCIDENT_STATUSES.find((candidate) => candidate === picked);
  const errors: Record<string, string> = {};
  const titleProblem = checkPublicText({ text: title, what: 'public title', max: MAX_PUBLIC_TITLE });
  const textProblem = checkPublicText({ text, what: 'public update', max: MAX_PUBLIC_TEXT });
  if (titleProblem !== undefined) errors[BLOCKS.publishTitle] = titleProblem;
  if (textProblem !== undefined) errors[BLOCKS.publishText] = textProblem;
  if (status === undefined) errors[BLOCKS.publishStatus] = 'Pick the status customers should read.';
  return status === undefined || Object.keys(errors).length > 0 ? { errors } : { title, text, status };
};
