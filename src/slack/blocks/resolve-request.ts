import { z } from 'zod';
import { truncateText } from './format.ts';

/**
 * What a resolve question carries from `/incident resolve` to the button clicked and the form submitted (in a
 * button's `value`, then a modal's `private_metadata`): which incident, the resolve message, the open windows the
 * person saw (so a click after they changed resolves nothing) and where to answer after a form.
 */
export const ZResolveRequest = z.object({
  incidentId: z.uuid(),
  message: z.string().optional(),
  windowIds: z.array(z.uuid()),
  channelId: z.string().optional(),
  /** For the form that ends open windows: when each started (ms since the epoch), to check the ends picked. */
  starts: z.record(z.uuid(), z.number()).optional(),
});
export type TResolveRequest = z.infer<typeof ZResolveRequest>;

/** Slack's limits: 2,000 characters for a button's value, 3,000 for a modal's private metadata. */
export const REQUEST_LIMITS = { buttonValue: 2000, privateMetadata: 3000 } as const;

/** The request as JSON of at most `max` characters, cutting the message (only) to fit. */
export const encodeResolveRequest = (request: TResolveRequest, max: number): string => {
  let { message, ...rest } = request;
  for (;;) {
    const encoded = JSON.stringify(message === undefined ? rest : { ...rest, message });
    if (encoded.length <= max || message === undefined) return encoded;
    const shorter = truncateText(message, message.length - (encoded.length - max) - 1);
    message = shorter === '' ? undefined : shorter;
  }
};

/** The request a button or a form carried; undefined when it is not one (never throws). */
export const readResolveRequest = (text: unknown): TResolveRequest | undefined => {
  if (typeof text !== 'string') return undefined;
  try {
    const parsed = ZResolveRequest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

const ZResolveClick = z.object({
  trigger_id: z.string(),
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }).nullish(),
  actions: z.array(z.object({ value: z.string() })).min(1),
});

/** A click on one of the resolve question's buttons; undefined when the payload is not one (never throws). */
export type ResolveClick = { request: TResolveRequest; userId: string; channelId?: string; triggerId: string };

export const readResolveClick = (body: unknown): ResolveClick | undefined => {
  const parsed = ZResolveClick.safeParse(body);
  if (!parsed.success) return undefined;
  const request = readResolveRequest(parsed.data.actions[0]?.value);
  if (request === undefined) return undefined;
  const channelId = parsed.data.channel?.id;
  return {
    request,
    userId: parsed.data.user.id,
    triggerId: parsed.data.trigger_id,
    ...(channelId === undefined ? {} : { channelId }),
  };
};
