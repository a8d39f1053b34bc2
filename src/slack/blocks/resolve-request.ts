import { z } from 'zod';
import { truncateText } from './format.ts';
import { readJson } from './read-json.ts';

/**
 * What a resolve question carries from `/incident resolve` to the button clicked and the form submitted (in a
 * button's `value`, then a modal's `private_metadata`): which incident, the resolve message, a version of the open
 * windows the person saw (so a click after they changed resolves nothing; the windows themselves are re-read, as 60
 * of their ids would not fit) and where to answer after a form.
 */
const ZResolveRequest = z.object({
  incidentId: z.uuid(),
  message: z.string().optional(),
  /** `versionOpenWindows` of the windows open when the question was asked. */
  openWindows: z.string().max(64),
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
export const readResolveRequest = (text: unknown): TResolveRequest | undefined =>
  readJson({ schema: ZResolveRequest, text });
