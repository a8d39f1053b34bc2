import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { SlackContext } from '../context.ts';

const PUSHPIN = 'pushpin';

const ZReactionEvent = z.object({
  reaction: z.string(),
  item: z.object({ type: z.literal('message'), channel: z.string(), ts: z.string() }),
});

/** 📌 on a message in an incident channel puts it on the timeline; taking the last 📌 off takes it away. */
export const registerPushpinReactions = (app: App, context: SlackContext): void => {
  app.event('reaction_added', async ({ event }) => {
    const parsed = ZReactionEvent.safeParse(event);
    if (!parsed.success || parsed.data.reaction !== PUSHPIN) return;
    await context.timeline.captureReaction({ channelId: parsed.data.item.channel, ts: parsed.data.item.ts });
  });
  app.event('reaction_removed', async ({ event }) => {
    const parsed = ZReactionEvent.safeParse(event);
    if (!parsed.success || parsed.data.reaction !== PUSHPIN) return;
    await context.timeline.releaseReaction({ channelId: parsed.data.item.channel, ts: parsed.data.item.ts });
  });
};
