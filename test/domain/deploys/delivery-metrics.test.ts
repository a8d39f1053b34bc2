import { describe, expect, it } from 'vitest';
import {
  computeDeliveryMetrics,
  type DeliveryMetrics,
  type DeployFact,
  type IncidentTimes,
} from '../../../src/domain/deploys/delivery-metrics.ts';
import { parsePeriod, type SlaPeriod } from '../../../src/domain/sla/sla-period.ts';

const SERVICE = 'checkout-api';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const periodOf = (text: string, zone = 'UTC'): SlaPeriod => {
  const result = parsePeriod({ text, zone });
  if (!result.ok) throw new Error(result.message);
  return result.period;
};

const at = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

type IncidentRow = {
  id?: string;
  services?: string[];
  impact?: string | null;
  declared: string;
  mitigated?: string | null;
  resolved?: string | null;
};

const incidentOf = ({
  id = 'inc',
  services = [SERVICE],
  impact = null,
  declared,
  mitigated = null,
  resolved = null,
}: IncidentRow): IncidentTimes => ({
  id,
  services,
  impactStartedAt: at(impact),
  declaredAt: new Date(declared),
  mitigatedAt: at(mitigated),
  resolvedAt: at(resolved),
});

type DeployRow = [occurredAt: string, environment?: string, status?: string, service?: string];

const deployOf = ([
  occurredAt,
  environment = 'production',
  status = 'succeeded',
  service = SERVICE,
]: DeployRow): DeployFact => ({
  service,
  environment,
  status,
  occurredAt: new Date(occurredAt),
});

type Compute = {
  period?: SlaPeriod;
  incidents?: IncidentRow[];
  deploys?: DeployRow[];
  windowMs?: number;
  now?: string;
};

const compute = ({
  period = periodOf('2026-11'),
  incidents = [],
  deploys = [],
  windowMs = DAY,
  // Long after the period: it is over.
  now = '2027-01-15T00:00:00Z',
}: Compute): DeliveryMetrics =>
  computeDeliveryMetrics({
    service: SERVICE,
    period,
    incidents: incidents.map(incidentOf),
    deploys: deploys.map(deployOf),
    changeFailureWindowMs: windowMs,
    now: new Date(now),
  });

