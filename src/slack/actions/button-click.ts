import { z } from 'zod';

const ZButtonClick = z.object({
  trigger_id: z.string(),
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }).nullish(),
  actions: z.array(z.object({ value: z.string() })).min(1),
});

/** A click on one of sitrep's buttons: what its value carries, who clicked, where, and the trigger for a form. */
export type ButtonClick<T> = { value: T; userId: string; channelId?: string; triggerId: string };

/** The click in a block action's payload; undefined when the payload or the button's value is not one. Never throws. */
export const readButtonClick = <T>({
  body,
  readValue,
}: {
  body: unknown;
  readValue: (value: string | undefined) => T | undefined;
}): ButtonClick<T> | undefined => {
  const parsed = ZButtonClick.safeParse(body);
  if (!parsed.success) return undefined;
  const value = readValue(parsed.data.actions[0]?.value);
  if (value === undefined) return undefined;
  const channelId = parsed.data.channel?.id;
  return {
    value,
    userId: parsed.data.user.id,
    triggerId: parsed.data.trigger_id,
    ...(channelId === undefined ? {} : { channelId }),
  };
};
