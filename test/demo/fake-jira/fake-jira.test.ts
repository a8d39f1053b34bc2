import { beforeEach, describe, expect, it } from 'vitest';
import { createFakeJira, FAKE_JIRA_DEFAULTS, type FakeJira } from '../../../demo/fake-jira/fake-jira.ts';
import { verifyDeploySignature } from '../../../src/webhooks/generic/deploy-signature.ts';

const { site, email, token, webhookSecret } = FAKE_JIRA_DEFAULTS;
const AUTH = `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;

let fake: FakeJira;
beforeEach(() => {
  fake = createFakeJira();
});

const ask = async (method: string, path: string, body?: unknown, authorization = AUTH) => {
  const response = await fake.answer(
    new Request(`${site}${path}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
};

const TASK = { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'Add a retry budget' };

describe('the fake Jira refuses what Jira Cloud refuses', () => {
  it('asks for Basic auth with the account’s email and API token', async () => {
    const response = await fake.answer(
      new Request(`${site}/rest/api/3/issue/PAY-1`, { headers: { authorization: 'Basic bm9ib2R5Om5vcGU=' } }),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('Client must be authenticated to access this resource.');
  });

  it.each([
    ['an unknown field', { ...TASK, storyPoints: 3 }, { storyPoints: expect.stringContaining('cannot be set') }],
    ['a description that is not ADF', { ...TASK, description: 'text' }, { description: expect.any(String) }],
    ['a label with a space', { ...TASK, labels: ['follow up'] }, { labels: expect.stringContaining('spaces') }],
    ['an unknown assignee', { ...TASK, assignee: { accountId: 'nobody' } }, { assignee: expect.any(String) }],
    ['no summary', { project: { key: 'PAY' }, issuetype: { name: 'Task' } }, { summary: expect.any(String) }],
    ['an unknown issue type', { ...TASK, issuetype: { name: 'Epic Saga' } }, { issuetype: expect.any(String) }],
  ])('refuses a create with %s', async (_name, fields, errors) => {
    expect(await ask('POST', '/rest/api/3/issue', { fields })).toEqual({
      status: 400,
      body: { errorMessages: [], errors },
    });
    expect(fake.issues).toEqual([]);
  });

  it('refuses status and resolution as fields of an edit', async () => {
    await ask('POST', '/rest/api/3/issue', { fields: TASK });
    const answer = await ask('PUT', '/rest/api/3/issue/PAY-1', { fields: { status: { name: 'Done' } } });
    expect(answer).toEqual({ status: 400, body: { errorMessages: [], errors: { status: expect.any(String) } } });
  });

  it('asks for the resolution its screen requires, and refuses a transition it does not offer', async () => {
    await ask('POST', '/rest/api/3/issue', { fields: TASK });
    const { body } = await ask('GET', '/rest/api/3/issue/PAY-1/transitions?expand=transitions.fields');
    const done = body.transitions.find((t: { name: string }) => t.name === 'Done');
    expect(done.fields.resolution).toMatchObject({ required: true });
    expect(await ask('POST', '/rest/api/3/issue/PAY-1/transitions', { transition: { id: done.id } })).toEqual({
      status: 400,
      body: { errorMessages: [], errors: { resolution: 'Resolution is required.' } },
    });
    const toDo = await ask('POST', '/rest/api/3/issue/PAY-1/transitions', { transition: { id: '11' } });
    expect(toDo.body.errorMessages).toEqual(["Transition id '11' is not valid for this issue."]);
    expect(fake.issue('PAY-1').status.name).toBe('To Do');
  });

  it('answers an unknown issue 404 in Jira’s words', async () => {
    expect(await ask('GET', '/rest/api/3/issue/PAY-9')).toEqual({
      status: 404,
      body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
    });
  });

  it('answers /myself with the account the credentials are, and refuses it without them', async () => {
    expect(await ask('GET', '/rest/api/3/myself')).toEqual({
      status: 200,
      body: expect.objectContaining({
        accountId: fake.accountIdOf(email),
        emailAddress: email,
        displayName: 'sitrep',
        active: true,
      }),
    });
    const stranger = await fake.answer(
      new Request(`${site}/rest/api/3/myself`, { headers: { authorization: 'Basic bm9ib2R5Om5vcGU=' } }),
    );
    expect(stranger.status).toBe(401);
  });

  it('makes the API’s changes as its account, and a person’s as that person', async () => {
    await ask('POST', '/rest/api/3/issue', { fields: TASK });
    await ask('PUT', '/rest/api/3/issue/PAY-1', { fields: { duedate: '2026-12-01' } });
    const byPerson = fake.changeDueDate({ key: 'PAY-1', by: 'ann.lee@acme.example', dueDate: null });
    const actors = [...fake.takeDeliveries(), byPerson].map(({ body }) => JSON.parse(body).user.accountId);
    expect(actors).toEqual([
      fake.accountIdOf(email),
      fake.accountIdOf(email),
      fake.accountIdOf('ann.lee@acme.example'),
    ]);
  });

  it('signs every delivery with the webhook’s secret', async () => {
    await ask('POST', '/rest/api/3/issue', { fields: TASK });
    const deliveries = [...fake.takeDeliveries(), fake.closeAsDone({ key: 'PAY-1', by: 'ann.lee@acme.example' })];
    for (const { headers, body } of deliveries) {
      expect(
        verifyDeploySignature({
          secret: webhookSecret,
          rawBody: Buffer.from(body),
          signature: headers['x-hub-signature'],
        }),
      ).toBe(true);
    }
    expect(new Set(deliveries.map((d) => d.headers['x-atlassian-webhook-identifier'])).size).toBe(2);
  });
});
