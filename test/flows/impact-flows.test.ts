import { describe, expect, it } from 'vitest';
import type { ImpactWindow } from '../../src/domain/impact/impact-window.ts';
import type { IncidentView } from '../../src/domain/incident/incident.ts';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createImpactFlows, type RecordImpactInput } from '../../src/flows/impact-flows.ts';
import { createIncidentFlows } from '../../src/flows/incident-flows.ts';
import { createFakeImpactStore } from '../support/fakes/fake-impact-store.ts';
import { createFakeIncidentStore } from '../support/fakes/fake-incident-store.ts';
import { createFakeNotifier } from '../support/fakes/fake-notifier.ts';
import { readRefusal } from '../support/fakes/read-refusal.ts';
import { buildIncident } from '../support/incident-factory.ts';

const BOB = 'U05BOB0002';
// 22:40 UTC is 14:40 in Los Angeles, where bob types his times.
const NOW = new Date('2026-11-23T22:40:00Z');
const IN_CHANNEL = { channelId: 'C42' };
const ID = 'incident-42';
const ALREADY_RECORDED = 'That impact change was already recorded from this request.';

const parsed = parseTeamConfig({
  team: { timeZone: 'Europe/Paris' },
  services: [{ name: 'checkout-api' }, { name: 'search' }],
});
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const TEAM = parsed.config;

const at = (time: string): Date => new Date(`2026-11-23T${time}:00Z`);

