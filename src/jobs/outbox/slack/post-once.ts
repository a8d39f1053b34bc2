import { z } from 'zod';
import type { SlackMessage } from '../../../slack/blocks/format.ts';
import { type PacedDeps, pace } from './slack-effect-deps.ts';

/** What posting once needs: Slack, the pace, and which outbox message is being delivered. */
type PostOnceDeps = Pick<PacedDeps, 'client' | 'pacer' | 'now' | 'ticket' | 'delivery'>;

/** The metadata event type of a message the outbox posted; its payload names the outbox message and the post. */
const SITREP_OUTBOX_EVENT = 'sitrep_outbox';

const ZOutboxMetadata = z.object({
  event_type: z.literal(SITREP_OUTBOX_EVENT),
  event_payload: z.object({ outbox_id: z.string(), part: z.string() }),
});

/** How far back a retry looks for its own post: a retry comes soon, and an incident channel is not that busy. */
const HISTORY_LOOKBACK = 200;

export type PostOnceOptions = {
  channel: string;
  text: string;
  blocks?: SlackMessage['blocks'];
  /** Which post of the effect this is (`line`, `summary`…): one effect may post more than once. */
  part: string;
};

/**
 * The ts of this effect's post in the channel, when an earlier try posted it: that try's answer may have been lost (a
 * timeout, a crash right after sending, a lease run out), and a retry must not post it twice.
 */
const findEarlierPost = async (
  deps: PostOnceDeps,
  { channel, outboxId, part }: { channel: string; outboxId: string; part: string },
): Promise<string | undefined> => {
  const history = await deps.client.conversations.history({
    channel,
    limit: HISTORY_LOOKBACK,
    include_all_metadata: true,
  });
  const earlier = (history.messages ?? []).find((message) => {
    const payload = ZOutboxMetadata.safeParse(message.metadata).data?.event_payload;
    return payload?.outbox_id === outboxId && payload.part === part;
  });
  return earlier?.ts;
};

/**
 * Posts a message for the outbox at most once: tagged with the outbox message's id in Slack metadata, and on a retry
 * looked for in the channel first. Returns the message's ts, the earlier post's when there was one.
 */
export const postOnce = async (
  deps: PostOnceDeps,
  { channel, text, blocks, part }: PostOnceOptions,
): Promise<string> => {
  const { delivery } = deps;
  // The turn first: a try handed back to wait for it would otherwise read the channel's history for nothing.
  pace(deps, 'chat.postMessage', channel);
  if (delivery?.retried) {
    const ts = await findEarlierPost(deps, { channel, outboxId: delivery.outboxId, part });
    if (ts) return ts;
  }
  const posted = await deps.client.chat.postMessage({
    channel,
    text,
    ...(blocks ? { blocks } : {}),
    ...(delivery
      ? { metadata: { event_type: SITREP_OUTBOX_EVENT, event_payload: { outbox_id: delivery.outboxId, part } } }
      : {}),
  });
  if (!posted.ts) throw new Error('chat.postMessage answered without a ts');
  return posted.ts;
};
