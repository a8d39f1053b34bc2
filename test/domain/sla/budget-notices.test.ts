import { describe, expect, it } from 'vitest';
import {
  listBudgetPeriods,
  listChargedPeriods,
  planBudgetNotices,
  type ServiceSla,
} from '../../../src/domain/sla/budget-notices.ts';
import type { ImpactSpan } from '../../../src/domain/sla/downtime.ts';

const CHECKOUT: ServiceSla = { name: 'checkout-api', sla: { target: 99.9, window: 'monthly', degradedWeight: 0 } };
const SEARCH: ServiceSla = { name: 'search', sla: { target: 99.5, window: 'quarterly', degradedWeight: 0.5 } };
const AT = new Date('2026-11-23T23:30:00Z');

const outage = (incidentId: string, from: string, to: string, service = 'checkout-api'): ImpactSpan => ({
  incidentId,
  service,
  kind: 'outage',
  startedAt: new Date(`2026-11-${from}Z`),
  endedAt: new Date(`2026-11-${to}Z`),
});

/** An outage of `service` from `startedAt` to `endedAt` (open when null), of this incident unless named. */
const span = (service: string, startedAt: string, endedAt: string | null, incidentId = 'this'): ImpactSpan => ({
  incidentId,
  service,
  kind: 'outage',
  startedAt: new Date(startedAt),
  endedAt: endedAt === null ? null : new Date(endedAt),
});

const notices = (spans: ImpactSpan[], services = [CHECKOUT]) =>
  planBudgetNotices({
    periods: listBudgetPeriods({ services, at: AT, zone: 'Europe/Paris' }),
    spans,
    incidentId: 'this',
    at: AT,
  });

describe('listBudgetPeriods', () => {
  it('reads each service’s SLA window in the team’s zone', () => {
    const periods = listBudgetPeriods({ services: [CHECKOUT, SEARCH], at: AT, zone: 'Europe/Paris' });
    expect(periods.map(({ service, period }) => [service.name, period.key])).toEqual([
      ['checkout-api', '2026-11'],
      ['search', '2026-Q4'],
    ]);
  });
});

describe('planBudgetNotices', () => {
  it('posts the budget used by every incident of the period and announces 50 % when this incident crosses it', () => {
    expect(notices([outage('this', '03T10:00:00', '03T10:27:00')])).toEqual({
      lines: ["Used 27 min of checkout-api's 43.2 min November budget (62%)."],
      announcements: [
        {
          service: 'checkout-api',
          periodKey: '2026-11',
          threshold: 50,
          text: ':warning: checkout-api has used 62% of its November error budget (27 min of 43.2 min).',
        },
      ],
    });
  });

  it('announces only the thresholds this incident’s windows crossed, not those other incidents had', () => {
    const planned = notices([
      outage('other', '03T10:00:00', '03T10:27:00'),
      outage('this', '20T10:00:00', '20T10:17:00'),
    ]);
    expect(planned.lines).toEqual([
      "Used 44 min of checkout-api's 43.2 min November budget (101%): the budget is exceeded.",
    ]);
    expect(planned.announcements.map((a) => a.threshold)).toEqual([100]);
  });

  it('announces both thresholds when one incident goes from under 50 % to over 100 %', () => {
    expect(notices([outage('this', '03T10:00:00', '03T11:00:00')]).announcements.map((a) => a.threshold)).toEqual([
      50, 100,
    ]);
  });

  it('counts overlapping windows of two incidents once, and announces nothing when the budget barely moves', () => {
    const planned = notices([
      outage('other', '03T10:00:00', '03T10:30:00'),
      outage('this', '03T10:10:00', '03T10:20:00'),
    ]);
    expect(planned.lines).toEqual(["Used 30 min of checkout-api's 43.2 min November budget (69%)."]);
    expect(planned.announcements).toEqual([]);
  });

  it('still posts a line for a service without impact in the period', () => {
    expect(notices([], [CHECKOUT, SEARCH]).lines).toEqual([
      "Used 0 min of checkout-api's 43.2 min November budget (0%).",
      "Used 0 min of search's 662.7 min Q4 budget (0%).",
    ]);
  });
});

