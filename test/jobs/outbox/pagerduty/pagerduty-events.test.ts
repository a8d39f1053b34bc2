import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeOutboxFailure } from '../../../../src/jobs/outbox/judge-outbox-failure.ts';
import { sendPagerDutyEvent } from '../../../../src/jobs/outbox/pagerduty/pagerduty-events.ts';

const URL = 'https://events.pagerduty.test/v2/enqueue';
const UNREACHABLE = 'http://127.0.0.1:9/v2/enqueue';
const NOW = new Date('2026-12-07T09:00:00Z');
const KEY = '0123456789abcdef0123456789abcdef';
const EVENT = { routing_key: KEY, event_action: 'resolve', dedup_key: 'sitrep-1-search' } as const;

const answers: Response[] = [];
const server = setupServer(
  http.post(URL, () => answers.shift() ?? HttpResponse.json({ status: 'success' }, { status: 202 })),
  http.all(UNREACHABLE, () => HttpResponse.error()),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

/** What the outbox's judge makes of PagerDuty answering `response`. */
const judged = async (eventsUrl: string, response?: Response) => {
  if (response) answers.push(response);
  const error = await sendPagerDutyEvent({ eventsUrl, event: EVENT, now: () => NOW }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  return error === undefined ? 'delivered' : judgeOutboxFailure(error);
};

describe('a PagerDuty answer, as the outbox judges it', () => {
  it.each([
    ['delivers on 202', new Response(null, { status: 202 }), 'delivered'],
    [
      'retries a 429 after its Retry-After in seconds',
      HttpResponse.json({ status: 'error' }, { status: 429, headers: { 'retry-after': '30' } }),
      { retry: true, afterMs: 30_000, reason: 'PagerDuty answered 429' },
    ],
    [
      'retries a 503 after its Retry-After as a date',
      new Response('', { status: 503, headers: { 'retry-after': 'Mon, 07 Dec 2026 09:01:00 GMT' } }),
      { retry: true, afterMs: 60_000, reason: 'PagerDuty answered 503' },
    ],
    [
      'retries a 500 on the backoff',
      new Response('', { status: 500 }),
      { retry: true, afterMs: undefined, reason: 'PagerDuty answered 500' },
    ],
    [
      'holds a 400 with PagerDuty’s errors, never pausing Slack',
      HttpResponse.json(
        { status: 'invalid event', message: 'Event object is invalid', errors: ["'dedup_key' is missing or blank"] },
        { status: 400 },
      ),
      { retry: false, reason: "PagerDuty answered 400: Event object is invalid; 'dedup_key' is missing or blank" },
    ],
  ])('%s', async (_rule, response, verdict) => {
    expect(await judged(URL, response)).toEqual(verdict);
  });

  it('retries a PagerDuty it cannot reach, without the routing key in the reason', async () => {
    const verdict = await judged(UNREACHABLE);
    expect(verdict).toMatchObject({ retry: true, reason: expect.stringMatching(/^PagerDuty could not be reached/) });
    expect(JSON.stringify(verdict)).not.toContain(KEY);
  });
});
