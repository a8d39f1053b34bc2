import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.ts';
import type { ImpactWindow } from '../../src/domain/impact/impact-window.ts';
import type { IncidentView } from '../../src/domain/incident/incident.ts';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createIncidentFlows } from '../../src/flows/incident-flows.ts';
import { versionOpenWindows } from '../../src/flows/open-windows-version.ts';
import { createResolveFlows } from '../../src/flows/resolve-flows.ts';
import { createFakeImpactStore } from '../support/fakes/fake-impact-store.ts';
import { createFakeIncidentStore } from '../support/fakes/fake-incident-store.ts';
import { createFakeNotifier } from '../support/fakes/fake-notifier.ts';
import { readRefusal } from '../support/fakes/read-refusal.ts';
import { buildIncident } from '../support/incident-factory.ts';

const BOB = 'U05BOB0002';
// Monday 23 November 2026, 23:30 UTC; November in Paris (the team's zone) allows 43.2 min at 99.9 %.
const NOW = new Date('2026-11-23T23:30:00Z');
const NOW_MS = NOW.getTime();
const IN_CHANNEL = { channelId: 'C42' };
const ID = 'incident-42';

const parsed = parseTeamConfig({
  team: { timeZone: 'Europe/Paris', announcementsChannel: 'C05ABCD1234' },
  services: [{ name: 'checkout-api', sla: { target: 99.9, window: 'monthly' } }, { name: 'search' }],
});
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const TEAM = parsed.config;

const at = (time: string): Date => new Date(`2026-11-23T${time}:00Z`);

/** The Slack date token a line carries, so each reader sees their own time. */
const slackDate = (instant: Date): string =>
  `<!date^${instant.getTime() / 1000}^{date_short_pretty} {time}|${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;

const outage = (overrides: Partial<ImpactWindow> = {}): ImpactWindow => ({
  id: 'w1',
  incidentId: ID,
  service: 'checkout-api',
  kind: 'outage',
  startedAt: at('21:58'),
  endedAt: at('22:25'),
  ...overrides,
});

const OPEN = buildIncident({ services: ['checkout-api'], roles: { lead: BOB } });

const setup = ({ incidents = [OPEN], windows = [] }: { incidents?: IncidentView[]; windows?: ImpactWindow[] } = {}) => {
  const incidentStore = createFakeIncidentStore({ incidents });
  const impacts = createFakeImpactStore({ incidents: incidentStore, windows });
  const { onEffects, kicks } = createFakeNotifier();
  const now = () => NOW;
  const { findTarget } = createIncidentFlows({
    incidents: incidentStore,
    team: TEAM,
    now,
    onEffects,
    findDetection: async () => null,
  });
  const flows = createResolveFlows({ incidents: incidentStore, impacts, team: TEAM, now, onEffects, findTarget });
  const outbox = () => incidentStore.outbox.messages.map(({ dedupeKey, effect }) => ({ dedupeKey, effect }));
  return { flows, incidents: incidentStore, impacts, outbox, kicks };
};

const CHANGED_MEANWHILE = {
  code: 'IMPACT_CHANGED',
  userMessage: 'The impact recorded for incident 42 changed since you were asked. Run `/incident resolve` again.',
};

/** The effects of a resolution by bob at NOW, after `lines` of what came before it. */
const resolutionEffects = (lines: string[], text = `<@${BOB}> resolved the incident.`) => {
  const key = `${ID}:status-resolved:${NOW_MS}:${BOB}`;
  return [
    ...[...lines, text].map((line, index) => ({
      dedupeKey: `${key}#${index}:incident.post`,
      effect: { kind: 'incident.post', incidentId: ID, text: line },
    })),
    { dedupeKey: `${key}#${lines.length + 1}:incident.refresh`, effect: { kind: 'incident.refresh', incidentId: ID } },
    {
      dedupeKey: `${key}#${lines.length + 2}:incident.announce`,
      effect: { kind: 'incident.announce', incidentId: ID, about: 'resolved' },
    },
    {
      dedupeKey: `${key}#${lines.length + 3}:postmortem.generate`,
      effect: {
        kind: 'postmortem.generate',
        incidentId: ID,
        requestKey: `resolve:status-resolved:${NOW_MS}:${BOB}`,
        actorId: BOB,
      },
    },
  ];
};

