import { describe, expect, it } from 'vitest';
import type { ActionItemView } from '../../src/domain/action-items/action-item-view.ts';
import { AppError } from '../../src/domain/app-error.ts';
import type { IncidentView } from '../../src/domain/incident/incident.ts';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { type ActionItemFlows, createActionItemFlows } from '../../src/flows/action-item-flows.ts';
import type { PersonCheck } from '../../src/flows/action-items/action-item-deps.ts';
import { createIncidentFlows } from '../../src/flows/incident-flows.ts';
import { buildActionItem, createFakeActionItemStore } from '../support/fakes/fake-action-item-store.ts';
import { createFakeIncidentStore } from '../support/fakes/fake-incident-store.ts';
import { createFakeNotifier } from '../support/fakes/fake-notifier.ts';
import { buildPostmortemVersion, createFakePostmortemStore } from '../support/fakes/fake-postmortem-store.ts';
import { readRefusal } from '../support/fakes/read-refusal.ts';
import { buildIncident } from '../support/incident-factory.ts';

const ALICE = 'U05ALICE01';
const BOB = 'U05BOB0002';
const CAROL = 'U05CAROL03';
// Monday 23 November 2026: 10:00 in Paris (the team and alice), 01:00 in Los Angeles (bob), 18:00 in Tokyo (carol).
const NOW = new Date('2026-11-23T09:00:00Z');
const NOW_MS = NOW.getTime();
const IN_CHANNEL = { channelId: 'C42' };
const TITLE = 'Add an alert on checkout 5xx rate';

const PEOPLE: Record<string, PersonCheck> = {
  [ALICE]: { kind: 'person', tz: 'Europe/Paris' },
  [BOB]: { kind: 'person', tz: 'America/Los_Angeles' },
  [CAROL]: { kind: 'person', tz: 'Asia/Tokyo' },
  U0LEFT0001: { kind: 'deactivated' },
  U0BOT00001: { kind: 'bot' },
};

const parsed = parseTeamConfig({ team: { timeZone: 'Europe/Paris' } });
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const TEAM = parsed.config;

const setup = ({
  incident = buildIncident({ roles: { lead: ALICE } }),
  items = [],
  draftedAt,
}: {
  incident?: IncidentView;
  items?: ActionItemView[];
  draftedAt?: Date;
} = {}) => {
  const incidents = createFakeIncidentStore({ incidents: [incident] });
  const actions = createFakeActionItemStore({ incidents: [incident], items, outbox: incidents.outbox });
  const postmortems = createFakePostmortemStore({
    outbox: incidents.outbox,
    versions: draftedAt ? [buildPostmortemVersion({ incidentId: incident.id, generatedAt: draftedAt })] : [],
  });
  const { onEffects, kicks } = createFakeNotifier();
  const { findTarget } = createIncidentFlows({
    incidents,
    team: TEAM,
    now: () => NOW,
    onEffects,
    findDetection: async () => null,
  });
  const flows = createActionItemFlows({
    actions,
    postmortems,
    people: {
      check: async (userId) => PEOPLE[userId] ?? { kind: 'missing' },
      zoneOf: async (userId) => {
        const person = PEOPLE[userId];
        return person?.kind === 'person' ? person.tz : TEAM.team.timeZone;
      },
    },
    holidays: { isHoliday: () => false },
    team: TEAM,
    now: () => NOW,
    onEffects,
    findTarget,
  });
  const outbox = () => incidents.outbox.messages.map(({ dedupeKey, effect }) => ({ dedupeKey, effect }));
  return { flows, actions, postmortems, outbox, kicks, incident };
};

/** An open action of incident 42 that bob owns, due Monday 30 November in Los Angeles. */
const BOBS = buildActionItem({
  id: 'action-7',
  incidentId: 'incident-42',
  title: TITLE,
  ownerId: BOB,
  ownerTimeZone: 'America/Los_Angeles',
  dueAt: new Date('2026-12-01T07:59:59.999Z'),
  nextReminderAt: new Date('2026-11-27T17:00:00Z'),
});

const changeEffects = (key: string, line: string, homes: string[]) => [
  { dedupeKey: `${key}#0:incident.post`, effect: { kind: 'incident.post', incidentId: 'incident-42', text: line } },
  ...homes.map((userId, index) => ({
    dedupeKey: `${key}#${index + 1}:home.refresh`,
    effect: { kind: 'home.refresh', userId },
  })),
  {
    dedupeKey: `${key}#${homes.length + 1}:incident.refresh`,
    effect: { kind: 'incident.refresh', incidentId: 'incident-42' },
  },
  {
    dedupeKey: `${key}#${homes.length + 2}:postmortem.sync_actions`,
    effect: { kind: 'postmortem.sync_actions', incidentId: 'incident-42' },
  },
];

