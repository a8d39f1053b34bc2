import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { SlackContext } from '../context.ts';
import { readFiles, ZSlackMessage } from '../slack-reader.ts';

const ZMessageChanged = z.object({
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: ZSlackMessage.extend({ ts: z.string() }),
});

const ZMessageDeleted = z.object({
  subtype: z.literal('message_deleted'),
  channel: z.string(),
  deleted_ts: z.string(),
});

/** Captured messages follow the message: an edit changes the entry, a deletion hides it (kept for audit). */
export const registerMessageChanges = (app: App, context: SlackContext): void => {
  app.event('message', async ({ event }) => {
    const changed = ZMessageChanged.safeParse(event);
    if (changed.success) {
      const { channel, message } = changed.data;
      await context.timeline.messageChanged({
        channelId: channel,
        ts: message.ts,
        text: message.text ?? '',
        files: readFiles(message.files),
      });
      return;
    }
    const deleted = ZMessageDeleted.safeParse(event);
    if (deleted.success) {
      await context.timeline.messageDeleted({ channelId: deleted.data.channel, ts: deleted.data.deleted_ts });
    }
  });
};