describe('asking to resolve', () => {
  it('asks to close the impact windows still open first, and writes nothing', async () => {
    const open = outage({ endedAt: null });
    const { flows, incidents, outbox } = setup({ windows: [open] });
    expect(await flows.start(IN_CHANNEL, { actorId: BOB })).toEqual({
      kind: 'close_windows',
      incident: OPEN,
      open: [open],
    });
    expect(await flows.findOpenWindows(ID)).toEqual({ incident: OPEN, open: [open] });
    expect(incidents.get(ID).status).toBe('investigating');
    expect(outbox()).toEqual([]);
  });

  it('asks whether there was customer impact when none was recorded', async () => {
    const { flows, outbox } = setup();
    expect(await flows.start(IN_CHANNEL, { actorId: BOB })).toEqual({ kind: 'ask_impact', incident: OPEN });
    expect(outbox()).toEqual([]);
  });

  it('resolves at once when every window is closed: the line, the summary, the announcement, the draft and the budget', async () => {
    const { flows, incidents, impacts, outbox, kicks } = setup({ windows: [outage()] });

    const started = await flows.start(IN_CHANNEL, { actorId: BOB, message: 'Rolled back' });

    expect(started).toMatchObject({ kind: 'resolved', incident: { status: 'resolved', resolvedAt: NOW } });
    expect(incidents.get(ID)).toMatchObject({
      status: 'resolved',
      identifiedAt: NOW,
      mitigatedAt: NOW,
      resolvedAt: NOW,
    });
    expect(incidents.timeline.textsOf(ID)).toEqual([`<@${BOB}> resolved the incident: Rolled back`]);
    const budgetKey = `${ID}:status-resolved:${NOW_MS}:${BOB}:budget`;
    expect(outbox()).toEqual([
      ...resolutionEffects([], `<@${BOB}> resolved the incident: Rolled back`),
      {
        dedupeKey: `${budgetKey}#0:incident.post`,
        effect: {
          kind: 'incident.post',
          incidentId: ID,
          text: "Used 27 min of checkout-api's 43.2 min November budget (62%).",
        },
      },
      {
        dedupeKey: 'budget:checkout-api:2026-11:50',
        effect: {
          kind: 'announcements.post',
          incidentId: ID,
          text: ':warning: checkout-api has used 62% of its November error budget (27 min of 43.2 min).',
        },
      },
    ]);
    expect(impacts.announced).toEqual(['checkout-api:2026-11:50']);
    expect(kicks()).toBe(1);

    expect(await readRefusal(flows.start(IN_CHANNEL, { actorId: BOB }))).toEqual({
      code: 'INCIDENT_RESOLVED',
      userMessage: 'Incident 42 is already resolved. Use `/incident reopen <reason>` to continue working on it.',
    });
    expect(outbox()).toHaveLength(6);
  });

  it('announces each budget threshold once per service and period, whichever incident crosses it', async () => {
    const second = buildIncident({ id: 'incident-43', number: 43, channelId: 'C43', services: ['checkout-api'] });
    const { flows, impacts, outbox } = setup({ incidents: [OPEN, second], windows: [outage()] });
    await flows.start(IN_CHANNEL, { actorId: BOB });
    // The second incident's outage comes after the first was resolved: 44 min of the month's 43.2 in all.
    impacts.windows.push(outage({ id: 'w2', incidentId: 'incident-43', startedAt: at('22:30'), endedAt: at('22:47') }));
    await flows.start({ channelId: 'C43' }, { actorId: BOB });

    expect(outbox().slice(-2)).toEqual([
      {
        dedupeKey: `incident-43:status-resolved:${NOW_MS}:${BOB}:budget#0:incident.post`,
        effect: {
          kind: 'incident.post',
          incidentId: 'incident-43',
          text: "Used 44 min of checkout-api's 43.2 min November budget (101%): the budget is exceeded.",
        },
      },
      {
        dedupeKey: 'budget:checkout-api:2026-11:100',
        effect: {
          kind: 'announcements.post',
          incidentId: 'incident-43',
          text: ':rotating_light: checkout-api has exceeded its November error budget: 101% used (44 min of 43.2 min).',
        },
      },
    ]);
    expect(impacts.announced).toEqual(['checkout-api:2026-11:50', 'checkout-api:2026-11:100']);
    expect(outbox().filter(({ effect }) => effect.kind === 'announcements.post')).toHaveLength(2);
  });
});

