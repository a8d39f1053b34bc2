import { z } from 'zod';
import { readRetryAfterMs, ServiceError } from '../../../domain/outbox/service-error.ts';

/** An Events API v2 event, as PagerDuty documents it (only the fields sitrep sends). */
export type PagerDutyEvent =
  | {
      routing_key: string;
      event_action: 'trigger';
      dedup_key: string;
      payload: {
        summary: string;
        source: string;
        severity: 'critical' | 'error' | 'warning' | 'info';
        component: string;
        custom_details: Record<string, string | number>;
      };
      client: string;
      links: { href: string; text: string }[];
    }
  | { routing_key: string; event_action: 'resolve'; dedup_key: string };

/** PagerDuty did not take an event (see `ServiceError`: transient, or the event is wrong: a bad routing key or field). */
export class PagerDutyError extends ServiceError {
  override name = 'PagerDutyError';
}

// PagerDuty answers within a second or two; a hung connection must not hold the outbox's claim.
const REQUEST_TIMEOUT_MS = 10_000;

const ZRefusal = z.looseObject({ message: z.string().optional(), errors: z.array(z.string()).optional() });

const describeRefusal = async (response: Response): Promise<string> => {
  const body = ZRefusal.safeParse(await response.json().catch(() => undefined)).data;
  const details = [body?.message, ...(body?.errors ?? [])].filter((part) => part !== undefined && part !== '');
  return `PagerDuty answered ${response.status}${details.length > 0 ? `: ${details.join('; ')}` : ''}`;
};

/**
 * Sends one event to the Events API v2 (`eventsUrl`, https://events.pagerduty.com/v2/enqueue). Returns once PagerDuty
 * accepted it (202); throws a `PagerDutyError` otherwise. The routing key never appears in an error.
 */
export const sendPagerDutyEvent = async ({
  eventsUrl,
  event,
  now,
}: {
  eventsUrl: string;
  event: PagerDutyEvent;
  now: () => Date;
}): Promise<void> => {
  let response: Response;
  try {
    // Looked up at each call, so a test's interceptor is the one used.
    response = await globalThis.fetch(eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const reason = error instanceof Error ? `${error.message}${cause}` : String(error);
    throw new PagerDutyError(`PagerDuty could not be reached: ${reason}`, { transient: true });
  }
  if (response.status === 202) {
    await response.body?.cancel();
    return;
  }
  const transient = response.status === 429 || response.status >= 500;
  const retryAfterMs = readRetryAfterMs(response.headers.get('retry-after'), now());
  throw new PagerDutyError(await describeRefusal(response), {
    transient,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
};
