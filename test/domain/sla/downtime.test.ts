import { describe, expect, it } from 'vitest';
import {
  computeDowntime,
  type DowntimeReport,
  formatMinutes,
  type ImpactSpan,
} from '../../../src/domain/sla/downtime.ts';
import { parsePeriod, type SlaPeriod } from '../../../src/domain/sla/sla-period.ts';

const MINUTE = 60_000;
const SERVICE = 'checkout-api';

const periodOf = (text: string, zone = 'UTC'): SlaPeriod => {
  const result = parsePeriod({ text, zone });
  if (!result.ok) throw new Error(result.message);
  return result.period;
};

/** `[kind, start, end]` with times as ISO text; `incidentId` defaults to one incident. */
type SpanRow = [kind: ImpactSpan['kind'], start: string, end: string | null, incidentId?: string, service?: string];

const spansOf = (rows: readonly SpanRow[]): ImpactSpan[] =>
  rows.map(([kind, start, end, incidentId = 'inc-1', service = SERVICE]) => ({
    service,
    kind,
    startedAt: new Date(start),
    endedAt: end === null ? null : new Date(end),
    incidentId,
  }));

type Measure = {
  spans?: readonly SpanRow[];
  period?: string;
  zone?: string;
  target?: number;
  weight?: number;
  now?: string;
};

const measure = ({
  spans = [],
  period = '2026-11',
  zone = 'UTC',
  target = 99.9,
  weight = 0,
  now = '2027-01-15T00:00:00Z',
}: Measure): DowntimeReport =>
  computeDowntime({
    spans: spansOf(spans),
    service: SERVICE,
    period: periodOf(period, zone),
    target,
    degradedWeight: weight,
    now: new Date(now),
  });