describe('budgets of every period an incident touched', () => {
  it('charges October and November for an outage across midnight of the 1st in Paris, telling both and announcing each', async () => {
    // 23:00 on 31 October in Paris to 00:40 on 1 November: 60 min of October (745 h: 44.7 min) and 40 of November.
    const across = outage({ startedAt: new Date('2026-10-31T22:00:00Z'), endedAt: new Date('2026-10-31T23:40:00Z') });
    const { flows, impacts, outbox } = setup({ windows: [across] });
    await flows.start(IN_CHANNEL, { actorId: BOB });

    expect(outbox().slice(-4)).toEqual([
      {
        dedupeKey: `${ID}:status-resolved:${NOW_MS}:${BOB}:budget#0:incident.post`,
        effect: {
          kind: 'incident.post',
          incidentId: ID,
          text: "checkout-api's error budget, in each period this incident touched: October: 60 min used, 134% of its 44.7 min budget, exceeded; November: 40 min used, 92% of its 43.2 min budget.",
        },
      },
      {
        dedupeKey: 'budget:checkout-api:2026-10:50',
        effect: {
          kind: 'announcements.post',
          incidentId: ID,
          text: ':warning: checkout-api has used 134% of its October error budget (60 min of 44.7 min).',
        },
      },
      {
        dedupeKey: 'budget:checkout-api:2026-10:100',
        effect: {
          kind: 'announcements.post',
          incidentId: ID,
          text: ':rotating_light: checkout-api has exceeded its October error budget: 134% used (60 min of 44.7 min).',
        },
      },
      {
        dedupeKey: 'budget:checkout-api:2026-11:50',
        effect: {
          kind: 'announcements.post',
          incidentId: ID,
          text: ':warning: checkout-api has used 92% of its November error budget (40 min of 43.2 min).',
        },
      },
    ]);
    expect(impacts.announced).toEqual([
      'checkout-api:2026-10:50',
      'checkout-api:2026-10:100',
      'checkout-api:2026-11:50',
    ]);
  });

  it('charges the month the impact was in, not the month of the resolution', async () => {
    const october = outage({ startedAt: new Date('2026-10-30T10:00:00Z'), endedAt: new Date('2026-10-30T10:27:00Z') });
    const { flows, outbox } = setup({ windows: [october] });
    await flows.start(IN_CHANNEL, { actorId: BOB });
    expect(outbox().filter(({ dedupeKey }) => dedupeKey.includes(':budget'))).toEqual([
      expect.objectContaining({
        effect: expect.objectContaining({ text: "Used 27 min of checkout-api's 44.7 min October budget (60%)." }),
      }),
    ]);
    expect(outbox().filter(({ effect }) => effect.kind === 'announcements.post')).toEqual([
      expect.objectContaining({ dedupeKey: 'budget:checkout-api:2026-10:50' }),
    ]);
  });
});

