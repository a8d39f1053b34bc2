import type { App } from '@slack/bolt';
import { readAddToTimelineIncident, readAddToTimelineMessage } from '../blocks/add-to-timeline-modal.ts';
import type { SlackContext } from '../context.ts';
import { BLOCKS, VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';

/**
 * The "Add to timeline" form: the message goes on the incident picked, once however often it is submitted; the
 * outcome comes in a DM. A message too long for the form is read again from Slack.
 */
export const registerAddToTimelineView = (app: App, context: SlackContext): void => {
  app.view(VIEWS.addToTimeline, async ({ ack, view, body, client }) => {
    const number = readAddToTimelineIncident(view.state.values);
    if (number === undefined) {
      await ack({ response_action: 'errors', errors: { [BLOCKS.timelineIncident]: 'Pick the incident.' } });
      return;
    }
    await ack();
    let text: string;
    try {
      const metadata = readAddToTimelineMessage(view.private_metadata);
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