describe('listChargedPeriods', () => {
  const charged = ({
    spans,
    at,
    services = [CHECKOUT],
  }: {
    spans: ImpactSpan[];
    at: string;
    services?: ServiceSla[];
  }) =>
    listChargedPeriods({ services, spans, at: new Date(at), zone: 'UTC' }).map(({ service, period }) => [
      service.name,
      period.key,
    ]);

  it.each<{ name: string; spans: ImpactSpan[]; at: string; services?: ServiceSla[]; charged: string[][] }>([
    {
      name: 'charges both months of an outage across the end of October',
      spans: [span('checkout-api', '2026-10-31T23:00:00Z', '2026-11-01T00:40:00Z')],
      at: '2026-11-02T09:00:00Z',
      charged: [
        ['checkout-api', '2026-10'],
        ['checkout-api', '2026-11'],
      ],
    },
    {
      name: 'charges the month the impact was in, not the month the incident is resolved in',
      spans: [span('checkout-api', '2026-10-31T22:00:00Z', '2026-10-31T23:30:00Z')],
      at: '2026-11-02T09:00:00Z',
      charged: [['checkout-api', '2026-10']],
    },
    {
      name: 'charges a window still open across the month’s end in the new month too, up to now',
      spans: [span('checkout-api', '2026-10-31T23:00:00Z', null)],
      at: '2026-11-01T00:40:00Z',
      charged: [
        ['checkout-api', '2026-10'],
        ['checkout-api', '2026-11'],
      ],
    },
    {
      name: 'names each month once, however many windows it holds, oldest first',
      spans: [
        span('checkout-api', '2026-11-01T02:00:00Z', '2026-11-01T03:00:00Z'),
        span('checkout-api', '2026-10-30T10:00:00Z', '2026-10-30T11:00:00Z'),
        span('checkout-api', '2026-10-31T23:00:00Z', '2026-11-01T00:40:00Z'),
      ],
      at: '2026-11-02T09:00:00Z',
      charged: [
        ['checkout-api', '2026-10'],
        ['checkout-api', '2026-11'],
      ],
    },
    {
      name: 'reads each service over its own window, and a service without impact where its budget stands now',
      spans: [span('search', '2026-09-30T23:00:00Z', '2026-10-01T01:00:00Z')],
      at: '2026-11-02T09:00:00Z',
      services: [CHECKOUT, SEARCH],
      charged: [
        ['checkout-api', '2026-11'],
        ['search', '2026-Q3'],
        ['search', '2026-Q4'],
      ],
    },
  ])('$name', ({ spans, at, services, charged: expected }) => {
    expect(charged({ spans, at, ...(services ? { services } : {}) })).toEqual(expected);
  });
});

describe('planBudgetNotices across periods', () => {
  // The outage of the issue: 31 October 23:00 to 1 November 00:40, a team in UTC, 99.9 % a month.
  const ACROSS = span('checkout-api', '2026-10-31T23:00:00Z', '2026-11-01T00:40:00Z');
  const RESOLVED = new Date('2026-11-01T01:00:00Z');
  const planAcross = (spans: ImpactSpan[]) =>
    planBudgetNotices({
      periods: listChargedPeriods({ services: [CHECKOUT], spans: [ACROSS], at: RESOLVED, zone: 'UTC' }),
      spans,
      incidentId: 'this',
      at: RESOLVED,
    });

  it('charges 60 min to October and 40 min to November, tells both, and announces each month’s thresholds', () => {
    expect(planAcross([ACROSS])).toEqual({
      lines: [
        "checkout-api's error budget, in each period this incident touched: October: 60 min used, 134% of its 44.64 min budget, exceeded; November: 40 min used, 92% of its 43.2 min budget.",
      ],
      announcements: [
        {
          service: 'checkout-api',
          periodKey: '2026-10',
          threshold: 50,
          text: ':warning: checkout-api has used 134% of its October error budget (60 min of 44.64 min).',
        },
        {
          service: 'checkout-api',
          periodKey: '2026-10',
          threshold: 100,
          text: ':rotating_light: checkout-api has exceeded its October error budget: 134% used (60 min of 44.64 min).',
        },
        {
          service: 'checkout-api',
          periodKey: '2026-11',
          threshold: 50,
          text: ':warning: checkout-api has used 92% of its November error budget (40 min of 43.2 min).',
        },
      ],
    });
  });

  it('announces in October only what this incident crossed there, after another incident’s October outage', () => {
    const earlier = span('checkout-api', '2026-10-10T10:00:00Z', '2026-10-10T10:30:00Z', 'other');
    const planned = planAcross([earlier, ACROSS]);
    expect(planned.lines).toEqual([
      "checkout-api's error budget, in each period this incident touched: October: 90 min used, 201% of its 44.64 min budget, exceeded; November: 40 min used, 92% of its 43.2 min budget.",
    ]);
    expect(planned.announcements.map(({ periodKey, threshold }) => `${periodKey}:${threshold}`)).toEqual([
      '2026-10:100',
      '2026-11:50',
    ]);
  });
});