describe('computeDowntime', () => {
  it.each([
    {
      name: '99.9% of a 30-day month allows 43.2 min',
      period: '2026-11',
      target: 99.9,
      allowedMs: 2_592_000,
      shown: '43.2 min',
    },
    {
      name: '99.9% of a 31-day month allows 44.64 min',
      period: '2026-10',
      target: 99.9,
      allowedMs: 2_678_400,
      shown: '44.64 min',
    },
    {
      name: '99.99% of a 30-day month allows 4.32 min',
      period: '2026-11',
      target: 99.99,
      allowedMs: 259_200,
      shown: '4.32 min',
    },
    {
      name: '99.9% of a 92-day quarter allows 132.48 min',
      period: '2026-Q4',
      target: 99.9,
      allowedMs: 7_948_800,
      shown: '132.48 min',
    },
    {
      name: '99.5% of a 28-day month allows 201.6 min',
      period: '2026-02',
      target: 99.5,
      allowedMs: 12_096_000,
      shown: '201.6 min',
    },
  ])('$name', ({ period, target, allowedMs, shown }) => {
    const report = measure({ period, target });
    expect(report.allowedMs).toBe(allowedMs);
    expect(formatMinutes(report.allowedMs)).toBe(shown);
  });

  it.each([
    {
      name: 'Paris October, 745 h, allows 44.7 min',
      period: '2026-10',
      zone: 'Europe/Paris',
      windowHours: 745,
      shown: '44.7 min',
    },
    {
      name: 'Paris March, 743 h, allows 44.58 min',
      period: '2026-03',
      zone: 'Europe/Paris',
      windowHours: 743,
      shown: '44.58 min',
    },
    {
      name: 'Los Angeles November, 721 h, allows 43.26 min',
      period: '2026-11',
      zone: 'America/Los_Angeles',
      windowHours: 721,
      shown: '43.26 min',
    },
  ])(
    'measures the allowance over the real length of a month with a DST change: $name',
    ({ period, zone, windowHours, shown }) => {
      const report = measure({ period, zone });
      expect(report.windowMs).toBe(windowHours * 60 * MINUTE);
      expect(formatMinutes(report.allowedMs)).toBe(shown);
    },
  );

  it.each<{
    name: string;
    spans: SpanRow[];
    weight?: number;
    outage: number;
    degraded: number;
    downtime: number;
    incidents: number;
  }>([
    {
      name: 'counts one outage for its length',
      spans: [['outage', '2026-11-03T10:00:00Z', '2026-11-03T10:27:00Z']],
      outage: 27,
      degraded: 0,
      downtime: 27,
      incidents: 1,
    },
    {
      name: 'counts overlapping outages once',
      spans: [
        ['outage', '2026-11-03T10:00:00Z', '2026-11-03T10:30:00Z'],
        ['outage', '2026-11-03T10:20:00Z', '2026-11-03T10:50:00Z'],
      ],
      outage: 50,
      degraded: 0,
      downtime: 50,
      incidents: 1,
    },
    {
      name: 'counts overlapping outages of two incidents once',
      spans: [
        ['outage', '2026-11-03T10:20:00Z', '2026-11-03T10:50:00Z', 'inc-2'],
        ['outage', '2026-11-03T10:00:00Z', '2026-11-03T10:30:00Z', 'inc-1'],
      ],
      outage: 50,
      degraded: 0,
      downtime: 50,
      incidents: 2,
    },
    {
      name: 'counts an outage nested in another once',
      spans: [
        ['outage', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z'],
        ['outage', '2026-11-03T10:15:00Z', '2026-11-03T10:30:00Z', 'inc-2'],
      ],
      outage: 60,
      degraded: 0,
      downtime: 60,
      incidents: 2,
    },
    {
      name: 'adds touching outages end to end',
      spans: [
        ['outage', '2026-11-03T10:30:00Z', '2026-11-03T11:00:00Z'],
        ['outage', '2026-11-03T10:00:00Z', '2026-11-03T10:30:00Z'],
      ],
      outage: 60,
      degraded: 0,
      downtime: 60,
      incidents: 1,
    },
    {
      name: 'weighs degraded time around an outage inside it, and the outage fully',
      spans: [
        ['degraded', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z'],
        ['outage', '2026-11-03T10:20:00Z', '2026-11-03T10:40:00Z'],
      ],
      weight: 0.5,
      outage: 20,
      degraded: 40,
      downtime: 40,
      incidents: 1,
    },
    {
      name: 'weighs only the degraded time outside a partly overlapping outage',
      spans: [
        ['outage', '2026-11-03T10:00:00Z', '2026-11-03T10:30:00Z'],
        ['degraded', '2026-11-03T10:15:00Z', '2026-11-03T11:00:00Z', 'inc-2'],
      ],
      weight: 0.5,
      outage: 30,
      degraded: 30,
      downtime: 45,
      incidents: 2,
    },
    {
      name: 'counts overlapping degraded spans once',
      spans: [
        ['degraded', '2026-11-03T10:00:00Z', '2026-11-03T10:40:00Z'],
        ['degraded', '2026-11-03T10:20:00Z', '2026-11-03T11:00:00Z'],
      ],
      weight: 0.25,
      outage: 0,
      degraded: 60,
      downtime: 15,
      incidents: 1,
    },
    {
      name: 'reports degraded time but counts none of it at weight 0',
      spans: [['degraded', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z']],
      outage: 0,
      degraded: 60,
      downtime: 0,
      incidents: 1,
    },
    {
      name: 'counts degraded time fully at weight 1',
      spans: [['degraded', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z']],
      weight: 1,
      outage: 0,
      degraded: 60,
      downtime: 60,
      incidents: 1,
    },
    {
      name: 'adds nothing for a zero-length outage',
      spans: [['outage', '2026-11-03T10:00:00Z', '2026-11-03T10:00:00Z']],
      outage: 0,
      degraded: 0,
      downtime: 0,
      incidents: 0,
    },
    {
      name: 'ignores a span that ends before it starts',
      spans: [['outage', '2026-11-03T11:00:00Z', '2026-11-03T10:00:00Z']],
      outage: 0,
      degraded: 0,
      downtime: 0,
      incidents: 0,
    },
    {
      name: "ignores other services' spans",
      spans: [
        ['outage', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z', 'inc-2', 'search'],
        ['outage', '2026-11-03T12:00:00Z', '2026-11-03T12:10:00Z'],
      ],
      outage: 10,
      degraded: 0,
      downtime: 10,
      incidents: 1,
    },
    {
      name: 'ignores spans wholly outside the period',
      spans: [
        ['outage', '2026-10-03T10:00:00Z', '2026-10-03T11:00:00Z', 'inc-2'],
        ['outage', '2026-12-01T00:00:00Z', '2026-12-01T01:00:00Z', 'inc-3'],
      ],
      outage: 0,
      degraded: 0,
      downtime: 0,
      incidents: 0,
    },
  ])('$name', ({ spans, weight = 0, outage, degraded, downtime, incidents }) => {
    const report = measure({ spans, weight });
    expect({
      outageMs: report.outageMs,
      degradedMs: report.degradedMs,
      downtimeMs: report.downtimeMs,
      incidents: report.incidents,
    }).toEqual({ outageMs: outage * MINUTE, degradedMs: degraded * MINUTE, downtimeMs: downtime * MINUTE, incidents });
  });

  it.each<{ name: string; span: SpanRow; zone: string; before: string; after: string; minutes: [number, number] }>([
    {
      name: 'splits an outage across October and November between the months',
      span: ['outage', '2026-10-31T23:00:00Z', '2026-11-01T01:00:00Z'],
      zone: 'UTC',
      before: '2026-10',
      after: '2026-11',
      minutes: [60, 60],
    },
    {
      name: 'splits an outage across Q3 and Q4 between the quarters',
      span: ['outage', '2026-09-30T23:30:00Z', '2026-10-01T00:45:00Z'],
      zone: 'UTC',
      before: '2026-Q3',
      after: '2026-Q4',
      minutes: [30, 45],
    },
    {
      name: "splits at the team's midnight, not UTC's",
      span: ['outage', '2026-11-01T06:00:00Z', '2026-11-01T08:00:00Z'],
      zone: 'America/Los_Angeles',
      before: '2026-10',
      after: '2026-11',
      minutes: [60, 60],
    },
  ])('$name', ({ span, zone, before, after, minutes }) => {
    const downtimes = [before, after].map((period) => measure({ spans: [span], period, zone }).downtimeMs / MINUTE);
    expect(downtimes).toEqual(minutes);
  });

  it.each<{ name: string; span: SpanRow; period: string; zone: string; minutes: number }>([
    {
      name: 'measures real time across the night Paris clocks go back (02:30 to 02:30 is an hour)',
      span: ['outage', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'],
      period: '2026-10',
      zone: 'Europe/Paris',
      minutes: 60,
    },
    {
      name: 'measures real time across the night Paris clocks go forward (01:30 to 03:30 is an hour)',
      span: ['outage', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z'],
      period: '2026-03',
      zone: 'Europe/Paris',
      minutes: 60,
    },
  ])('$name', ({ span, period, zone, minutes }) => {
    expect(measure({ spans: [span], period, zone }).downtimeMs).toBe(minutes * MINUTE);
  });

  it.each<{ name: string; spans: SpanRow[]; period: string; now: string; minutes: number; openSpans: number }>([
    {
      name: 'counts an open outage up to now',
      spans: [['outage', '2026-11-20T10:00:00Z', null]],
      period: '2026-11',
      now: '2026-11-20T10:30:00Z',
      minutes: 30,
      openSpans: 1,
    },
    {
      name: "counts an open outage up to the period's end when now is later",
      spans: [['outage', '2026-11-30T23:00:00Z', null]],
      period: '2026-11',
      now: '2026-12-02T00:00:00Z',
      minutes: 60,
      openSpans: 1,
    },
    {
      name: 'counts the rest of that open outage in the next period, up to now',
      spans: [['outage', '2026-11-30T23:00:00Z', null]],
      period: '2026-12',
      now: '2026-12-01T00:45:00Z',
      minutes: 45,
      openSpans: 1,
    },
    {
      name: 'cuts a closed span off at now',
      spans: [['outage', '2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z']],
      period: '2026-11',
      now: '2026-11-20T10:10:00Z',
      minutes: 10,
      openSpans: 0,
    },
    {
      name: 'counts nothing of an open span that starts after now',
      spans: [['outage', '2026-11-20T10:01:00Z', null]],
      period: '2026-11',
      now: '2026-11-20T10:00:00Z',
      minutes: 0,
      openSpans: 0,
    },
    {
      name: 'counts an open degraded span inside a closed outage once',
      spans: [
        ['outage', '2026-11-20T10:00:00Z', '2026-11-20T10:20:00Z'],
        ['degraded', '2026-11-20T10:05:00Z', null],
      ],
      period: '2026-11',
      now: '2026-11-20T10:15:00Z',
      minutes: 15,
      openSpans: 1,
    },
  ])('$name', ({ spans, period, now, minutes, openSpans }) => {
    const report = measure({ spans, period, now, weight: 0.5 });
    expect({ downtimeMs: report.downtimeMs, openSpans: report.openSpans }).toEqual({
      downtimeMs: minutes * MINUTE,
      openSpans,
    });
  });

  it('is 100% available with the whole budget left when there were no incidents', () => {
    const report = measure({});
    expect(report).toMatchObject({
      downtimeMs: 0,
      availabilityPercent: 100,
      budgetUsedPercent: 0,
      remainingMs: 2_592_000,
      breached: false,
      incidents: 0,
      openSpans: 0,
    });
  });

  it.each([
    {
      name: 'uses 62.5% of the budget for 27 of 43.2 min',
      minutes: 27,
      used: 62.5,
      remainingMs: 972_000,
      breached: false,
    },
    {
      name: 'is not breached when the downtime equals the allowance',
      minutes: 43.2,
      used: 100,
      remainingMs: 0,
      breached: false,
    },
    {
      name: 'is breached past the allowance, with a negative remainder',
      minutes: 50,
      used: 115.74,
      remainingMs: -408_000,
      breached: true,
    },
  ])('$name', ({ minutes, used, remainingMs, breached }) => {
    const report = measure({
      spans: [
        [
          'outage',
          '2026-11-03T10:00:00Z',
          new Date(Date.parse('2026-11-03T10:00:00Z') + minutes * MINUTE).toISOString(),
        ],
      ],
    });
    expect(report.budgetUsedPercent).toBeCloseTo(used, 2);
    expect(report.remainingMs).toBe(remainingMs);
    expect(report.breached).toBe(breached);
    expect(report.availabilityPercent).toBeCloseTo(100 - (minutes / (30 * 24 * 60)) * 100, 10);
  });

  it.each([
    {
      name: 'reads a 2 h outage on the first day as 91.7 % so far, not against the whole month',
      spans: [['outage', '2026-11-01T10:00:00Z', '2026-11-01T12:00:00Z']] as SpanRow[],
      now: '2026-11-02T00:00:00Z',
      elapsedHours: 24,
      availability: (22 / 24) * 100,
    },
    {
      name: 'reads an outage still open over the time elapsed, both growing together',
      spans: [['outage', '2026-11-06T00:00:00Z', null]] as SpanRow[],
      now: '2026-11-06T12:00:00Z',
      elapsedHours: 5 * 24 + 12,
      availability: (5 / 5.5) * 100,
    },
    {
      name: 'is 100 % at the very start of the period, before any time went by',
      spans: [] as SpanRow[],
      now: '2026-11-01T00:00:00Z',
      elapsedHours: 0,
      availability: 100,
    },
    {
      name: 'reads a finished period over its whole length',
      spans: [['outage', '2026-11-01T10:00:00Z', '2026-11-01T12:00:00Z']] as SpanRow[],
      now: '2027-01-15T00:00:00Z',
      elapsedHours: 30 * 24,
      availability: 100 - (2 / (30 * 24)) * 100,
    },
  ])('$name', ({ spans, now, elapsedHours, availability }) => {
    const report = measure({ spans, now });
    expect(report.elapsedMs).toBe(elapsedHours * 60 * MINUTE);
    expect(report.availabilityPercent).toBeCloseTo(availability, 10);
    // The budget stays the whole month's, however much of it has gone by.
    expect(report.allowedMs).toBe(2_592_000);
    expect(report.windowMs).toBe(30 * 24 * 60 * MINUTE);
  });

  it('matches a scripted Los Angeles November worked out by hand, to the second', () => {
    // November 2026 in Los Angeles: 2026-11-01T07:00Z (midnight PDT) to 2026-12-01T08:00Z (midnight PST), 721 h.
    const spans: SpanRow[] = [
      // Starts in October: only 07:00:00 to 07:41:17 is November's, 41 min 17 s = 2,477 s.
      ['outage', '2026-10-31T22:14:05Z', '2026-11-01T07:41:17Z', 'inc-1'],
      // Across the night the clocks go back; outside the outage from 07:41:17 to 09:30:00 = 6,523 s.
      ['degraded', '2026-11-01T07:30:00Z', '2026-11-01T09:30:00Z', 'inc-1'],
      // Two incidents overlapping: 14:03:09 to 14:45:30 once = 2,541 s.
      ['outage', '2026-11-12T14:03:09Z', '2026-11-12T14:29:51Z', 'inc-2'],
      ['outage', '2026-11-12T14:20:00Z', '2026-11-12T14:45:30Z', 'inc-3'],
      // Around those outages: 14:00:00 to 14:03:09 (189 s) and 14:45:30 to 15:00:00 (870 s) = 1,059 s.
      ['degraded', '2026-11-12T14:00:00Z', '2026-11-12T15:00:00Z', 'inc-3'],
      // Nothing: zero length, reversed, another service.
      ['outage', '2026-11-20T03:00:00Z', '2026-11-20T03:00:00Z', 'inc-4'],
      ['degraded', '2026-11-21T05:00:00Z', '2026-11-21T04:00:00Z', 'inc-5'],
      ['outage', '2026-11-22T00:00:00Z', '2026-11-23T00:00:00Z', 'inc-6', 'search'],
      // Still open at now: 07:55:00 to the end of the month at 08:00:00 = 300 s.
      ['outage', '2026-12-01T07:55:00Z', null, 'inc-7'],
    ];
    const report = measure({
      spans,
      period: '2026-11',
      zone: 'America/Los_Angeles',
      target: 99.5,
      weight: 0.5,
      now: '2026-12-03T00:00:00Z',
    });

    const { budgetUsedPercent, availabilityPercent, ...exact } = JSON.parse(JSON.stringify(report));
    expect(exact).toEqual({
      service: SERVICE,
      period: {
        kind: 'month',
        year: 2026,
        index: 11,
        start: '2026-11-01T07:00:00.000Z',
        end: '2026-12-01T08:00:00.000Z',
        label: 'November 2026',
        name: 'November',
        key: '2026-11',
      },
      target: 99.5,
      windowMs: 2_595_600_000, // 721 h
      elapsedMs: 2_595_600_000, // all of it: the month is over
      outageMs: (2_477 + 2_541 + 300) * 1_000, // 5,318 s
      degradedMs: (6_523 + 1_059) * 1_000, // 7,582 s
      downtimeMs: (5_318 + 7_582 / 2) * 1_000, // 9,109 s
      allowedMs: 12_978_000, // 0.5% of 2,595,600 s
      remainingMs: (12_978 - 9_109) * 1_000, // 3,869 s
      breached: false,
      openSpans: 1,
      incidents: 4,
      maintenanceMs: 0,
      maintenanceExcluded: false,
    });
    expect(budgetUsedPercent).toBeCloseTo((9_109 / 12_978) * 100, 10); // 70.19%
    expect(availabilityPercent).toBeCloseTo(100 - (9_109 / 2_595_600) * 100, 10); // 99.649%
  });
});

describe('formatMinutes', () => {
  it.each([
    { ms: 1_620_000, shown: '27 min' },
    { ms: 2_592_000, shown: '43.2 min' },
    { ms: 2_678_400, shown: '44.64 min' },
    { ms: 259_200, shown: '4.32 min' },
    { ms: 0, shown: '0 min' },
    { ms: 9_109_000, shown: '151.82 min' },
    { ms: 29_999, shown: '0.5 min' },
    { ms: 200, shown: '0 min' },
    { ms: -408_000, shown: '-6.8 min' },
  ])('shows $ms ms as $shown: at most two decimals, no trailing zeros', ({ ms, shown }) => {
    expect(formatMinutes(ms)).toBe(shown);
  });
});
