import { describe, expect, it } from 'vitest';
import { listBudgetPeriods, planBudgetNotices, type ServiceSla } from '../../../src/domain/sla/budget-notices.ts';
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
