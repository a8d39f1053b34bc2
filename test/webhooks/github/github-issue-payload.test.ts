import webhookExamples from '@octokit/webhooks-examples' with { type: 'json' };
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeGithub, type FakeGithub, type FakeGithubDelivery } from '../../../demo/fake-github/fake-github.ts';
import { githubTicketKey } from '../../../src/domain/trackers/github-key.ts';
import type { TicketEvent } from '../../../src/domain/trackers/tracker.ts';
import { createGithubClient } from '../../../src/trackers/github/github-client.ts';
import { parseGithubIssueEvent } from '../../../src/webhooks/github/github-issue-payload.ts';
import type { PayloadResult, TicketOutcome } from '../../../src/webhooks/payload-result.ts';
import {
  expectAnyJsonAnswered,
  expectAnyReplacementAnswered,
  issuesOf,
  payloadOf,
  withValue,
} from '../payload-helpers.ts';

const DELIVERY_ID = '72d3162e-cc78-11e3-81ab-4c9367dc0958';

const parse = (payload: unknown) => parseGithubIssueEvent({ payload, deliveryId: DELIVERY_ID });

const eventOf = (result: PayloadResult<TicketOutcome>): TicketEvent => {
  const outcome = payloadOf(result);
  if (outcome.kind !== 'event') throw new Error(`expected a ticket event, got ignored: ${outcome.reason}`);
  return outcome.event;
};

const ignoredReasonOf = (result: PayloadResult<TicketOutcome>): string => {
  const outcome = payloadOf(result);
  if (outcome.kind !== 'ignored') throw new Error(`expected ignored, got ${JSON.stringify(outcome.event)}`);
  return outcome.reason;
};

/** The `issues` examples @octokit/webhooks-examples publishes, GitHub's documented payloads. */
const PUBLISHED = z
  .array(z.object({ name: z.string(), examples: z.array(z.unknown()) }))
  .parse(webhookExamples)
  .filter((definition) => definition.name === 'issues')
  .flatMap((definition) => z.array(z.looseObject({ action: z.string() })).parse(definition.examples));

const published = (action: string): Record<string, unknown> => {
  const example = PUBLISHED.find((candidate) => candidate.action === action);
  if (!example) throw new Error(`no published issues.${action} example`);
  return example;
};

