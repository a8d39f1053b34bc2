import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeGithub, type FakeGithub } from '../../../demo/fake-github/fake-github.ts';

const TOKEN = 'ghp_fakeTest0123456789';
const SECRET = 'hook-secret';
const API = 'https://api.github.com';
const HEADERS = {
  authorization: `Bearer ${TOKEN}`,
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
  'user-agent': 'sitrep-test',
};

let github: FakeGithub;
beforeEach(() => {
  github = createFakeGithub({ token: TOKEN, webhookSecret: SECRET });
});

const call = async (
  method: string,
  path: string,
  { body, headers = HEADERS }: { body?: unknown; headers?: Record<string, string> } = {},
) => {
  const response = await github.answer(
    new Request(`${API}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
};

const openIssue = () => call('POST', '/repos/acme/checkout-api/issues', { body: { title: 'Alert on retries' } });

describe("the fake GitHub's checks, as GitHub documents them", () => {
  it.each([
    ['no token', { ...HEADERS, authorization: '' }, 401, 'Requires authentication'],
    ['a wrong token', { ...HEADERS, authorization: 'Bearer ghp_wrong' }, 401, 'Bad credentials'],
    ['an unknown API version', { ...HEADERS, 'x-github-api-version': '2020-01-01' }, 400, 'not supported'],
  ])('refuses %s', async (_name, headers, status, message) => {
    const answer = await call('GET', '/users/ann-lee', { headers });
    expect(answer).toEqual({
      status,
      body: {
        message: expect.stringContaining(message),
        documentation_url: expect.any(String),
        status: String(status),
      },
    });
  });

  it('answers GET /user with the token’s owner, and refuses it without the token', async () => {
    expect(await call('GET', '/user')).toMatchObject({
      status: 200,
      body: { login: 'sitrep-bot', id: 91000001, two_factor_authentication: true },
    });
    expect(await call('GET', '/user', { headers: { ...HEADERS, authorization: 'Bearer ghp_wrong' } })).toMatchObject({
      status: 401,
      body: { message: 'Bad credentials' },
    });
  });

  it('refuses a request without a User-Agent (403)', async () => {
    const { 'user-agent': _agent, ...headers } = HEADERS;
    expect((await call('GET', '/users/ann-lee', { headers })).status).toBe(403);
  });

  it.each([
    ['an unknown key', { title: 'x', due_on: '2026-12-01' }, 'Invalid request.\n\n"due_on" is not a permitted key.'],
    ['no title', { body: 'x' }, 'Invalid request.\n\n"title" wasn\'t supplied.'],
    ['labels that are not strings', { title: 'x', labels: 'bug' }, 'For \'properties/labels\', "bug"'],
  ])('refuses to create an issue with %s (422)', async (_name, body, message) => {
    const answer = await call('POST', '/repos/acme/checkout-api/issues', { body });
    expect(answer).toMatchObject({ status: 422, body: { message: expect.stringContaining(message) } });
    expect(github.issues).toEqual([]);
  });

  it('refuses an assignee it does not know with Validation Failed', async () => {
    const answer = await call('POST', '/repos/acme/checkout-api/issues', {
      body: { title: 'x', assignees: ['ghost'] },
    });
    expect(answer).toMatchObject({
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ value: 'ghost', resource: 'Issue', field: 'assignees', code: 'invalid' }],
      },
    });
  });

  it('refuses a state it does not have, and answers 404 for issues and repositories that do not exist', async () => {
    await openIssue();
    expect((await call('PATCH', '/repos/acme/checkout-api/issues/1', { body: { state: 'done' } })).status).toBe(422);
    expect(await call('GET', '/repos/acme/checkout-api/issues/2')).toMatchObject({
      status: 404,
      body: { message: 'Not Found' },
    });
    expect((await call('POST', '/repos/acme/other/issues', { body: { title: 'x' } })).status).toBe(404);
  });

  it('refuses a user search without q', async () => {
    expect(await call('GET', '/search/users')).toMatchObject({ status: 422, body: { message: 'Validation Failed' } });
  });
});

describe("the fake GitHub's deliveries", () => {
  const ZDelivery = z.object({
    action: z.string(),
    issue: z.object({ number: z.number(), state: z.string(), state_reason: z.string().nullable() }),
    sender: z.object({ login: z.string() }),
  });

  it("sends one for each change the API made, signed with the webhook's secret", async () => {
    await openIssue();
    await call('PATCH', '/repos/acme/checkout-api/issues/1', {
      body: { state: 'closed', state_reason: 'not_planned' },
    });
    const deliveries = github.takeDeliveries();
    expect(deliveries.map((delivery) => ZDelivery.parse(JSON.parse(delivery.body)))).toEqual([
      expect.objectContaining({ action: 'opened', sender: { login: 'sitrep-bot' } }),
      expect.objectContaining({ action: 'closed', issue: expect.objectContaining({ state_reason: 'not_planned' }) }),
    ]);
    for (const { headers, body } of deliveries) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      expect(headers).toMatchObject({ 'x-github-event': 'issues', 'x-hub-signature-256': expected });
    }
    expect(github.takeDeliveries()).toEqual([]);
  });

  it('sends a person’s change as sent by that person', async () => {
    await openIssue();
    const delivery = github.addAssignee({ key: 'acme/checkout-api#1', to: 'bo-chen', by: 'ann-lee' });
    expect(JSON.parse(delivery.body)).toMatchObject({
      action: 'assigned',
      sender: { login: 'ann-lee' },
      assignee: { login: 'bo-chen' },
    });
  });

  it('answers a rate limit as GitHub does, changing nothing', async () => {
    github.failNext(403);
    const response = await github.answer(
      new Request(`${API}/repos/acme/checkout-api/issues`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ title: 'x' }),
      }),
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(github.issues).toEqual([]);
  });
});
