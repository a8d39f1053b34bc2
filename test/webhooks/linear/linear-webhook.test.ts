import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeLinear, type FakeLinear, type FakeLinearDelivery } from '../../../demo/fake-linear/fake-linear.ts';
import type { TicketEvent, TicketEventOutcome, TicketEventSink } from '../../../src/domain/trackers/tracker.ts';
import { createHttpServer } from '../../../src/http/http-server.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createLinearWebhook } from '../../../src/webhooks/linear/linear-webhook.ts';
import { captureLogs } from '../../support/log-capture.ts';
import { OVERSIZED_BODY } from '../webhook-requests.ts';

const SECRET = 'lin_wh_5f1e8c2a9d4b7e3f6a0c1d2e3f4a5b6c';
const NOW = new Date('2026-12-07T09:00:00.000Z');
const ANN = 'ann.lee@acme.test';
const PATH = '/webhooks/linear';
const DISABLED_PATH = '/webhooks/linear-disabled';

/** A sink as the tracker flows are one: it records each event and answers the outcome a test sets. */
const createRecordingSink = () => {
  const events: TicketEvent[] = [];
  let outcome: TicketEventOutcome = 'applied';
  const sink: TicketEventSink = {
    applyTicketEvent: async (event) => {
      events.push(event);
      return outcome;
    },
  };
  return { sink, events, answerWith: (next: TicketEventOutcome) => (outcome = next) };
};

const recording = createRecordingSink();
const logs = captureLogs();
let server: Server;
let baseUrl: string;
/** Linear's clock, which a test may set apart from sitrep's. */
let linearNow = NOW;
let fake: FakeLinear;
let key: string;

beforeAll(async () => {
  const options = {
    secretVariable: 'LINEAR_WEBHOOK_SECRET',
    sink: recording.sink,
    logger: logs.logger,
    now: () => NOW,
  };
  server = createHttpServer({
    routes: [
      { method: 'POST', path: PATH, handler: createLinearWebhook({ secret: SECRET, ...options }) },
      { method: 'POST', path: DISABLED_PATH, handler: createLinearWebhook({ secret: undefined, ...options }) },
    ],
    metrics: createMetrics({ readJobLagSeconds: async () => 0 }),
    logger: logs.logger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  recording.events.length = 0;
  recording.answerWith('applied');
  linearNow = NOW;
  fake = createFakeLinear({
    apiKey: 'lin_api_test',
    webhookSecret: SECRET,
    now: () => linearNow,
    users: [
      { name: 'Ann Lee', email: ANN },
      { name: 'Bo Chen', email: 'bo.chen@acme.test' },
    ],
  });
  key = fake.fileIssue({ by: ANN, team: 'PAY', title: 'Add retries to card payments' }).key;
});

const post = (path: string, { headers, body }: FakeLinearDelivery) =>
  fetch(`${baseUrl}${path}`, { method: 'POST', headers, body });

const resigned = (delivery: FakeLinearDelivery, body: string, secret = SECRET): FakeLinearDelivery => ({
  headers: { ...delivery.headers, 'linear-signature': createHmac('sha256', secret).update(body).digest('hex') },
  body,
});

describe('POST /webhooks/linear', () => {
  it('hands a status change to the sink once signed, and answers the sink’s outcome', async () => {
    const delivery = fake.closeAsDone(key, { by: ANN });
    const response = await post(PATH, delivery);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: 'applied' });
    expect(recording.events).toEqual([
      {
        tracker: 'linear',
        deliveryId: delivery.headers['linear-delivery'],
        ticketKey: key,
        actorName: 'Ann Lee',
        actorId: fake.data.users.find((user) => user.email === ANN)?.id,
        status: { to: 'done', reason: null },
      },
    ]);

    recording.answerWith('duplicate');
    const again = await post(PATH, delivery);
    expect(await again.json()).toEqual({ outcome: 'duplicate' });
  });

  it('takes a delivery Linear sent a minute ago, its clock a little apart from sitrep’s', async () => {
    linearNow = new Date(NOW.getTime() - 60_000);
    const response = await post(PATH, fake.setDueDate(key, { by: ANN, dueDate: '2026-12-21' }));
    expect(response.status).toBe(200);
    expect(recording.events).toEqual([expect.objectContaining({ dueDate: '2026-12-21' })]);
  });

  it.each([
    ['a rename', () => fake.rename(key, { by: ANN, title: 'Retry card payments' })],
    ['a comment', () => fake.comment(key, { by: ANN, body: 'On it' })],
  ])('answers %s 202, the sink never told', async (_case, act) => {
    const response = await post(PATH, act());
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ignored: true, reason: expect.any(String) });
    expect(recording.events).toEqual([]);
  });

  it.each([
    ['signed with another secret', (d: FakeLinearDelivery) => resigned(d, d.body, 'not-the-secret'), 401],
    ['unsigned', (d: FakeLinearDelivery) => ({ headers: { ...d.headers, 'linear-signature': '' }, body: d.body }), 401],
    [
      'changed after signing',
      (d: FakeLinearDelivery) => ({ ...d, body: d.body.replace('"type":"completed"', '"type":"canceled"') }),
      401,
    ],
    [
      'without Linear-Delivery',
      (d: FakeLinearDelivery) => ({ ...d, headers: { ...d.headers, 'linear-delivery': '' } }),
      400,
    ],
    ['signed, not JSON', (d: FakeLinearDelivery) => resigned(d, 'not json'), 400],
    [
      'signed, without an identifier',
      (d: FakeLinearDelivery) => resigned(d, d.body.replace('"identifier"', '"ident"')),
      400,
    ],
    ['over 1 MB', (d: FakeLinearDelivery) => ({ ...d, body: OVERSIZED_BODY }), 413],
  ])('refuses a delivery %s, the sink never told', async (_case, spoil, status) => {
    const response = await post(PATH, spoil(fake.closeAsDone(key, { by: ANN })));
    expect(response.status).toBe(status);
    expect(recording.events).toEqual([]);
  });

  it.each([
    ['more than a minute ago (a replay)', -60_001],
    ['more than a minute ahead', 60_001],
  ])('refuses a delivery sent %s as unauthorized', async (_case, offsetMs) => {
    linearNow = new Date(NOW.getTime() + offsetMs);
    const response = await post(PATH, fake.closeAsDone(key, { by: ANN }));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthorized' });
    expect(recording.events).toEqual([]);
  });

  it('answers 404 while no signing secret is set, naming the variable', async () => {
    const response = await post(DISABLED_PATH, fake.closeAsDone(key, { by: ANN }));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'not enabled',
      hint: 'set LINEAR_WEBHOOK_SECRET to enable this webhook',
    });
    expect(recording.events).toEqual([]);
  });

  it('never writes the secret or a signature to the log', () => {
    expect(logs.text()).not.toContain(SECRET);
    expect(logs.text()).not.toMatch(/[0-9a-f]{64}/);
  });
});
