import { describe, expect, it } from 'vitest';
import {
  type ImpactAction,
  type ImpactWindow,
  type PlannedImpact,
  planImpactChange,
} from '../../../src/domain/impact/impact-window.ts';
import { describeImpactChange, describeImpactForAuthor } from '../../../src/domain/slack-lines/impact-lines.ts';

const LA = 'America/Los_Angeles';
const at = (time: string) => new Date(`2026-11-23T${time}:00Z`);

const window = (overrides: Partial<ImpactWindow> & Pick<ImpactWindow, 'id'>): ImpactWindow => ({
  incidentId: 'incident-42',
  service: 'checkout-api',
  kind: 'outage',
  startedAt: at('22:10'),
  endedAt: null,
  ...overrides,
});

const plan = ({
  action,
  time,
  named = [],
  services = ['checkout-api'],
  windows = [],
}: {
  action: ImpactAction;
  time: string;
  named?: readonly string[];
  services?: readonly string[];
  windows?: readonly ImpactWindow[];
}): PlannedImpact =>
  planImpactChange({
    action,
    at: at(time),
    named,
    incident: { number: 42, services: [...services] },
    windows,
    knownServices: ['checkout-api', 'search'],
    zone: LA,
  });

/** The plan as ids and ISO times, so a failing row reads at a glance. */
const summary = (planned: PlannedImpact) =>
  planned.ok
    ? {
        close: planned.plan.close.map(({ window, endedAt }) => `${window.id}@${endedAt.toISOString().slice(11, 16)}`),
        open: planned.plan.open.map(({ service, kind }) => `${kind}:${service}`),
      }
    : { refused: planned.message };

describe('planImpactChange', () => {
  it.each([
    {
      rule: 'starts a window for each of the incident’s services when none is named',
      options: { action: 'outage', time: '21:58', services: ['checkout-api', 'search'] },
      expected: { close: [], open: ['outage:checkout-api', 'outage:search'] },
    },
    {
      rule: 'starts a window only for the services named',
      options: { action: 'degraded', time: '21:58', named: ['search'] },
      expected: { close: [], open: ['degraded:search'] },
    },
    {
      rule: 'switches degraded to outage: the degraded window ends where the outage starts',
      options: {
        action: 'outage',
        time: '22:20',
        windows: [window({ id: 'w1', kind: 'degraded' })],
      },
      expected: { close: ['w1@22:20'], open: ['outage:checkout-api'] },
    },
    {
      rule: 'switches outage to degraded at the very start of the outage',
      options: { action: 'degraded', time: '22:10', windows: [window({ id: 'w1' })] },
      expected: { close: ['w1@22:10'], open: ['degraded:checkout-api'] },
    },
    {
      rule: 'leaves closed windows alone when a new one starts',
      options: {
        action: 'outage',
        time: '22:30',
        windows: [window({ id: 'w1', endedAt: at('22:20') })],
      },
      expected: { close: [], open: ['outage:checkout-api'] },
    },
    {
      rule: 'ends every open window when no service is named, whatever its service',
      options: {
        action: 'end',
        time: '22:31',
        windows: [window({ id: 'w1' }), window({ id: 'w2', service: 'search', kind: 'degraded' })],
      },
      expected: { close: ['w1@22:31', 'w2@22:31'], open: [] },
    },
    {
      rule: 'ends only the named services’ windows',
      options: {
        action: 'end',
        time: '22:31',
        named: ['search'],
        windows: [window({ id: 'w1' }), window({ id: 'w2', service: 'search' })],
      },
      expected: { close: ['w2@22:31'], open: [] },
    },
    {
      rule: 'ends a window at the minute it started',
      options: { action: 'end', time: '22:10', windows: [window({ id: 'w1' })] },
      expected: { close: ['w1@22:10'], open: [] },
    },
  ] as const)('$rule', ({ options, expected }) => {
    expect(summary(plan(options))).toEqual(expected);
  });

  it.each([
    {
      rule: 'an incident without services must name them, and is told which exist',
      options: { action: 'outage', time: '21:58', services: [] },
      message:
        'Incident 42 has no services, so name the affected ones, as in `/incident impact outage 13:58 checkout-api`. Known services: `checkout-api`, `search`.',
    },
    {
      rule: 'a second open window of the same kind',
      options: { action: 'outage', time: '22:20', windows: [window({ id: 'w1' })] },
      message:
        'checkout-api already has an open outage since Mon 23 Nov 2026 14:10 (America/Los_Angeles). End it with `/incident impact end checkout-api` first.',
    },
    {
      rule: 'a switch to a start before the open window’s',
      options: { action: 'outage', time: '22:00', windows: [window({ id: 'w1', kind: 'degraded' })] },
      message:
        'The degraded window of checkout-api is open since Mon 23 Nov 2026 14:10 (America/Los_Angeles), after Mon 23 Nov 2026 14:00: a new outage must start after it.',
    },
    {
      rule: 'an end with nothing open',
      options: { action: 'end', time: '22:31', windows: [window({ id: 'w1', endedAt: at('22:20') })] },
      message: 'Incident 42 has no open impact window to end.',
    },
    {
      rule: 'an end for a named service with nothing open',
      options: { action: 'end', time: '22:31', named: ['search'], windows: [window({ id: 'w1' })] },
      message: '`search` has no open impact window on incident 42; open now: `checkout-api`.',
    },
    {
      rule: 'an end before the window started',
      options: { action: 'end', time: '22:00', windows: [window({ id: 'w1' })] },
      message:
        'The outage of checkout-api started at Mon 23 Nov 2026 14:10 (America/Los_Angeles); it cannot end before, at Mon 23 Nov 2026 14:00.',
    },
  ] as const)('refuses $rule', ({ options, message }) => {
    expect(summary(plan(options))).toEqual({ refused: message });
  });
});

describe('describeImpactChange and describeImpactForAuthor', () => {
  const token = (time: string) =>
    `<!date^${Date.parse(`2026-11-23T${time}:00Z`) / 1000}^{date_short_pretty} {time}|2026-11-23 ${time} UTC>`;

  it('says who started which windows, from when, and what they took over from', () => {
    const planned = plan({ action: 'outage', time: '22:20', windows: [window({ id: 'w1', kind: 'degraded' })] });
    if (!planned.ok) throw new Error(planned.message);
    expect(describeImpactChange({ actorId: 'U1', plan: planned.plan })).toEqual({
      line: `:red_circle: <@U1> recorded an outage of checkout-api from ${token('22:20')}, ending the degraded window of checkout-api.`,
      entry: '<@U1> recorded an outage of checkout-api, ending the degraded window of checkout-api.',
    });
    expect(describeImpactForAuthor({ plan: planned.plan, zone: LA, incidentNumber: 42 })).toBe(
      'Recorded an outage of checkout-api from Mon 23 Nov 2026 14:20 (America/Los_Angeles), ending the degraded window of checkout-api on incident 42.',
    );
  });

  it('says how long each ended window lasted', () => {
    const planned = plan({
      action: 'end',
      time: '23:25',
      windows: [
        window({ id: 'w1' }),
        window({ id: 'w2', service: 'search', kind: 'degraded', startedAt: at('23:24') }),
      ],
    });
    if (!planned.ok) throw new Error(planned.message);
    expect(describeImpactChange({ actorId: 'U1', plan: planned.plan })).toEqual({
      line: `:large_green_circle: <@U1> ended the impact on checkout-api (outage, 1 h 15 min) and search (degraded, 1 min) at ${token('23:25')}.`,
      entry: '<@U1> ended the impact on checkout-api (outage, 1 h 15 min) and search (degraded, 1 min).',
    });
  });
});