describe('closing the open windows and resolving', () => {
  const open = [
    outage({ endedAt: null }),
    outage({ id: 'w2', service: 'search', startedAt: at('22:10'), endedAt: null }),
  ];

  it('closes the windows the person saw at the ends they picked (else now), each end time one line', async () => {
    const { flows, impacts, incidents, outbox } = setup({ windows: open });

    const resolved = await flows.closeWindowsAndResolve({
      incidentId: ID,
      actorId: BOB,
      openWindows: versionOpenWindows(['w2', 'w1']),
      ends: new Map([['w1', at('22:25')]]),
    });

    expect(resolved.status).toBe('resolved');
    expect(impacts.windows.map(({ id, endedAt }) => ({ id, endedAt }))).toEqual([
      { id: 'w1', endedAt: at('22:25') },
      { id: 'w2', endedAt: NOW },
    ]);
    const endedW1 = `<@${BOB}> ended the impact on checkout-api (outage, 27 min)`;
    const endedW2 = `<@${BOB}> ended the impact on search (outage, 1 h 20 min)`;
    expect(
      incidents.timeline.entries.map(({ naturalKey, occurredAt, text }) => ({ naturalKey, occurredAt, text })),
    ).toEqual([
      { naturalKey: `status-resolved:${NOW_MS}:${BOB}`, occurredAt: NOW, text: `<@${BOB}> resolved the incident.` },
      { naturalKey: 'impact-end:w1', occurredAt: at('22:25'), text: `${endedW1}.` },
      { naturalKey: 'impact-end:w2', occurredAt: NOW, text: `${endedW2}.` },
    ]);
    expect(outbox().slice(0, 6)).toEqual(
      resolutionEffects([
        `:large_green_circle: ${endedW1} at ${slackDate(at('22:25'))}.`,
        `:large_green_circle: ${endedW2} at ${slackDate(NOW)}.`,
      ]),
    );
  });

  it('refuses when the open windows are not the ones the person saw', async () => {
    const { flows, incidents, outbox } = setup({ windows: open });
    expect(
      await readRefusal(
        flows.closeWindowsAndResolve({ incidentId: ID, actorId: BOB, openWindows: versionOpenWindows(['w1']) }),
      ),
    ).toEqual(CHANGED_MEANWHILE);
    expect(incidents.get(ID).status).toBe('investigating');
    expect(outbox()).toEqual([]);
  });

  it.each([
    {
      name: 'before the window started',
      end: at('21:00'),
      userMessage: `The outage of checkout-api started at ${slackDate(at('21:58'))}; it cannot end before that.`,
    },
    {
      name: 'in the future',
      end: new Date(NOW_MS + 61_000),
      userMessage: 'The outage of checkout-api cannot end in the future.',
    },
    {
      name: 'more than 30 days back',
      end: new Date('2026-10-14T10:00:00Z'),
      userMessage: 'Pick a time within the last 30 days. Older impact is recorded with /incident impact … backdate.',
    },
  ])('refuses an end $name', async ({ end, userMessage }) => {
    const { flows, outbox } = setup({ windows: open });
    expect(
      await readRefusal(
        flows.closeWindowsAndResolve({
          incidentId: ID,
          actorId: BOB,
          openWindows: versionOpenWindows(['w1', 'w2']),
          ends: new Map([['w1', end]]),
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', userMessage });
    expect(outbox()).toEqual([]);
  });

  it('resolves once when the confirmation is clicked twice at once, and tells the later click', async () => {
    const { flows, outbox } = setup({ windows: open });
    const confirm = () =>
      flows.closeWindowsAndResolve({ incidentId: ID, actorId: BOB, openWindows: versionOpenWindows(['w1', 'w2']) });
    const results = await Promise.allSettled([confirm(), confirm()]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    const [, later] = results;
    expect(later?.status === 'rejected' && later.reason instanceof AppError && later.reason.userMessage).toBe(
      'Someone changed this incident at the same moment; look at the summary and try again.',
    );
    expect(outbox().filter(({ effect }) => effect.kind === 'postmortem.generate')).toHaveLength(1);
  });
});

describe('resolving an incident without recorded impact', () => {
  it('says there was no customer impact, on the timeline and in the channel', async () => {
    const { flows, incidents, outbox } = setup();

    expect(await flows.resolveWithoutImpact({ incidentId: ID, actorId: BOB })).toMatchObject({ status: 'resolved' });

    expect(incidents.timeline.entries).toContainEqual({
      incidentId: ID,
      naturalKey: `no-impact:${NOW_MS}`,
      source: 'impact',
      occurredAt: NOW,
      actorId: BOB,
      text: `<@${BOB}> confirmed there was no customer impact.`,
    });
    // Its services still get their budget line.
    expect(outbox()).toEqual([
      ...resolutionEffects([`:white_check_mark: <@${BOB}> confirmed there was no customer impact.`]),
      {
        dedupeKey: `${ID}:status-resolved:${NOW_MS}:${BOB}:budget#0:incident.post`,
        effect: {
          kind: 'incident.post',
          incidentId: ID,
          text: "Used 0 min of checkout-api's 43.2 min November budget (0%).",
        },
      },
    ]);
  });

  it('refuses once impact was recorded meanwhile', async () => {
    const { flows, outbox } = setup({ windows: [outage()] });
    expect(await readRefusal(flows.resolveWithoutImpact({ incidentId: ID, actorId: BOB }))).toEqual(CHANGED_MEANWHILE);
    expect(outbox()).toEqual([]);
  });

  it('records the impact from the form as one closed window, moving the impact start back, and resolves', async () => {
    const { flows, impacts, incidents, outbox } = setup();
    const impact = { service: 'checkout-api', kind: 'outage' as const, startedAt: at('21:58'), endedAt: at('22:25') };

    await flows.recordImpactAndResolve({ incidentId: ID, actorId: BOB, impact });

    expect(impacts.windows).toEqual([{ id: expect.any(String), incidentId: ID, ...impact, createdBy: BOB }]);
    expect(incidents.get(ID)).toMatchObject({ status: 'resolved', impactStartedAt: at('21:58') });
    const windowId = impacts.windows[0]?.id;
    expect(incidents.timeline.entries.map(({ naturalKey, text }) => ({ naturalKey, text }))).toEqual([
      { naturalKey: `status-resolved:${NOW_MS}:${BOB}`, text: `<@${BOB}> resolved the incident.` },
      { naturalKey: `impact-start:${windowId}`, text: `<@${BOB}> recorded an outage of checkout-api.` },
      { naturalKey: `impact-end:${windowId}`, text: `<@${BOB}> ended the impact on checkout-api (outage, 27 min).` },
    ]);
    expect(outbox().slice(0, 6)).toEqual(
      resolutionEffects([
        `:red_circle: <@${BOB}> recorded an outage of checkout-api from ${slackDate(at('21:58'))}.`,
        `:large_green_circle: <@${BOB}> ended the impact on checkout-api (outage, 27 min) at ${slackDate(at('22:25'))}.`,
      ]),
    );

    // The form submitted again: the incident is resolved now, and nothing more is written.
    expect(await readRefusal(flows.recordImpactAndResolve({ incidentId: ID, actorId: BOB, impact }))).toMatchObject({
      code: 'INCIDENT_RESOLVED',
    });
    expect(impacts.windows).toHaveLength(1);
  });

  it.each([
    {
      name: 'a service sitrep does not know',
      impact: { service: 'payments' },
      userMessage: 'There is no service called payments in sitrep.yml.',
    },
    {
      name: 'a start in the future',
      impact: { startedAt: new Date(NOW_MS + 61_000), endedAt: new Date(NOW_MS + 120_000) },
      userMessage: 'Impact cannot start in the future.',
    },
    {
      name: 'a start more than 30 days back, which the form cannot say is meant',
      impact: { startedAt: new Date('2026-10-14T10:00:00Z'), endedAt: new Date('2026-10-14T11:00:00Z') },
      userMessage: 'Pick a time within the last 30 days. Older impact is recorded with /incident impact … backdate.',
    },
    {
      name: 'an end before the start',
      impact: { endedAt: at('21:00') },
      userMessage: `The outage of checkout-api started at ${slackDate(at('21:58'))}; it cannot end before that.`,
    },
  ])('refuses $name and records nothing', async ({ impact, userMessage }) => {
    const { flows, impacts, incidents, outbox } = setup();
    const request = {
      incidentId: ID,
      actorId: BOB,
      impact: {
        service: 'checkout-api',
        kind: 'outage' as const,
        startedAt: at('21:58'),
        endedAt: at('22:25'),
        ...impact,
      },
    };
    expect(await readRefusal(flows.recordImpactAndResolve(request))).toEqual({ code: 'BAD_REQUEST', userMessage });
    expect(impacts.windows).toEqual([]);
    expect(incidents.get(ID).status).toBe('investigating');
    expect(outbox()).toEqual([]);
  });

  it('says an incident that no longer exists cannot be resolved', async () => {
    const { flows } = setup();
    expect(await readRefusal(flows.resolveWithoutImpact({ incidentId: 'incident-gone', actorId: BOB }))).toEqual({
      code: 'NOT_FOUND',
      userMessage: 'That incident no longer exists.',
    });
  });
});
