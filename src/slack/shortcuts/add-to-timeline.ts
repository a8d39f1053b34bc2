import type { App } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { IncidentView } from '../../domain/incident/incident.ts';
import { mrkdwn, plainText, truncateText } from '../blocks/format.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS, BLOCKS, SHORTCUTS, VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';
import { readFiles, ZSlackMessage } from '../slack-reader.ts';

const ZShortcut = z.object({
  channel: z.object({ id: z.string() }),
  message_ts: z.string(),
  message: ZSlackMessage,
  trigger_id: z.string(),
  response_url: z.string(),
});

/** Where the message is, carried through the modal that asks which incident. */
const ZMetadata = z.object({
  channelId: z.string(),
  ts: z.string(),
  text: z.string(),
  userId: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), url: z.string() })),
});
type TMetadata = z.infer<typeof ZMetadata>;

const ZSubmission = z.object({
  [BLOCKS.timelineIncident]: z.object({
    [ACTIONS.timelineIncident]: z.object({ selected_option: z.object({ value: z.string() }).nullable() }),
  }),
});

/** Slack allows 3,000 characters of private metadata; a longer message is read again from Slack on submit. */
const MAX_METADATA = 3_000;

const buildChooseIncidentModal = (incidents: IncidentView[], metadata: TMetadata): ModalView => {
  const whole = JSON.stringify(metadata);
  const privateMetadata = whole.length <= MAX_METADATA ? whole : JSON.stringify({ ...metadata, text: '', files: [] });
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
          options: incidents.slice(0, 100).map((incident) => ({
            text: plainText(truncateText(`${incident.number}: ${incident.title}`, 75)),
            value: String(incident.number),
          })),
          ...(incidents.length === 1 && incidents[0]
            ? {
                initial_option: {
                  text: plainText(truncateText(`${incidents[0].number}: ${incidents[0].title}`, 75)),
                  value: String(incidents[0].number),
                },
              }
            : {}),
        },
      },
      {
        type: 'context',
        elements: [mrkdwn('The message goes on that incident’s timeline at the time it was posted.')],
      },
    ],
  };
};

/**
 * "Add to incident timeline" on any message. In an incident channel it is added there and then; elsewhere a modal
 * asks which open incident. Running it twice on the same message adds it once.
 */
export const registerAddToTimelineShortcut = (app: App, context: SlackContext): void => {
  app.shortcut(SHORTCUTS.addToTimeline, async ({ ack, shortcut, client, respond }) => {
    await ack();
    const parsed = ZShortcut.safeParse(shortcut);
    if (!parsed.success) return;
    const { channel, message, message_ts: ts, trigger_id: triggerId } = parsed.data;
    const read = { text: message.text ?? '', userId: message.user ?? null, files: readFiles(message.files) };
    try {
      const here = await context.flows.findIncidentOfChannel(channel.id);
      if (here) {
        const { incident, created } = await context.timeline.captureShortcut(
          { channelId: channel.id, number: here.number },
          { channelId: channel.id, ts, message: read },
        );
        await respond({
          response_type: 'ephemeral',
          text: created
            ? `Added to the timeline of incident ${incident.number}.`
            : `That message is already on the timeline of incident ${incident.number}.`,
        });
        return;
      }
      const open = await context.flows.listOpen();
      if (open.length === 0) {
        await respond({ response_type: 'ephemeral', text: 'There is no open incident to add this message to.' });
        return;
      }
      await client.views.open({
        trigger_id: triggerId,
        view: buildChooseIncidentModal(open, { channelId: channel.id, ts, ...read }),
      });
    } catch (error) {
      await respond({ response_type: 'ephemeral', text: describeFailure(error, context.logger) });
    }
  });

  app.view(VIEWS.addToTimeline, async ({ ack, view, body, client }) => {
    const values = ZSubmission.safeParse(view.state.values);
    const number = Number(
      values.success
        ? values.data[BLOCKS.timelineIncident][ACTIONS.timelineIncident].selected_option?.value
        : Number.NaN,
    );
    if (!Number.isInteger(number)) {
      await ack({ response_action: 'errors', errors: { [BLOCKS.timelineIncident]: 'Pick the incident.' } });
      return;
    }
    await ack();
    let text: string;
    try {
      const metadata = ZMetadata.parse(JSON.parse(view.private_metadata));
      const message =
        metadata.text === '' && metadata.files.length === 0
          ? await context.timeline.readMessage({ channelId: metadata.channelId, ts: metadata.ts })
          : { text: metadata.text, userId: metadata.userId, files: metadata.files };
      const { incident, created } = await context.timeline.captureShortcut(
        { channelId: metadata.channelId, number },
        { channelId: metadata.channelId, ts: metadata.ts, message },
      );
      text = created
        ? `Added the message to the timeline of incident ${incident.number}.`
        : `That message is already on the timeline of incident ${incident.number}.`;
    } catch (error) {
      text = describeFailure(error, context.logger);
    }
    await client.chat.postMessage({ channel: body.user.id, text });
  });
};