describe('parseGithubIssueEvent on the published examples', () => {
  it('reads a reopened issue as open, by its sender, keyed owner/repo#number in lower case', () => {
    expect(eventOf(parse(published('reopened')))).toEqual({
      tracker: 'github',
      deliveryId: DELIVERY_ID,
      ticketKey: 'codertocat/hello-world#1',
      actorName: 'Codertocat',
      actorId: 'codertocat',
      status: { to: 'open', reason: null },
    });
  });

  it('keys a repository however GitHub spells it as the client keys sitrep.yml’s spelling', () => {
    const spelled = withValue(published('reopened'), ['repository', 'full_name'], 'CODERTOCAT/hello-world');
    expect(eventOf(parse(spelled)).ticketKey).toBe(
      githubTicketKey({ repository: 'Codertocat/Hello-World', number: 1 }),
    );
  });

  it.each([
    ['completed', 'done'],
    ['not_planned', 'cancelled'],
    ['duplicate', 'cancelled'],
    [null, 'done'],
  ])('reads an issue closed as %s as %s, without a reason', (stateReason, status) => {
    const closed = withValue(
      withValue(withValue(published('reopened'), ['action'], 'closed'), ['issue', 'state'], 'closed'),
      ['issue', 'state_reason'],
      stateReason,
    );
    expect(eventOf(parse(closed)).status).toEqual({ to: status, reason: null });
  });

  it('ignores an issue closed for a reason GitHub adds later', () => {
    const closed = withValue(withValue(published('reopened'), ['action'], 'closed'), ['issue', 'state_reason'], 'x');
    expect(ignoredReasonOf(parse(closed))).toContain('"x"');
  });

  it('reads assigned as the one assigned, by login, with no email', () => {
    expect(eventOf(parse(published('assigned'))).assignee).toEqual({
      userId: 'Codertocat',
      name: 'Codertocat',
      email: null,
    });
  });

  it('reads unassigned as nobody when the one unassigned was the only assignee', () => {
    expect(eventOf(parse(published('unassigned'))).assignee).toBeNull();
  });

  /** The published example with `issue.assignees` (and `assignee`, the first) as listed, by login. */
  const withAssignees = (action: string, logins: string[]) => {
    const example = published(action);
    const user = z.looseObject({ login: z.string() }).parse(example.sender);
    const users = logins.map((login) => ({ ...user, login }));
    return withValue(withValue(example, ['issue', 'assignees'], users), ['issue', 'assignee'], users[0] ?? null);
  };

  it('ignores someone assigned besides the first assignee, the owner sitrep keeps', () => {
    expect(ignoredReasonOf(parse(withAssignees('assigned', ['Hubot', 'Codertocat'])))).toBe(
      'Codertocat was assigned after Hubot; sitrep keeps the first assignee as the owner',
    );
    expect(eventOf(parse(withAssignees('assigned', ['codertocat', 'Hubot']))).assignee).toEqual({
      userId: 'Codertocat',
      name: 'Codertocat',
      email: null,
    });
  });

  it.each([
    ['listed still, after the first', ['Hubot', 'Codertocat']],
    ['whatever the case of the logins', ['HUBOT', 'codertocat']],
  ])('ignores unassigning someone who was not the first assignee (%s)', (_case, logins) => {
    expect(ignoredReasonOf(parse(withAssignees('unassigned', logins)))).toContain(
      'sitrep keeps the first assignee as the owner',
    );
  });

  it.each([
    ['shown before the change, the first', ['Codertocat', 'Hubot']],
    ['shown after the change', ['Hubot']],
  ])('reads unassigning the first assignee as the next one owning it (%s)', (_case, logins) => {
    expect(eventOf(parse(withAssignees('unassigned', logins))).assignee).toEqual({
      userId: 'Hubot',
      name: 'Hubot',
      email: null,
    });
  });

  it.each(['edited', 'opened', 'labeled', 'milestoned', 'locked', 'pinned', 'transferred', 'deleted'])(
    'ignores %s without a Due line change',
    (action) => {
      expect(ignoredReasonOf(parse(published(action)))).toEqual(expect.any(String));
    },
  );

  it('answers the examples with any one value replaced by any JSON, and any JSON, without throwing', () => {
    expectAnyReplacementAnswered({ payload: published('assigned'), parse });
    expectAnyJsonAnswered(parse);
  });
});

