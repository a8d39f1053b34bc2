import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeGithub, type FakeGithub, type FakeGithubDelivery } from '../../../demo/fake-github/fake-github.ts';
import type { DeployInput } from '../../../src/domain/deploys/deploy.ts';
import type { TicketEvent, TicketEventOutcome, TicketEventSink } from '../../../src/domain/trackers/tracker.ts';
import { createHttpServer } from '../../../src/http/http-server.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createGithubWebhook } from '../../../src/webhooks/github/github-webhook.ts';
import { captureLogs } from '../../support/log-capture.ts';
import { OVERSIZED_BODY, readFixture } from '../webhook-requests.ts';

const SECRET = 'github-secret-0c4e8b2a';
const TOKEN = 'ghp_webhookTest0123456789';
const KEY = 'acme/checkout-api#1';

/** The tracker flows as the webhook sees them: every event it was handed, answered `outcome`. */
const recordingSink = (outcome: TicketEventOutcome) => {
  const events: TicketEvent[] = [];
  const sink: TicketEventSink = {
    applyTicketEvent: async (event) => {
      events.push(event);
      return outcome;
    },
  };
  return { sink, events };
};

type Started = { url: string; server: Server; deploys: DeployInput[] };

/** `POST /webhooks/github` on a real HTTP server, with a given secret and tracker sink. */
const serve = async ({ secret, trackers }: { secret: string | undefined; trackers?: TicketEventSink }) => {
  const deploys: DeployInput[] = [];
  const handler = createGithubWebhook({
    secret,
    flows: {
      recordDeploy: async (deploy) => {
        deploys.push(deploy);
        return { stored: true };
      },
    },
    services: [],
    logger: captureLogs('silent').logger,
    ...(trackers === undefined ? {} : { trackers }),
  });
  const server = createHttpServer({
    routes: [{ method: 'POST', path: '/webhooks/github', handler }],
    metrics: createMetrics({ readJobLagSeconds: async () => 0 }),
    logger: captureLogs('silent').logger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the server is not listening on a port');
  return { url: `http://127.0.0.1:${address.port}/webhooks/github`, server, deploys } satisfies Started;
};

const post = (started: Started, { headers, body }: FakeGithubDelivery) =>
  fetch(started.url, { method: 'POST', headers, body });

/** A GitHub with one issue sitrep opened, assigned to Ann, for people to change. */
const githubWithIssue = async (): Promise<FakeGithub> => {
  const github = createFakeGithub({ token: TOKEN, webhookSecret: SECRET });
  const opened = await github.answer(
    new Request('https://api.github.com/repos/acme/checkout-api/issues', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'user-agent': 'sitrep', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Alert on card retries', body: 'Due: 2026-12-18', assignees: ['ann-lee'] }),
    }),
  );
  expect(opened.status).toBe(201);
  return github;
};

describe('POST /webhooks/github: issues', () => {
  let started: Started | undefined;
  let github: FakeGithub;
  beforeEach(async () => {
    github = await githubWithIssue();
  });
  afterEach(async () => {
    await new Promise((resolve) => started?.server.close(resolve));
    started = undefined;
  });

  it("hands a person's change to the tracker flows and answers their outcome", async () => {
    const { sink, events } = recordingSink('applied');
    started = await serve({ secret: SECRET, trackers: sink });
    const delivery = github.closeAsDone({ key: KEY, by: 'bo-chen' });
    const response = await post(started, delivery);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: 'applied' });
    expect(events).toEqual([
      {
        tracker: 'github',
        deliveryId: delivery.headers['x-github-delivery'],
        ticketKey: KEY,
        actorName: 'bo-chen',
        actorId: 'bo-chen',
        status: { to: 'done', reason: null },
      },
    ]);
  });

  it('answers whatever the flows made of it: a redelivery is a duplicate', async () => {
    const { sink } = recordingSink('duplicate');
    started = await serve({ secret: SECRET, trackers: sink });
    const response = await post(started, github.changeDueDate({ key: KEY, dueDate: '2027-01-08', by: 'ann-lee' }));
    expect(await response.json()).toEqual({ outcome: 'duplicate' });
  });

  it('answers an action sitrep does not keep 202, without the flows', async () => {
    const { sink, events } = recordingSink('applied');
    started = await serve({ secret: SECRET, trackers: sink });
    const [opened] = github.takeDeliveries();
    if (!opened) throw new Error('expected the opening delivery');
    const response = await post(started, opened);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ignored: true, reason: expect.stringContaining('"opened"') });
    expect(events).toEqual([]);
  });

  it('ignores issues events (202) when sitrep keeps no tickets in GitHub', async () => {
    started = await serve({ secret: SECRET });
    const response = await post(started, github.closeAsDone({ key: KEY, by: 'bo-chen' }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ignored: true, reason: 'sitrep does not record "issues" events' });
  });

  it('is not there (404) without GITHUB_WEBHOOK_SECRET', async () => {
    const { sink, events } = recordingSink('applied');
    started = await serve({ secret: undefined, trackers: sink });
    const response = await post(started, github.closeAsDone({ key: KEY, by: 'bo-chen' }));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'not enabled',
      hint: 'set GITHUB_WEBHOOK_SECRET to enable this webhook',
    });
    expect(events).toEqual([]);
  });

  const refusals: [string, (delivery: FakeGithubDelivery) => FakeGithubDelivery, number, unknown][] = [
    [
      'a signature made with another secret',
      (delivery) => ({ ...delivery, body: delivery.body.replace('"closed"', '"reopened"') }),
      401,
      { error: 'unauthorized' },
    ],
    [
      'no signature',
      ({ headers: { 'x-hub-signature-256': _signature, ...headers }, body }) => ({ headers, body }),
      401,
      { error: 'unauthorized' },
    ],
    [
      'no X-GitHub-Delivery',
      ({ headers: { 'x-github-delivery': _id, ...headers }, body }) => ({ headers, body }),
      400,
      { error: 'invalid headers', issues: [expect.objectContaining({ path: ['x-github-delivery'] })] },
    ],
    [
      'a body over 1 MB',
      ({ headers }) => ({ headers, body: OVERSIZED_BODY }),
      413,
      { error: 'body too large', limitBytes: 1024 * 1024 },
    ],
  ];

  it.each(refusals)('refuses %s, and the flows see nothing', async (_name, spoil, status, answer) => {
    const { sink, events } = recordingSink('applied');
    started = await serve({ secret: SECRET, trackers: sink });
    const response = await post(started, spoil(github.closeAsDone({ key: KEY, by: 'bo-chen' })));
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(answer);
    expect(events).toEqual([]);
  });

  it('refuses a signed issues event without its repository (400), and the flows see nothing', async () => {
    const { sink, events } = recordingSink('applied');
    started = await serve({ secret: SECRET, trackers: sink });
    const delivery = github.closeAsDone({ key: KEY, by: 'bo-chen' });
    const { repository: _repository, ...rest } = z.record(z.string(), z.unknown()).parse(JSON.parse(delivery.body));
    const body = JSON.stringify(rest);
    const response = await post(started, { headers: { ...delivery.headers, ...github.sign(body) }, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid body',
      issues: [expect.objectContaining({ path: ['repository'] })],
    });
    expect(events).toEqual([]);
  });

  it('still records deployments beside the issues', async () => {
    const { sink, events } = recordingSink('applied');
    started = await serve({ secret: SECRET, trackers: sink });
    const body = readFixture('github-deployment-status.json');
    const closed = github.closeAsDone({ key: KEY, by: 'bo-chen' });
    const response = await post(started, {
      headers: { ...closed.headers, 'x-github-event': 'deployment_status', ...github.sign(body) },
      body,
    });
    expect(await response.json()).toEqual({ stored: true });
    expect(started.deploys).toEqual([expect.objectContaining({ service: 'acme/checkout-api', status: 'succeeded' })]);
    expect(events).toEqual([]);
  });
});
