import { createHmac, randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeLinear, type FakeLinear } from '../../../demo/fake-linear/fake-linear.ts';

const KEY = 'lin_api_fake0000000000000000000000000000000';
const SECRET = 'lin_wh_fake';

let fake: FakeLinear;
beforeEach(() => {
  fake = createFakeLinear({ apiKey: KEY, webhookSecret: SECRET, users: [{ name: 'Ann Lee', email: 'ann@acme.test' }] });
});

const ZAnswer = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.looseObject({ message: z.string(), extensions: z.record(z.string(), z.unknown()) })).optional(),
});

const messagesOf = (answer: z.infer<typeof ZAnswer>): string =>
  (answer.errors ?? []).map((error) => error.message).join('\n');

const ask = async (query: string, variables: Record<string, unknown> = {}, authorization = KEY) => {
  const response = await fake.answer(
    new Request('https://api.linear.app/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query, variables }),
    }),
  );
  return { status: response.status, body: ZAnswer.parse(await response.json()) };
};

const teamId = () => fake.data.teams[0]?.id;

const CREATE = 'mutation ($input: IssueCreateInput!) { issueCreate(input: $input) { issue { id identifier } } }';

describe('the fake Linear, as strict as Linear', () => {
  it.each([
    ['as a bearer token', `Bearer ${KEY}`],
    ['another key', 'lin_api_someone-else'],
  ])('refuses a personal key sent %s', async (_case, authorization) => {
    const { status, body } = await ask('{ viewer { id } }', {}, authorization);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ type: 'authentication error', code: 'AUTHENTICATION_ERROR' });
  });

  it.each([
    ['a field its type lacks', '{ viewer { id handle } }', 'Cannot query field "handle" on type "User".'],
    ['an unknown argument', '{ user(key: "x") { id } }', 'Unknown argument "key" on field "Query.user".'],
    ['an object without subfields', '{ viewer }', 'Field "viewer" of type "User!" must have a selection of subfields.'],
    ['an undeclared variable', '{ issue(id: $id) { id } }', 'Variable "$id" is not defined.'],
    [
      'a variable of the wrong type',
      'query ($id: Int!) { issue(id: $id) { id } }',
      'used in position expecting type "String!"',
    ],
    ['a syntax error', '{ viewer { id }', 'Syntax Error: Expected Name, found <EOF>.'],
  ])('refuses %s with 400, as GraphQL does', async (_case, query, message) => {
    const { status, body } = await ask(query, { id: 'PAY-1' });
    expect(status).toBe(400);
    expect(messagesOf(body)).toContain(message);
  });

  it('refuses an input field Linear’s input type lacks', async () => {
    const { status, body } = await ask(CREATE, { input: { teamId: teamId(), title: 'T', estimateDays: 3 } });
    expect(status).toBe(400);
    expect(messagesOf(body)).toContain('"estimateDays" is not defined');
  });

  it('answers an issue it does not have with 200 and Entity not found, as Linear does', async () => {
    const { status, body } = await ask('query ($id: String!) { issue(id: $id) { id } }', { id: 'PAY-99' });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: null,
      errors: [expect.objectContaining({ message: 'Entity not found: Issue', path: ['issue'] })],
    });
  });

  it('refuses an issue id that is not a UUID v4, and one it already has', async () => {
    const id = randomUUID();
    const notUuid = await ask(CREATE, { input: { id: 'action-1', teamId: teamId(), title: 'T' } });
    expect(notUuid.body.errors?.[0]?.extensions).toMatchObject({ userPresentableMessage: 'id must be a UUID.' });
    const created = await ask(CREATE, { input: { id, teamId: teamId(), title: 'T' } });
    expect(created.body).toEqual({ data: { issueCreate: { issue: { id, identifier: 'PAY-1' } } } });
    const again = await ask(CREATE, { input: { id, teamId: teamId(), title: 'T' } });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ type: 'invalid input' });
    expect(fake.data.issues).toHaveLength(1);
  });

  it('answers viewer with the API key’s owner, the actor of the API’s changes; a person’s are theirs', async () => {
    expect((await ask('{ viewer { id name } }')).body).toEqual({
      data: { viewer: { id: fake.data.viewerId, name: 'sitrep' } },
    });
    await ask(CREATE, { input: { teamId: teamId(), title: 'Add retries' } });
    const byPerson = fake.setDueDate('PAY-1', { by: 'ann@acme.test', dueDate: '2026-12-21' });
    const actors = [...fake.takeDeliveries(), byPerson].map((delivery) => JSON.parse(delivery.body).actor.id);
    const ann = fake.data.users.find((user) => user.email === 'ann@acme.test');
    expect(actors).toEqual([fake.data.viewerId, ann?.id]);
  });

  it('sends a signed delivery for each change made through the API, none for one that changes nothing', async () => {
    await ask(CREATE, { input: { teamId: teamId(), title: 'Add retries', dueDate: '2026-12-14' } });
    const update =
      'mutation ($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success } }';
    await ask(update, { id: 'PAY-1', input: { dueDate: '2026-12-21' } });
    await ask(update, { id: 'PAY-1', input: { dueDate: '2026-12-21' } });

    const deliveries = fake.takeDeliveries();
    expect(deliveries.map((delivery) => JSON.parse(delivery.body))).toEqual([
      expect.objectContaining({ action: 'create', type: 'Issue', actor: expect.objectContaining({ name: 'sitrep' }) }),
      expect.objectContaining({
        action: 'update',
        updatedFrom: { dueDate: '2026-12-14', updatedAt: expect.any(String) },
        data: expect.objectContaining({ identifier: 'PAY-1', dueDate: '2026-12-21' }),
      }),
    ]);
    for (const delivery of deliveries) {
      expect(delivery.headers['linear-signature']).toBe(
        createHmac('sha256', SECRET).update(delivery.body).digest('hex'),
      );
    }
    expect(fake.takeDeliveries()).toEqual([]);
  });
});