describe('adding an action item', () => {
  it('gives it the named owner, due five business days out in their zone, and tells the channel, the owner and the postmortem', async () => {
    const { flows, actions, outbox, kicks } = setup();
    const request = { title: `  ${TITLE} `, ownerId: BOB, kind: 'alarm' as const, actorId: ALICE, requestKey: 'T1' };

    const { action, created } = await flows.add(IN_CHANNEL, request);

    expect(created).toBe(true);
    // Five business days after Monday 23 is Monday 30, to its last minute in Los Angeles; reminded the day before.
    expect(action).toMatchObject({
      title: TITLE,
      kind: 'alarm',
      status: 'open',
      ownerId: BOB,
      ownerTimeZone: 'America/Los_Angeles',
      dueAt: new Date('2026-12-01T07:59:59.999Z'),
      createdBy: ALICE,
      createdAt: NOW,
      nextReminderAt: new Date('2026-11-27T17:00:00Z'),
    });
    const line = `<@${ALICE}> added an action item (Alarm): *${TITLE}*, owner <@${BOB}>, due Mon 30 Nov 2026.`;
    expect(actions.timeline.entries).toEqual([
      {
        incidentId: 'incident-42',
        naturalKey: 'action:T1',
        source: 'command',
        occurredAt: NOW,
        actorId: ALICE,
        text: line,
      },
    ]);
    const key = `action:${action.id}:added`;
    expect(outbox()).toEqual([
      { dedupeKey: `${key}#0:incident.post`, effect: { kind: 'incident.post', incidentId: 'incident-42', text: line } },
      { dedupeKey: `${key}#1:action.assigned`, effect: { kind: 'action.assigned', actionId: action.id, ownerId: BOB } },
      { dedupeKey: `${key}#2:home.refresh`, effect: { kind: 'home.refresh', userId: BOB } },
      { dedupeKey: `${key}#3:incident.refresh`, effect: { kind: 'incident.refresh', incidentId: 'incident-42' } },
      {
        dedupeKey: `${key}#4:postmortem.sync_actions`,
        effect: { kind: 'postmortem.sync_actions', incidentId: 'incident-42' },
      },
    ]);
    expect(kicks()).toBe(1);

    // Slack delivering the command again adds nothing and sends nothing.
    expect(await flows.add(IN_CHANNEL, request)).toEqual({ action, created: false });
    expect(actions.items).toHaveLength(1);
    expect(outbox()).toHaveLength(5);
    expect(kicks()).toBe(1);
  });

  it('gives an action without an owner to the lead, in the lead’s zone, without a DM when the lead adds it', async () => {
    const { flows, outbox } = setup();
    const { action } = await flows.add(IN_CHANNEL, {
      title: 'Write the runbook',
      due: { kind: 'business_days', count: 3 },
      actorId: ALICE,
      requestKey: 'T1',
    });
    expect(action).toMatchObject({
      ownerId: ALICE,
      ownerTimeZone: 'Europe/Paris',
      dueAt: new Date('2026-11-26T22:59:59.999Z'),
    });
    expect(outbox().map(({ effect }) => effect.kind)).toEqual([
      'incident.post',
      'home.refresh',
      'incident.refresh',
      'postmortem.sync_actions',
    ]);
  });

  it('leaves an action of an incident without a lead unowned, due in the team’s zone', async () => {
    const { flows, outbox } = setup({ incident: buildIncident() });
    const { action } = await flows.add(IN_CHANNEL, { title: 'Write the runbook', actorId: BOB, requestKey: 'T1' });
    expect(action).toMatchObject({
      ownerId: null,
      ownerTimeZone: 'Europe/Paris',
      dueAt: new Date('2026-11-30T22:59:59.999Z'),
    });
    expect(outbox()[0]?.effect).toEqual({
      kind: 'incident.post',
      incidentId: 'incident-42',
      text: `<@${BOB}> added an action item: *Write the runbook*, no owner yet, due Mon 30 Nov 2026.`,
    });
    expect(outbox().map(({ effect }) => effect.kind)).not.toContain('home.refresh');
  });

  it.each([
    {
      name: 'typed, to its end in the owner’s zone',
      due: { kind: 'date', date: '2026-12-04' },
      dueAt: '2026-12-05T07:59:59.999Z',
    },
    {
      name: 'in business days from today',
      due: { kind: 'business_days', count: 3 },
      dueAt: '2026-11-27T07:59:59.999Z',
    },
  ] as const)('sets a due date $name', async ({ due, dueAt }) => {
    const { flows } = setup();
    const { action } = await flows.add(IN_CHANNEL, {
      title: TITLE,
      ownerId: BOB,
      due,
      actorId: ALICE,
      requestKey: 'T1',
    });
    expect(action.dueAt).toEqual(new Date(dueAt));
  });

  it.each([
    // Drafted Thursday 19: five business days later is Thursday 26, still ahead.
    { draftedAt: new Date('2026-11-19T10:00:00Z'), dueAt: new Date('2026-11-26T22:59:59.999Z') },
    // Drafted Monday 9: its five days ended on Monday 16, so the action gets five of its own.
    { draftedAt: new Date('2026-11-09T10:00:00Z'), dueAt: new Date('2026-11-30T22:59:59.999Z') },
  ])(
    'counts the five business days from the first draft when they are still ahead ($draftedAt)',
    async ({ draftedAt, dueAt }) => {
      const { flows } = setup({ draftedAt });
      const { action } = await flows.add(IN_CHANNEL, { title: TITLE, actorId: ALICE, requestKey: 'T1' });
      expect(action.dueAt).toEqual(dueAt);
    },
  );

  it.each([
    {
      name: 'an empty title',
      request: { title: '   ' },
      message: "An action's title must be 1 to 300 characters: say what will be done.",
    },
    {
      name: 'a title too long',
      request: { title: 'x'.repeat(301) },
      message: "An action's title must be 1 to 300 characters: say what will be done.",
    },
    {
      name: 'an owner Slack does not know',
      request: { ownerId: 'U0NOBODY99' },
      message:
        "I can't find <@U0NOBODY99> in this workspace. Pick the owner from the list Slack shows as you type `@`.",
    },
    {
      name: 'an owner who left',
      request: { ownerId: 'U0LEFT0001' },
      message:
        '<@U0LEFT0001> has left this workspace (their account is deactivated); give the action to someone who can do it.',
    },
    {
      name: 'an app as owner',
      request: { ownerId: 'U0BOT00001' },
      message: '<@U0BOT00001> is an app; an action needs a person as owner.',
    },
    {
      name: 'a due date on a Saturday',
      request: { ownerId: ALICE, due: { kind: 'date' as const, date: '2026-11-28' } },
      message:
        '`2026-11-28` is a Saturday. Pick a business day, such as `2026-11-27` (Friday) or `2026-11-30` (Monday).',
    },
  ])('refuses $name and stores nothing', async ({ request, message }) => {
    const { flows, actions, outbox, kicks } = setup();
    expect(
      await readRefusal(flows.add(IN_CHANNEL, { title: TITLE, actorId: ALICE, requestKey: 'T1', ...request })),
    ).toEqual({ code: 'BAD_REQUEST', userMessage: message });
    expect(actions.items).toEqual([]);
    expect(outbox()).toEqual([]);
    expect(kicks()).toBe(0);
  });

  it('refuses outside an incident channel, saying how to name the incident', async () => {
    const { flows } = setup();
    expect(
      await readRefusal(flows.add({ channelId: 'C0GENERAL1' }, { title: TITLE, actorId: ALICE, requestKey: 'T1' })),
    ).toEqual({
      code: 'NOT_IN_INCIDENT',
      userMessage:
        'This channel is not an incident channel. Run the command in the incident’s channel, or name the incident: `/incident status 42 resolved`.',
    });
  });
});

