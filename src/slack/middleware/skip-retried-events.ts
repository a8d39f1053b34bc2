import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/** The Slack event ids already handled, shared by every replica (main.ts passes the processed-event store). */
export type ProcessedEvents = {
  hasProcessed: (eventId: string) => Promise<boolean>;
  /** Recording an id again is a no-op. */
  markProcessed: (eventId: string) => Promise<void>;
};

/**
 * Slack redelivers an event when it does not hear back in time (X-Slack-Retry-Num) with the same event_id. A
 * delivery already handled is skipped. The id is recorded only after the listeners finish, so a redelivery that
 * arrives while the first is still being handled runs too: listeners stay idempotent for that overlap. Bolt answers
 * 200 before the listeners run, so an event whose handling crashed is not sent again.
 */
export const skipRetriedEvents =
  (processed: ProcessedEvents): Middleware<AnyMiddlewareArgs> =>
  async ({ body, next }) => {
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    if (eventId === undefined) {
      await next();
      return;
    }
    if (await processed.hasProcessed(eventId)) return;
    await next();
    await processed.markProcessed(eventId);
  };