describe('computeDeliveryMetrics', () => {
  it('has no means and no change failure rate without incidents or deploys', () => {
    expect(compute({})).toEqual({
      incidents: 0,
      meanTimeToDetectMs: null,
      meanTimeToMitigateMs: null,
      meanTimeToResolveMs: null,
      productionDeploys: 0,
      deploysPerWeek: 0,
      changeFailureRatePercent: null,
    });
  });

  it.each<{
    name: string;
    incidents: IncidentRow[];
    count: number;
    detect: number | null;
    mitigate: number | null;
    resolve: number | null;
  }>([
    {
      name: 'measures detect from impact start, mitigate and resolve from the declaration',
      incidents: [
        {
          impact: '2026-11-03T10:00:00Z',
          declared: '2026-11-03T10:10:00Z',
          mitigated: '2026-11-03T10:40:00Z',
          resolved: '2026-11-03T12:10:00Z',
        },
      ],
      count: 1,
      detect: 10,
      mitigate: 30,
      resolve: 120,
    },
    {
      name: 'averages each mean over the incidents that have both instants',
      incidents: [
        {
          impact: '2026-11-03T10:00:00Z',
          declared: '2026-11-03T10:10:00Z',
          mitigated: '2026-11-03T10:40:00Z',
          resolved: '2026-11-03T12:10:00Z',
        },
        { declared: '2026-11-05T10:00:00Z', mitigated: '2026-11-05T10:10:00Z' },
        { impact: '2026-11-07T09:40:00Z', declared: '2026-11-07T10:00:00Z' },
      ],
      count: 3,
      detect: 15,
      mitigate: 20,
      resolve: 120,
    },
    {
      name: 'counts a declaration ahead of the impact as detected at once, not as negative time',
      incidents: [
        { impact: '2026-11-03T10:30:00Z', declared: '2026-11-03T10:00:00Z' },
        { impact: '2026-11-04T10:00:00Z', declared: '2026-11-04T10:20:00Z' },
      ],
      count: 2,
      detect: 10,
      mitigate: null,
      resolve: null,
    },
    {
      name: 'counts incidents by declaration in the period, not by impact',
      incidents: [
        { impact: '2026-10-31T23:00:00Z', declared: '2026-11-01T00:20:00Z' },
        { impact: '2026-11-30T23:50:00Z', declared: '2026-12-01T00:00:00Z' },
      ],
      count: 1,
      detect: 80,
      mitigate: null,
      resolve: null,
    },
    {
      name: "ignores other services' incidents and counts shared ones",
      incidents: [
        { services: ['search'], declared: '2026-11-03T10:00:00Z', resolved: '2026-11-03T20:00:00Z' },
        { services: ['search', SERVICE], declared: '2026-11-04T10:00:00Z', resolved: '2026-11-04T11:00:00Z' },
      ],
      count: 1,
      detect: null,
      mitigate: null,
      resolve: 60,
    },
  ])('$name', ({ incidents, count, detect, mitigate, resolve }) => {
    const minutes = (ms: number | null): number | null => (ms === null ? null : ms / 60_000);
    const metrics = compute({ incidents });
    expect({
      count: metrics.incidents,
      detect: minutes(metrics.meanTimeToDetectMs),
      mitigate: minutes(metrics.meanTimeToMitigateMs),
      resolve: minutes(metrics.meanTimeToResolveMs),
    }).toEqual({ count, detect, mitigate, resolve });
  });

  it.each<{ name: string; deploys: DeployRow[]; counted: number }>([
    {
      name: 'counts succeeded deploys to production and prod, in any case',
      deploys: [['2026-11-03T10:00:00Z'], ['2026-11-04T10:00:00Z', 'prod'], ['2026-11-05T10:00:00Z', ' Production ']],
      counted: 3,
    },
    {
      name: 'leaves out other environments, other statuses and other services',
      deploys: [
        ['2026-11-03T10:00:00Z', 'staging'],
        ['2026-11-03T10:00:00Z', 'production', 'started'],
        ['2026-11-03T10:00:00Z', 'production', 'failed'],
        ['2026-11-03T10:00:00Z', 'production', 'rolled_back'],
        ['2026-11-03T10:00:00Z', 'production', 'succeeded', 'search'],
      ],
      counted: 0,
    },
    {
      name: 'counts deploys from the start of the period, not at its end',
      deploys: [['2026-10-31T23:59:59Z'], ['2026-11-01T00:00:00Z'], ['2026-12-01T00:00:00Z']],
      counted: 1,
    },
  ])('$name', ({ deploys, counted }) => {
    expect(compute({ deploys }).productionDeploys).toBe(counted);
  });

  it('divides deploys by the weeks in the period', () => {
    expect(compute({ deploys: [['2026-11-03T10:00:00Z'], ['2026-11-04T10:00:00Z']] }).deploysPerWeek).toBeCloseTo(
      2 / (30 / 7),
      10,
    );
  });

  it.each([
    {
      name: 'counts a period half gone over the weeks elapsed, not the whole month',
      now: '2026-11-15T00:00:00Z',
      weeks: 2,
    },
    {
      name: 'counts the first week of a period as one week, so that early deploys are not multiplied',
      now: '2026-11-05T00:00:00Z',
      weeks: 1,
    },
    { name: 'counts a finished period over all of it', now: '2026-12-10T00:00:00Z', weeks: 30 / 7 },
  ])('$name', ({ now, weeks }) => {
    const deploys: DeployRow[] = [['2026-11-03T10:00:00Z'], ['2026-11-04T10:00:00Z']];
    expect(compute({ deploys, now }).deploysPerWeek).toBeCloseTo(2 / weeks, 10);
  });

  it.each<{ name: string; incident: IncidentRow; failed: boolean }>([
    {
      name: 'an incident whose impact starts within the window after the deploy',
      incident: { impact: '2026-11-03T11:00:00Z', declared: '2026-11-03T11:30:00Z' },
      failed: true,
    },
    {
      name: 'an incident whose impact starts with the deploy',
      incident: { impact: '2026-11-03T10:00:00Z', declared: '2026-11-03T10:30:00Z' },
      failed: true,
    },
    {
      name: 'an incident whose impact starts exactly at the end of the window',
      incident: { impact: '2026-11-04T10:00:00Z', declared: '2026-11-04T10:30:00Z' },
      failed: true,
    },
    {
      name: 'an incident whose impact starts a millisecond after the window',
      incident: { impact: '2026-11-04T10:00:00.001Z', declared: '2026-11-04T10:30:00Z' },
      failed: false,
    },
    {
      name: 'an incident whose impact started before the deploy, though declared after it',
      incident: { impact: '2026-11-03T09:59:00Z', declared: '2026-11-03T10:05:00Z' },
      failed: false,
    },
    {
      name: 'an incident without an impact start, declared within the window',
      incident: { declared: '2026-11-04T09:00:00Z' },
      failed: true,
    },
    {
      name: 'an incident of another service within the window',
      incident: { services: ['search'], impact: '2026-11-03T11:00:00Z', declared: '2026-11-03T11:30:00Z' },
      failed: false,
    },
  ])('judges a deploy at 10:00 followed by $name: failed $failed', ({ incident, failed }) => {
    const metrics = compute({ deploys: [['2026-11-03T10:00:00Z']], incidents: [incident] });
    expect(metrics.changeFailureRatePercent).toBe(failed ? 100 : 0);
  });

  it('follows the configured change failure window', () => {
    const incidents = [{ impact: '2026-11-03T13:00:00Z', declared: '2026-11-03T13:10:00Z' }];
    const deploys: DeployRow[] = [['2026-11-03T10:00:00Z']];
    expect(compute({ deploys, incidents, windowMs: 2 * HOUR }).changeFailureRatePercent).toBe(0);
    expect(compute({ deploys, incidents, windowMs: 4 * HOUR }).changeFailureRatePercent).toBe(100);
  });

  it('matches a scripted Los Angeles November worked out by hand, to the second', () => {
    // November 2026 in Los Angeles: 2026-11-01T07:00Z to 2026-12-01T08:00Z, 721 h.
    const incidents: IncidentRow[] = [
      // Declared on 31 October, local time: not November's, though its impact reaches into November.
      {
        id: 'inc-1',
        impact: '2026-10-31T22:14:05Z',
        declared: '2026-10-31T22:20:00Z',
        resolved: '2026-11-01T08:00:00Z',
      },
      // Detect 411 s, mitigate 1,191 s, resolve 3,000 s.
      {
        id: 'inc-2',
        impact: '2026-11-12T14:03:09Z',
        declared: '2026-11-12T14:10:00Z',
        mitigated: '2026-11-12T14:29:51Z',
        resolved: '2026-11-12T15:00:00Z',
      },
      // Detect 90 s, mitigate 1,440 s, resolve 7,200 s.
      {
        id: 'inc-3',
        impact: '2026-11-12T14:20:00Z',
        declared: '2026-11-12T14:21:30Z',
        mitigated: '2026-11-12T14:45:30Z',
        resolved: '2026-11-12T16:21:30Z',
      },
      // No impact start; mitigate 1,800 s, resolve 3,600 s.
      {
        id: 'inc-8',
        services: ['search', SERVICE],
        declared: '2026-11-25T09:00:00Z',
        mitigated: '2026-11-25T09:30:00Z',
        resolved: '2026-11-25T10:00:00Z',
      },
      // 23:58 on 30 November, local time; detect 180 s, still open.
      { id: 'inc-6', impact: '2026-12-01T07:55:00Z', declared: '2026-12-01T07:58:00Z' },
      { id: 'inc-9', services: ['search'], declared: '2026-11-20T10:00:00Z', resolved: '2026-11-20T11:00:00Z' },
    ];
    const deploys: DeployRow[] = [
      ['2026-11-12T10:00:00Z', 'production', 'started'],
      ['2026-11-12T10:00:00Z'], // failed: inc-2's impact 4 h 3 min 9 s later
      ['2026-11-20T12:00:00Z', 'prod'], // not failed: the next incident is 5 days later
      ['2026-11-30T08:00:00Z', 'Production'], // failed: inc-6's impact 23 h 55 min later, in December in UTC
      ['2026-11-15T10:00:00Z', 'staging'],
      ['2026-11-16T10:00:00Z', 'production', 'failed'],
      ['2026-11-01T06:00:00Z'], // 23:00 on 31 October, local time
      ['2026-12-01T09:00:00Z'], // 01:00 on 1 December, local time
      ['2026-11-17T10:00:00Z', 'production', 'succeeded', 'search'],
    ];
    const metrics = compute({ period: periodOf('2026-11', 'America/Los_Angeles'), incidents, deploys });
    const { deploysPerWeek, changeFailureRatePercent, ...exact } = metrics;
    expect(exact).toEqual({
      incidents: 4, // inc-2, inc-3, inc-8, inc-6
      meanTimeToDetectMs: ((411 + 90 + 180) / 3) * 1_000, // 227 s
      meanTimeToMitigateMs: ((1_191 + 1_440 + 1_800) / 3) * 1_000, // 1,477 s
      meanTimeToResolveMs: ((3_000 + 7_200 + 3_600) / 3) * 1_000, // 4,600 s
      productionDeploys: 3,
    });
    expect(deploysPerWeek).toBeCloseTo(3 / (721 / 168), 10);
    expect(changeFailureRatePercent).toBeCloseTo((2 / 3) * 100, 10);
  });
});
