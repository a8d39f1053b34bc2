import type { App } from '@slack/bolt';
import { z } from 'zod';
import { buildAddToTimelineModal } from '../blocks/add-to-timeline-modal.ts';
import type { SlackContext } from '../context.ts';
import { SHORTCUTS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';
import { readFiles, ZSlackMessage } from '../slack-reader.ts';

const ZShortcut = z.object({
  channel: z.object({ id: z.string() }),
  message_ts: z.string(),
  message: ZSlackMessage,
  trigger_id: z.string(),
  response_url: z.string(),
});

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
        view: buildAddToTimelineModal({ incidents: open, message: { channelId: channel.id, ts, ...read } }),
      });
    } catch (error) {
      await respond({ response_type: 'ephemeral', text: describeFailure(error, context.logger) });
    }
  });
};