const slackDate = (instant: Date): string =>
  `<!date^${instant.getTime() / 1000}^{date_short_pretty} {time}|${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;

/** checkout-api's window of the incident, open since `startedAt`. */
const openWindow = (kind: ImpactWindow['kind'], startedAt: Date): ImpactWindow => ({
  id: 'w1',
  incidentId: ID,
  service: 'checkout-api',
  kind,
  startedAt,
  endedAt: null,
});

const setup = ({
  incident = buildIncident({ services: ['checkout-api'] }),
  windows = [],
}: {
  incident?: IncidentView;
  windows?: ImpactWindow[];
} = {}) => {
  const incidents = createFakeIncidentStore({ incidents: [incident] });
  const impacts = createFakeImpactStore({ incidents, windows });
  const { onEffects, kicks } = createFakeNotifier();
  const now = () => NOW;
  const { findTarget } = createIncidentFlows({
    incidents,
    team: TEAM,
    now,
    onEffects,
    findDetection: async () => null,
  });
  const flows = createImpactFlows({
    impacts,
    team: TEAM,
    now,
    onEffects,
    findTarget,
    zoneOf: async () => 'America/Los_Angeles',
  });
  const outbox = () => incidents.outbox.messages.map(({ dedupeKey, effect }) => ({ dedupeKey, effect }));
  const record = (input: Partial<RecordImpactInput> & Pick<RecordImpactInput, 'action'>) =>
    flows.record(IN_CHANNEL, { services: [], actorId: BOB, requestKey: 'T1', ...input });
  return { record, incidents, impacts, outbox, kicks };
};

describe('recording impact', () => {
  it('opens a window at the time typed in the author’s zone, on the timeline and in the channel, once per request', async () => {
    const { record, incidents, impacts, outbox, kicks } = setup();

    expect(await record({ action: 'outage', time: '13:58' })).toEqual({
      answer: 'Recorded an outage of checkout-api from Mon 23 Nov 2026 13:58 (America/Los_Angeles) on incident 42.',
    });

    expect(impacts.windows).toEqual([
      {
        id: expect.any(String),
        incidentId: ID,
        service: 'checkout-api',
        kind: 'outage',
        startedAt: at('21:58'),
        endedAt: null,
        createdBy: BOB,
      },
    ]);
    // The earliest impact is when the incident's impact started.
    expect(incidents.get(ID).impactStartedAt).toEqual(at('21:58'));
    expect(incidents.timeline.entries).toEqual([
      {
        incidentId: ID,
        naturalKey: 'impact:T1',
        source: 'impact',
        occurredAt: at('21:58'),
        actorId: BOB,
        text: `<@${BOB}> recorded an outage of checkout-api.`,
      },
    ]);
    expect(outbox()).toEqual([
      {
        dedupeKey: `${ID}:impact:T1#0:incident.post`,
        effect: {
          kind: 'incident.post',
          incidentId: ID,
          text: `:red_circle: <@${BOB}> recorded an outage of checkout-api from ${slackDate(at('21:58'))}.`,
        },
      },
    ]);
    expect(kicks()).toBe(1);

    // Slack delivering the command again: answered as done, nothing written.
    expect(await record({ action: 'outage', time: '13:58' })).toEqual({ answer: ALREADY_RECORDED });
    expect(impacts.windows).toHaveLength(1);
    expect(outbox()).toHaveLength(1);
    expect(kicks()).toBe(1);
  });

  it('answers the copy of a request that raced the first one as already recorded', async () => {
    const { record, impacts, kicks } = setup();
    const answers = await Promise.all([record({ action: 'outage' }), record({ action: 'outage' })]);
    expect(answers.map(({ answer }) => answer)).toEqual([
      'Recorded an outage of checkout-api from Mon 23 Nov 2026 14:40 (America/Los_Angeles) on incident 42.',
      ALREADY_RECORDED,
    ]);
    expect(impacts.windows).toHaveLength(1);
    expect(kicks()).toBe(1);
  });

  it('answers as already recorded a copy that looked before the first one landed and planned after it', async () => {
    const { record, impacts } = setup();
    await record({ action: 'outage' });
    // The copy's first look is from before the first copy committed; its plan then meets the window it opened.
    const wasApplied = impacts.wasApplied;
    let looked = false;
    impacts.wasApplied = async (incidentId, naturalKey) => {
      if (looked) return wasApplied(incidentId, naturalKey);
      looked = true;
      return false;
    };
    expect(await record({ action: 'outage' })).toEqual({ answer: ALREADY_RECORDED });
    expect(impacts.windows).toHaveLength(1);
  });

  it('switches a degraded window to an outage at the new start, and ends it', async () => {
    const { record, impacts, incidents, outbox } = setup();
    await record({ action: 'degraded', time: '14:10', requestKey: 'T1' });

    expect((await record({ action: 'outage', time: '14:20', requestKey: 'T2' })).answer).toMatch(
      /ending the degraded window of checkout-api/,
    );
    expect((await record({ action: 'end', time: '14:31', requestKey: 'T3' })).answer).toMatch(
      /^Ended the impact on checkout-api \(outage, 11 min\)/,
    );

    expect(impacts.windows.map(({ kind, startedAt, endedAt }) => ({ kind, startedAt, endedAt }))).toEqual([
      { kind: 'degraded', startedAt: at('22:10'), endedAt: at('22:20') },
      { kind: 'outage', startedAt: at('22:20'), endedAt: at('22:31') },
    ]);
    expect(incidents.get(ID).impactStartedAt).toEqual(at('22:10'));
    expect(outbox().map(({ effect }) => ('text' in effect ? effect.text : effect.kind))).toEqual([
      `:large_orange_circle: <@${BOB}> recorded degraded service on checkout-api from ${slackDate(at('22:10'))}.`,
      `:red_circle: <@${BOB}> recorded an outage of checkout-api from ${slackDate(at('22:20'))}, ending the degraded window of checkout-api.`,
      `:large_green_circle: <@${BOB}> ended the impact on checkout-api (outage, 11 min) at ${slackDate(at('22:31'))}.`,
    ]);
  });

  it.each<{ name: string; input: Partial<RecordImpactInput> & Pick<RecordImpactInput, 'action'>; message: RegExp }>([
    {
      name: 'a time in the future',
      input: { action: 'outage', time: '23:00' },
      message: /`23:00` in `America\/Los_Angeles` is in the future/,
    },
    {
      name: 'an end with no window open',
      input: { action: 'end' },
      message: /^Incident 42 has no open impact window to end\.$/,
    },
  ])('refuses $name and records nothing', async ({ input, message }) => {
    const { record, impacts, outbox, kicks } = setup();
    const refused = await readRefusal(record(input));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.userMessage).toMatch(message);
    expect(impacts.windows).toEqual([]);
    expect(outbox()).toEqual([]);
    expect(kicks()).toBe(0);
  });

  it('refuses a time more than 30 days back unless backdate says it is meant, naming the reports it rewrites', async () => {
    const { record, impacts, outbox } = setup();
    expect(await readRefusal(record({ action: 'outage', time: '2026-10-14 10:00', requestKey: 'T1' }))).toEqual({
      code: 'BAD_REQUEST',
      userMessage:
        '`2026-10-14 10:00` is Wed 14 Oct 2026 10:00 (America/Los_Angeles), more than 30 days ago: impact further back is taken only when you say so, as it is usually a mistyped date. It would rewrite the finished SLA reports of checkout-api for October 2026. If you mean it, add `backdate`: `/incident impact outage 2026-10-14 10:00 #42 backdate`',
    });
    // A year mistyped: a whole year of reports would be rewritten.
    expect(
      (await readRefusal(record({ action: 'outage', time: '2025-11-23 10:00', requestKey: 'T2' }))).userMessage,
    ).toMatch(
      /It would rewrite the finished SLA reports of checkout-api for November 2025, December 2025, January 2026, .* and October 2026\./,
    );
    expect(impacts.windows).toEqual([]);
    expect(outbox()).toEqual([]);

    expect(await record({ action: 'outage', time: '2026-10-14 10:00', backdate: true, requestKey: 'T3' })).toEqual({
      answer:
        'Recorded an outage of checkout-api from Wed 14 Oct 2026 10:00 (America/Los_Angeles) on incident 42. It rewrites the finished SLA reports of checkout-api for October 2026.',
    });
    expect(impacts.windows).toMatchObject([{ startedAt: new Date('2026-10-14T17:00:00Z'), endedAt: null }]);
  });

  it('takes a time 30 days back or less without asking, and says which finished reports it rewrites', async () => {
    const { record } = setup();
    expect(await record({ action: 'outage', time: '2026-10-30 10:00' })).toEqual({
      answer:
        'Recorded an outage of checkout-api from Fri 30 Oct 2026 10:00 (America/Los_Angeles) on incident 42. It rewrites the finished SLA reports of checkout-api for October 2026.',
    });
  });

  it('refuses an end more than 30 days back too', async () => {
    const open = openWindow('outage', new Date('2026-10-01T10:00:00Z'));
    const { record, impacts } = setup({ windows: [open] });
    expect((await readRefusal(record({ action: 'end', time: '2026-10-02 10:00' }))).userMessage).toMatch(
      /more than 30 days ago.*add `backdate`: `\/incident impact end 2026-10-02 10:00 #42 backdate`$/,
    );
    expect(impacts.windows).toEqual([open]);
  });

  it('refuses changes that do not fit the windows open, and records nothing', async () => {
    const degraded = openWindow('degraded', at('22:10'));
    const { record, impacts, outbox } = setup({ windows: [degraded] });
    const refused = async (input: Partial<RecordImpactInput> & Pick<RecordImpactInput, 'action'>) => {
      const { code, userMessage } = await readRefusal(record(input));
      expect(code).toBe('BAD_REQUEST');
      return userMessage;
    };
    expect(await refused({ action: 'end', time: '14:00' })).toMatch(/started at .*cannot end before/);
    expect(await refused({ action: 'degraded', time: '14:15' })).toMatch(/already has an open degraded window/);
    expect(await refused({ action: 'end', time: '14:20', services: ['search'] })).toMatch(
      /`search` has no open impact window/,
    );
    expect(impacts.windows).toEqual([degraded]);
    expect(outbox()).toEqual([]);
  });

  it('refuses impact on an incident without services unless they are named', async () => {
    const { record } = setup({ incident: buildIncident() });
    expect((await readRefusal(record({ action: 'outage' }))).userMessage).toMatch(
      /has no services, so name the affected ones.*Known services: `checkout-api`, `search`/,
    );
    expect((await record({ action: 'outage', services: ['search'] })).answer).toMatch(/^Recorded an outage of search/);
  });

  it('refuses impact on a resolved incident, pointing at reopen', async () => {
    const { record, outbox } = setup({ incident: buildIncident({ services: ['checkout-api'], status: 'resolved' }) });
    expect(await readRefusal(record({ action: 'outage' }))).toEqual({
      code: 'INCIDENT_RESOLVED',
      userMessage:
        'Incident 42 is resolved, and its impact windows with it. Use `/incident reopen <reason>` to record more.',
    });
    expect(outbox()).toEqual([]);
  });
});