describe('changing an action item', () => {
  it('marks it done: no more reminders, a line in the channel, the owner’s App Home refreshed', async () => {
    const { flows, actions, outbox, kicks } = setup({ items: [BOBS] });

    const done = await flows.markDone({ id: BOBS.id, actorId: ALICE });

    expect(done).toMatchObject({ status: 'done', doneAt: NOW, closedBy: ALICE, nextReminderAt: null, updatedAt: NOW });
    expect(outbox()).toEqual(
      changeEffects(
        `action:action-7:done:${NOW_MS}:${ALICE}`,
        `:white_check_mark: <@${ALICE}> marked *${TITLE}* done.`,
        [BOB],
      ),
    );
    expect(kicks()).toBe(1);
    expect(await readRefusal(flows.markDone({ id: BOBS.id, actorId: ALICE }))).toEqual({
      code: 'NO_CHANGE',
      userMessage: `*${TITLE}* is done already.`,
    });
    expect(actions.get(BOBS.id).status).toBe('done');
    expect(outbox()).toHaveLength(4);
  });

  it('answers the later of two clicks at once with what the first one did', async () => {
    const { flows, outbox } = setup({ items: [BOBS] });
    const results = await Promise.allSettled([
      flows.markDone({ id: BOBS.id, actorId: ALICE }),
      flows.markDone({ id: BOBS.id, actorId: BOB }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    const [, later] = results;
    expect(later?.status === 'rejected' && later.reason instanceof AppError && later.reason.userMessage).toBe(
      `Someone changed “${TITLE}” just before you (it is done now); look again and retry if still needed.`,
    );
    expect(outbox()).toHaveLength(4);
  });

  it('records why it won’t be done, and refuses without a reason', async () => {
    const { flows, outbox } = setup({ items: [BOBS] });
    const refused = {
      code: 'BAD_REQUEST',
      userMessage: "Say in 1 to 1000 characters why it won't be done, so the postmortem keeps the decision.",
    };
    expect(await readRefusal(flows.wontDo({ id: BOBS.id, actorId: BOB, reason: '  ' }))).toEqual(refused);
    expect(await readRefusal(flows.wontDo({ id: BOBS.id, actorId: BOB, reason: 'x'.repeat(1001) }))).toEqual(refused);
    expect(outbox()).toEqual([]);

    const closed = await flows.wontDo({ id: BOBS.id, actorId: BOB, reason: ' The alert exists already ' });

    expect(closed).toMatchObject({
      status: 'wont_do',
      closedBy: BOB,
      wontDoReason: 'The alert exists already',
      nextReminderAt: null,
    });
    expect(outbox()).toEqual(
      changeEffects(
        `action:action-7:wont_do:${NOW_MS}:${BOB}`,
        `<@${BOB}> decided *${TITLE}* won't be done: The alert exists already`,
        [BOB],
      ),
    );
    expect(await readRefusal(flows.wontDo({ id: BOBS.id, actorId: BOB, reason: 'Again' }))).toEqual({
      code: 'NO_CHANGE',
      userMessage: `*${TITLE}* is marked won't do already.`,
    });
  });

  it.each([
    {
      name: 'one business day past its due day, when that is still ahead',
      dueAt: BOBS.dueAt,
      snoozed: new Date('2026-12-02T07:59:59.999Z'),
      label: 'Tue 1 Dec 2026',
    },
    {
      name: 'to the next business day, when it is overdue',
      dueAt: new Date('2026-11-19T07:59:59.999Z'),
      snoozed: new Date('2026-11-25T07:59:59.999Z'),
      label: 'Tue 24 Nov 2026',
    },
  ])('snoozes it $name, in the owner’s zone, and reminds again from there', async ({ dueAt, snoozed, label }) => {
    const { flows, outbox } = setup({
      items: [{ ...BOBS, dueAt, escalatedAt: new Date('2026-11-20T17:00:00Z') }],
    });

    const action = await flows.snooze({ id: BOBS.id, actorId: BOB });

    expect(action.dueAt).toEqual(snoozed);
    expect(action.escalatedAt).toBeNull();
    expect(action.nextReminderAt?.getTime()).toBeGreaterThan(NOW_MS);
    expect(flows.dueLabelOf(action)).toBe(label);
    expect(outbox()).toEqual(
      changeEffects(
        `action:action-7:snooze:${NOW_MS}:${BOB}`,
        `<@${BOB}> moved *${TITLE}* one business day, to ${label}.`,
        [BOB],
      ),
    );
  });

  it('hands it over on the same calendar day in the new owner’s zone, telling the new owner and both App Homes', async () => {
    const { flows, outbox } = setup({ items: [BOBS] });

    const action = await flows.reassign({ id: BOBS.id, actorId: ALICE, ownerId: CAROL });

    // Monday 30 November to its end in Tokyo.
    expect(action).toMatchObject({
      ownerId: CAROL,
      ownerTimeZone: 'Asia/Tokyo',
      dueAt: new Date('2026-11-30T14:59:59.999Z'),
    });
    const key = `action:action-7:reassign:${NOW_MS}:${ALICE}`;
    expect(outbox()).toEqual([
      {
        dedupeKey: `${key}#0:incident.post`,
        effect: {
          kind: 'incident.post',
          incidentId: 'incident-42',
          text: `<@${ALICE}> handed *${TITLE}* to <@${CAROL}>, due Mon 30 Nov 2026.`,
        },
      },
      {
        dedupeKey: `${key}#1:action.assigned`,
        effect: { kind: 'action.assigned', actionId: 'action-7', ownerId: CAROL },
      },
      { dedupeKey: `${key}#2:home.refresh`, effect: { kind: 'home.refresh', userId: BOB } },
      { dedupeKey: `${key}#3:home.refresh`, effect: { kind: 'home.refresh', userId: CAROL } },
      { dedupeKey: `${key}#4:incident.refresh`, effect: { kind: 'incident.refresh', incidentId: 'incident-42' } },
      {
        dedupeKey: `${key}#5:postmortem.sync_actions`,
        effect: { kind: 'postmortem.sync_actions', incidentId: 'incident-42' },
      },
    ]);
  });

  it('sends no DM to someone who takes an action themselves', async () => {
    const { flows, outbox } = setup({ items: [BOBS] });
    await flows.reassign({ id: BOBS.id, actorId: CAROL, ownerId: CAROL });
    expect(outbox().map(({ effect }) => effect.kind)).not.toContain('action.assigned');
  });

  it.each([
    {
      name: 'to its owner',
      ownerId: BOB,
      refused: { code: 'NO_CHANGE', userMessage: `<@${BOB}> already owns *${TITLE}*.` },
    },
    {
      name: 'to someone who left',
      ownerId: 'U0LEFT0001',
      refused: {
        code: 'BAD_REQUEST',
        userMessage:
          '<@U0LEFT0001> has left this workspace (their account is deactivated); give the action to someone who can do it.',
      },
    },
  ])('refuses handing it $name', async ({ ownerId, refused }) => {
    const { flows, outbox } = setup({ items: [BOBS] });
    expect(await readRefusal(flows.reassign({ id: BOBS.id, actorId: ALICE, ownerId }))).toEqual(refused);
    expect(outbox()).toEqual([]);
  });

  it.each([
    {
      name: 'done',
      change: (flows: ActionItemFlows) => flows.markDone({ id: 'gone', actorId: BOB }),
    },
    {
      name: 'snoozed',
      change: (flows: ActionItemFlows) => flows.snooze({ id: 'gone', actorId: BOB }),
    },
    {
      name: 'handed over',
      change: (flows: ActionItemFlows) => flows.reassign({ id: 'gone', actorId: BOB, ownerId: CAROL }),
    },
  ])('says an action item that no longer exists cannot be $name', async ({ change }) => {
    const { flows } = setup();
    expect(await readRefusal(change(flows))).toEqual({
      code: 'NOT_FOUND',
      userMessage: 'That action item no longer exists.',
    });
  });
});

describe('listing action items', () => {
  const OTHER_INCIDENT = { incidentId: 'incident-7', incidentNumber: 7 };
  const items = [
    { ...BOBS, id: 'a1', title: 'Open, due later' },
    { ...BOBS, id: 'a2', title: 'Overdue', dueAt: new Date('2026-11-20T07:59:59.999Z') },
    { ...BOBS, id: 'a3', title: 'Done', status: 'done' as const },
    { ...BOBS, id: 'a4', title: 'Carol’s', ownerId: CAROL },
    { ...BOBS, ...OTHER_INCIDENT, id: 'a5', title: 'Bob’s of another incident' },
  ];
  const titles = (list: { actions: ActionItemView[] }) => list.actions.map((action) => action.title);

  it('lists every action of the incident, closed ones too, in its channel', async () => {
    const { flows, incident } = setup({ items });
    const list = await flows.list({ scope: undefined, target: IN_CHANNEL, viewerId: BOB });
    expect(list).toMatchObject({ scope: 'all', incident, now: NOW });
    expect(titles(list)).toEqual(['Overdue', 'Open, due later', 'Done', 'Carol’s']);
  });

  it('lists the viewer’s own open actions elsewhere, and for `mine` even in an incident channel', async () => {
    const { flows } = setup({ items });
    const elsewhere = await flows.list({ scope: undefined, target: { channelId: 'C0GENERAL1' }, viewerId: BOB });
    expect(elsewhere).toMatchObject({ scope: 'mine', incident: undefined });
    expect(titles(elsewhere)).toEqual(['Overdue', 'Open, due later', 'Bob’s of another incident']);
    const mine = await flows.list({ scope: 'mine', target: IN_CHANNEL, viewerId: CAROL });
    expect(titles(mine)).toEqual(['Carol’s']);
  });

  it('lists the open actions past their due date for `overdue`', async () => {
    const { flows } = setup({ items });
    expect(titles(await flows.list({ scope: 'overdue', target: IN_CHANNEL, viewerId: BOB }))).toEqual(['Overdue']);
  });

  it('refuses an incident number that does not exist', async () => {
    const { flows } = setup({ items });
    expect(
      await readRefusal(flows.list({ scope: 'all', target: { channelId: 'C42', number: 9 }, viewerId: BOB })),
    ).toEqual({
      code: 'NOT_FOUND',
      userMessage: 'There is no incident 9.',
    });
  });

  it('finds one action item, and labels its due day in its owner’s zone', async () => {
    const { flows } = setup({ items });
    const action = await flows.find('a1');
    expect(action.title).toBe('Open, due later');
    expect(flows.dueLabelOf(action)).toBe('Mon 30 Nov 2026');
    expect(flows.dueLabelOf({ dueAt: null, ownerTimeZone: null })).toBeNull();
    expect(await readRefusal(flows.find('gone'))).toEqual({
      code: 'NOT_FOUND',
      userMessage: 'That action item no longer exists.',
    });
  });
});

describe('completing the postmortem', () => {
  const DRAFTED = new Date('2026-11-23T08:00:00Z');

  it('needs an accepted action, and every open one with an owner and a due date', async () => {
    const none = setup({ draftedAt: DRAFTED });
    expect(await readRefusal(none.flows.completePostmortem(IN_CHANNEL, { actorId: ALICE }))).toEqual({
      code: 'BAD_REQUEST',
      userMessage:
        "The postmortem of incident 42 can't be marked complete yet:\n• no action item has been accepted yet: add one with `/incident action <what> @owner` (a postmortem without an action to avoid recurrence is not done)",
    });

    const incomplete = setup({
      draftedAt: DRAFTED,
      items: [
        { ...BOBS, id: 'a1', title: 'Unowned', ownerId: null },
        { ...BOBS, id: 'a2', title: 'Undated', dueAt: null },
        { ...BOBS, id: 'a3', title: 'Dropped', status: 'wont_do', ownerId: null, dueAt: null },
      ],
    });
    expect(await readRefusal(incomplete.flows.completePostmortem(IN_CHANNEL, { actorId: ALICE }))).toEqual({
      code: 'BAD_REQUEST',
      userMessage:
        "The postmortem of incident 42 can't be marked complete yet:\n• *Unowned* has no owner: reassign it from `/incident actions`\n• *Undated* has no due date",
    });
    expect([...none.outbox(), ...incomplete.outbox()]).toEqual([]);
  });

  it('refuses before there is a draft', async () => {
    const { flows, outbox } = setup({ items: [BOBS] });
    expect(await readRefusal(flows.completePostmortem(IN_CHANNEL, { actorId: ALICE }))).toEqual({
      code: 'BAD_REQUEST',
      userMessage: 'Incident 42 has no postmortem draft yet: resolve it, or draft one with `/incident postmortem`.',
    });
    expect(outbox()).toEqual([]);
  });

  it('marks the newest version complete once, saying so in the channel', async () => {
    const { flows, postmortems, outbox, kicks } = setup({
      draftedAt: DRAFTED,
      items: [BOBS, { ...BOBS, id: 'a2', status: 'done' }],
    });

    expect(await flows.completePostmortem(IN_CHANNEL, { actorId: ALICE })).toMatchObject({
      version: 1,
      completed: true,
    });
    expect(postmortems.completions).toEqual([{ id: 'postmortem-1', by: ALICE, at: NOW }]);
    expect(outbox()).toEqual([
      {
        dedupeKey: `postmortem:incident-42:complete:${NOW_MS}#0:incident.post`,
        effect: {
          kind: 'incident.post',
          incidentId: 'incident-42',
          text: `:white_check_mark: <@${ALICE}> marked the postmortem complete, with 2 action items to follow up.`,
        },
      },
    ]);
    expect(kicks()).toBe(1);

    expect(await flows.completePostmortem(IN_CHANNEL, { actorId: ALICE })).toMatchObject({
      version: 1,
      completed: false,
    });
    expect(outbox()).toHaveLength(1);
    expect(kicks()).toBe(1);
  });
});
