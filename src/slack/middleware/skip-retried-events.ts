import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { ProcessedEventStore } from '../../store/processed-event-store.ts';

/**
 * Slack redelivers an event when it does not hear back in time (X-Slack-Retry-Num) with the same event_id. A
 * delivery already handled is skipped. The id is recorded only after the listeners finish, so a redelivery that
 * arrives while the first is still being handled runs too: listeners stay idempotent for that overlap. Bolt answers
 * 200 before the listeners run, so an event whose handling crashed is not sent again.
 */
export const skipRetriedEvents =
  (store: ProcessedEventStore): Middleware<AnyMiddlewareArgs> =>
  async ({ body, next }) => {
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    if (eventId === undefined) {
      await next();
      return;
    }
    if (await store.hasProcessed(eventId)) return;
    await next();
    await store.markProcessed(eventId);
  };
