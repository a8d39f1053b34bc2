import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeJira, FAKE_JIRA_DEFAULTS, type FakeJira } from '../../../demo/fake-jira/fake-jira.ts';
import type { FakeJiraDelivery } from '../../../demo/fake-jira/fake-jira-webhooks.ts';
import type { TicketEvent, TicketEventOutcome, TicketEventSink } from '../../../src/domain/trackers/tracker.ts';
import { createHttpServer } from '../../../src/http/http-server.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { signDeployBody } from '../../../src/webhooks/generic/deploy-signature.ts';
import { createJiraWebhook } from '../../../src/webhooks/jira/jira-webhook.ts';
import { captureLogs } from '../../support/log-capture.ts';
import { OVERSIZED_BODY } from '../webhook-requests.ts';

const SECRET = FAKE_JIRA_DEFAULTS.webhookSecret;
const BO = 'bo.chen@acme.example';

/** A sink that records what it is given and answers as it is told, as the tracker flows would. */
const createRecordingSink = () => {
  const events: TicketEvent[] = [];
  const outcomes: TicketEventOutcome[] = [];
  const sink: TicketEventSink = {
    applyTicketEvent: async (event) => {
      events.push(event);
      return outcomes.shift() ?? 'applied';
    },
  };
  return { sink, events, outcomes };
};

/** An issue made through the fake's API, as sitrep would make it. */
const createIssue = async (fake: FakeJira): Promise<string> => {
  const { email, token, site } = FAKE_JIRA_DEFAULTS;
  const response = await fake.answer(
    new Request(`${site}/rest/api/3/issue`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'Add a retry budget', duedate: null },
      }),
    }),
  );
  const created: unknown = await response.json();
  if (typeof created !== 'object' || created === null || !('key' in created) || typeof created.key !== 'string') {
    throw new Error(`the fake did not create the issue: ${JSON.stringify(created)}`);
  }
  return created.key;
};

describe('POST /webhooks/jira', () => {
  const recording = createRecordingSink();
  const logs = captureLogs();
  let server: Server;
  let url: string;
  let fake: FakeJira;
  let key: string;

  beforeAll(async () => {
    server = createHttpServer({
      routes: [
        {
          method: 'POST',
          path: '/webhooks/jira',
          handler: createJiraWebhook({ secret: SECRET, ...recording, logger: logs.logger }),
        },
        {
          method: 'POST',
          path: '/webhooks/jira-off',
          handler: createJiraWebhook({
            secret: undefined,
            secretVariable: 'ACME_JIRA_SECRET',
            ...recording,
            logger: logs.logger,
          }),
        },
      ],
      metrics: createMetrics({ readJobLagSeconds: async () => 0 }),
      logger: logs.logger,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(async () => {
    fake = createFakeJira();
    key = await createIssue(fake);
    recording.events.length = 0;
  });

  const post = ({ headers, body }: FakeJiraDelivery, path = '/webhooks/jira') =>
    fetch(`${url}${path}`, { method: 'POST', headers, body });

  it('hands a person’s close to the sink and answers with its outcome', async () => {
    const delivery = fake.closeAsDone({ key, by: BO });
    const response = await post(delivery);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: 'applied' });
    expect(recording.events).toEqual([
      {
        tracker: 'jira',
        deliveryId: delivery.headers['x-atlassian-webhook-identifier'],
        ticketKey: key,
        actorName: 'Bo Chen',
        actorId: fake.accountIdOf(BO),
        status: { to: 'done', reason: null },
      },
    ]);
  });

  it('answers a redelivery with what the sink says of it', async () => {
    const delivery = fake.changeDueDate({ key, by: BO, dueDate: '2026-12-24' });
    recording.outcomes.push('applied', 'duplicate');
    expect(await (await post(delivery)).json()).toEqual({ outcome: 'applied' });
    expect(await (await post(delivery)).json()).toEqual({ outcome: 'duplicate' });
    expect(recording.events.map((event) => event.deliveryId)).toEqual([
      delivery.headers['x-atlassian-webhook-identifier'],
      delivery.headers['x-atlassian-webhook-identifier'],
    ]);
  });

  it.each([
    ['the creation of an issue', (jira: FakeJira) => jira.takeDeliveries()[0]],
    ['a rename', (jira: FakeJira) => jira.rename({ key: 'PAY-1', by: BO, summary: 'Retry budget' })],
    ['a comment', (jira: FakeJira) => jira.comment({ key: 'PAY-1', by: BO, text: 'On it' })],
  ])('answers %s 202 and hands the sink nothing', async (_name, make) => {
    const delivery = make(fake);
    if (!delivery) throw new Error('no delivery');
    const response = await post(delivery);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ignored: true, reason: expect.any(String) });
    expect(recording.events).toEqual([]);
  });

  const refusals: [string, (delivery: FakeJiraDelivery) => FakeJiraDelivery, number, unknown][] = [
    [
      'a signature made with another secret',
      (d) => ({ ...d, headers: { ...d.headers, 'x-hub-signature': signDeployBody('not-the-secret', d.body) } }),
      401,
      { error: 'unauthorized' },
    ],
    [
      'no signature',
      ({ headers: { 'x-hub-signature': _, ...headers }, body }) => ({ headers, body }),
      401,
      { error: 'unauthorized' },
    ],
    [
      'a body changed after signing',
      (d) => ({ ...d, body: d.body.replace('Bo Chen', 'Eve') }),
      401,
      { error: 'unauthorized' },
    ],
    [
      'no delivery id',
      ({ headers: { 'x-atlassian-webhook-identifier': _, ...headers }, body }) => ({ headers, body }),
      400,
      { error: 'invalid headers', issues: expect.any(Array) },
    ],
    [
      'a signed body that is not JSON',
      (d) => ({ headers: { ...d.headers, 'x-hub-signature': signDeployBody(SECRET, 'not json') }, body: 'not json' }),
      400,
      { error: 'invalid body', issues: [expect.objectContaining({ message: 'expected a JSON body' })] },
    ],
    [
      'a signed issue_updated without its issue',
      (d) => {
        const body = JSON.stringify({ ...JSON.parse(d.body), issue: undefined });
        return { headers: { ...d.headers, 'x-hub-signature': signDeployBody(SECRET, body) }, body };
      },
      400,
      { error: 'invalid body', issues: [expect.objectContaining({ path: ['issue'] })] },
    ],
    [
      'a body over 1 MB',
      (d) => ({
        headers: { ...d.headers, 'x-hub-signature': signDeployBody(SECRET, OVERSIZED_BODY) },
        body: OVERSIZED_BODY,
      }),
      413,
      { error: 'body too large', limitBytes: 1024 * 1024 },
    ],
  ];

  it.each(refusals)('refuses %s and hands the sink nothing', async (_name, spoil, status, answer) => {
    const response = await post(spoil(fake.closeAsDone({ key, by: BO })));
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(answer);
    expect(recording.events).toEqual([]);
  });

  it('answers 404 while its secret is unset, naming the variable that turns it on', async () => {
    const response = await post(fake.closeAsDone({ key, by: BO }), '/webhooks/jira-off');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'not enabled',
      hint: 'set ACME_JIRA_SECRET to enable this webhook',
    });
    expect(recording.events).toEqual([]);
  });

  it('never logs the secret', () => {
    expect(logs.text()).toContain('refused a Jira webhook');
    expect(logs.text()).not.toContain(SECRET);
  });
});
