import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeOutboxFailure } from '../../src/jobs/outbox/judge-outbox-failure.ts';
import { createStatuspageClient } from '../../src/statuspage/statuspage-client.ts';

const API = 'https://api.statuspage.test/v1';
const UNREACHABLE = 'http://127.0.0.1:9/v1';
const NOW = new Date('2026-12-07T09:00:00Z');
const KEY = '5c1f0e9a-7d2b-4c3e-9f60-1a2b3c4d5e6f';

const answers: Response[] = [];
const seen: { method: string; url: string; authorization: string | null }[] = [];
const server = setupServer(
  http.all(`${API}/*`, ({ request }) => {
    seen.push({ method: request.method, url: request.url, authorization: request.headers.get('authorization') });
    return answers.shift() ?? HttpResponse.json({ id: 'cmpcheckout1', status: 'major_outage' });
  }),
  http.all(`${UNREACHABLE}/*`, () => HttpResponse.error()),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const clientAt = (apiUrl: string) => {
  const turns: string[] = [];
  const client = createStatuspageClient({
    apiUrl,
    apiKey: KEY,
    pageId: 'acmepage0001',
    now: () => NOW,
    pace: {
      waitForTurn: async () => {
        turns.push('wait');
      },
      spaceNextTurn: async () => {
        turns.push('space');
      },
    },
  });
  return { client, turns };
};

/** What the outbox's judge makes of Statuspage answering `response` to a component's PATCH. */
const judged = async (apiUrl: string, response?: Response) => {
  if (response) answers.push(response);
  const error = await clientAt(apiUrl)
    .client.setComponentStatus({ componentId: 'cmpcheckout1', status: 'major_outage' })
    .then(
      () => undefined,
      (failure: unknown) => failure,
    );
  return error === undefined ? 'delivered' : judgeOutboxFailure(error);
};

describe('a Statuspage answer, as the outbox judges it', () => {
  it('sends the key as Statuspage asks, paced, to the component of the page', async () => {
    seen.length = 0;
    const { client, turns } = clientAt(API);
    await client.setComponentStatus({ componentId: 'cmpcheckout1', status: 'major_outage' });
    expect(seen).toEqual([
      {
        method: 'PATCH',
        url: `${API}/pages/acmepage0001/components/cmpcheckout1`,
        authorization: `OAuth ${KEY}`,
      },
    ]);
    expect(turns).toEqual(['wait', 'space']);
  });

  it.each([
    ['delivers on 200', undefined, 'delivered'],
    [
      'retries a 429 after its Retry-After',
      HttpResponse.json({ error: 'Rate limit exceeded' }, { status: 429, headers: { 'retry-after': '2' } }),
      { retry: true, afterMs: 2_000, reason: 'Statuspage answered 429: Rate limit exceeded' },
    ],
    [
      'retries a 502',
      new Response('Bad Gateway', { status: 502 }),
      { retry: true, afterMs: undefined, reason: 'Statuspage answered 502' },
    ],
    [
      'holds a 401 (the key) with the reason',
      HttpResponse.json({ error: 'Could not authenticate' }, { status: 401 }),
      { retry: false, reason: 'Statuspage answered 401: Could not authenticate' },
    ],
    [
      'holds a 404 (a page or component id)',
      HttpResponse.json({ error: 'Component not found' }, { status: 404 }),
      { retry: false, reason: 'Statuspage answered 404: Component not found' },
    ],
    [
      'holds a 422 (a field), naming each error',
      HttpResponse.json({ error: ['Status is invalid', 'Name is too long'] }, { status: 422 }),
      { retry: false, reason: 'Statuspage answered 422: Status is invalid; Name is too long' },
    ],
  ])('%s', async (_, response, verdict) => {
    expect(await judged(API, response)).toEqual(verdict);
  });

  it('retries when Statuspage cannot be reached, and never says the key', async () => {
    const verdict = await judged(UNREACHABLE);
    expect(verdict).toMatchObject({ retry: true, reason: expect.stringMatching(/^Statuspage could not be reached/) });
    expect(JSON.stringify(verdict)).not.toContain(KEY);
  });
});