describe('parseGithubIssueEvent on what GitHub sends', () => {
  const TOKEN = 'ghp_payloadTest0123456789';
  let github: FakeGithub;
  const server = setupServer(http.all('https://api.github.com/*', ({ request }) => github.answer(request)));
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());
  const KEY = 'acme/checkout-api#1';
  const bodyOf = (delivery: FakeGithubDelivery): unknown => JSON.parse(delivery.body);

  beforeEach(() => {
    github = createFakeGithub({ token: TOKEN, webhookSecret: 'hook-secret' });
    return createGithubClient({ apiUrl: 'https://api.github.com', token: TOKEN }).create(
      { kind: 'github', repository: 'acme/checkout-api', labels: [] },
      {
        actionId: 'act_1',
        title: 'Alert on card retries',
        description: 'Follow-up of INC-42',
        labels: ['star-alert'],
        state: { status: 'open', assigneeEmail: 'ann.lee@acme.example', dueDate: '2026-12-18' },
      },
    );
  });

  it('reads a person closing the issue as done, and cancelling it as cancelled', () => {
    expect(eventOf(parse(bodyOf(github.closeAsDone({ key: KEY, by: 'bo-chen' }))))).toMatchObject({
      ticketKey: KEY,
      actorName: 'bo-chen',
      status: { to: 'done', reason: null },
    });
    github.reopen({ key: KEY, by: 'bo-chen' });
    const cancelled = github.cancel({ key: KEY, by: 'bo-chen', reason: 'Covered by the dashboard' });
    expect(eventOf(parse(bodyOf(cancelled))).status).toEqual({ to: 'cancelled', reason: null });
  });

  it('reads a reassignment as the new assignee, and unassigning as nobody', () => {
    const reassigned = eventOf(parse(bodyOf(github.reassign({ key: KEY, to: 'bo-chen', by: 'ann-lee' }))));
    expect(reassigned).toEqual({
      tracker: 'github',
      deliveryId: DELIVERY_ID,
      ticketKey: KEY,
      actorName: 'ann-lee',
      actorId: 'ann-lee',
      assignee: { userId: 'bo-chen', name: 'bo-chen', email: null },
    });
    expect(eventOf(parse(bodyOf(github.unassign({ key: KEY, by: 'ann-lee' })))).assignee).toBeNull();
  });

  it('reads an edited Due line as the new due date, and a removed one as none', () => {
    const moved = github.changeDueDate({ key: KEY, dueDate: '2027-01-08', by: 'ann-lee' });
    expect(eventOf(parse(bodyOf(moved)))).toMatchObject({ actorName: 'ann-lee', dueDate: '2027-01-08' });
    expect(eventOf(parse(bodyOf(github.changeDueDate({ key: KEY, dueDate: null, by: 'ann-lee' })))).dueDate).toBeNull();
  });

  it('ignores an edit of the body that leaves the Due line as it was', () => {
    const edited = withValue(
      bodyOf(github.changeDueDate({ key: KEY, dueDate: '2027-01-08', by: 'ann-lee' })),
      ['changes', 'body', 'from'],
      'Follow-up of INC-42, reworded\n\nDue: 2027-01-08',
    );
    expect(ignoredReasonOf(parse(edited))).toBe('the edit did not change the Due line');
  });

  it("reads sitrep's own opening as nothing but the assignment it made", () => {
    const own = github.takeDeliveries().map((delivery) => payloadOf(parse(bodyOf(delivery))));
    expect(own).toEqual([
      { kind: 'ignored', reason: expect.stringContaining('"opened"') },
      { kind: 'ignored', reason: expect.stringContaining('"labeled"') },
      {
        kind: 'event',
        event: expect.objectContaining({ actorName: 'sitrep-bot', actorId: 'sitrep-bot', assignee: expect.anything() }),
      },
    ]);
  });

  it('ignores a second assignee, and reads the first one leaving as the next one owning it', () => {
    const added = github.addAssignee({ key: KEY, to: 'bo-chen', by: 'bo-chen' });
    expect(ignoredReasonOf(parse(bodyOf(added)))).toContain('bo-chen was assigned after ann-lee');
    const annLeaves = github.removeAssignee({ key: KEY, login: 'ann-lee', by: 'ann-lee' });
    expect(eventOf(parse(bodyOf(annLeaves)))).toMatchObject({
      actorId: 'ann-lee',
      assignee: { userId: 'bo-chen', name: 'bo-chen', email: null },
    });
  });

  it('names sitrep’s own changes by the id ownUserId gives, however GitHub spells the login and repository', async () => {
    github = createFakeGithub({
      token: TOKEN,
      webhookSecret: 'hook-secret',
      tokenOwner: 'Sitrep-Bot',
      repositories: ['Acme/Checkout-API'],
      users: [
        { login: 'Sitrep-Bot', id: 91000020, name: 'sitrep', email: 'bot@acme.example', emailPublic: false },
        { login: 'Bo-Chen', id: 91000021, name: 'Bo Chen', email: 'bo.chen@acme.example', emailPublic: true },
      ],
    });
    const client = createGithubClient({ apiUrl: 'https://api.github.com', token: TOKEN });
    const ref = await client.create(
      { kind: 'github', repository: 'acme/checkout-api', labels: [] },
      {
        actionId: 'act_2',
        title: 'Page on card retries',
        description: 'Follow-up of INC-42',
        labels: [],
        state: { status: 'open', assigneeEmail: null, dueDate: null },
      },
    );
    await client.update(ref, { status: 'done' });
    const [closed] = github
      .takeDeliveries()
      .map((delivery) => payloadOf(parse(bodyOf(delivery))))
      .flatMap((outcome) => (outcome.kind === 'event' ? [outcome.event] : []));
    expect(closed).toMatchObject({ ticketKey: ref.key, actorName: 'Sitrep-Bot', actorId: await client.ownUserId() });
    expect(closed?.actorId).toBe('sitrep-bot');
    const byPerson = eventOf(parse(bodyOf(github.reopen({ key: ref.key, by: 'Bo-Chen' }))));
    expect(byPerson).toMatchObject({ ticketKey: ref.key, actorId: 'bo-chen' });
  });

  it('refuses a body without the repository or the issue number, naming the paths', () => {
    const delivery = bodyOf(github.closeAsDone({ key: KEY, by: 'bo-chen' }));
    const broken = withValue(withValue(delivery, ['repository'], undefined), ['issue', 'number'], 'one');
    expect(issuesOf(parse(broken))).toEqual([
      expect.stringMatching(/^issue\.number: /),
      expect.stringMatching(/^repository: /),
    ]);
  });
});
