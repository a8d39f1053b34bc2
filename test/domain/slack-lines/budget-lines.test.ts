import { describe, expect, it } from 'vitest';
import { computeDowntime, type DowntimeReport } from '../../../src/domain/sla/downtime.ts';
import { parsePeriod } from '../../../src/domain/sla/sla-period.ts';
import {
  type BudgetThreshold,
  crossedThresholds,
  describeBudgetUse,
  describeBudgetUseByPeriod,
  describeThresholdAnnouncement,
} from '../../../src/domain/slack-lines/budget-lines.ts';

const MINUTE = 60_000;

/**
 * checkout-api's report at 99.9% after one outage of `minutes` from `start`, over a period in UTC: November 2026
 * (43.2 min) unless another is named.
 */
const reportAfter = (minutes: number, text = '2026-11', start = '2026-11-03T10:00:00Z'): DowntimeReport => {
  const parsed = parsePeriod({ text, zone: 'UTC' });
  if (!parsed.ok) throw new Error(parsed.message);
  const startedAt = new Date(start);
  return computeDowntime({
    spans: [
      {
        service: 'checkout-api',
        kind: 'outage',
        startedAt,
        endedAt: new Date(startedAt.getTime() + minutes * MINUTE),
        incidentId: 'inc-1',
      },
    ],
    service: 'checkout-api',
    period: parsed.period,
    target: 99.9,
    degradedWeight: 0,
    now: new Date('2027-01-15T00:00:00Z'),
  });
};

describe('describeBudgetUse', () => {
  it.each([
    {
      name: 'the share used, rounded down',
      minutes: 27,
      line: "Used 27 min of checkout-api's 43.2 min November budget (62%).",
    },
    { name: 'no downtime', minutes: 0, line: "Used 0 min of checkout-api's 43.2 min November budget (0%)." },
    {
      name: 'minutes to two decimals',
      minutes: 21.595,
      line: "Used 21.6 min of checkout-api's 43.2 min November budget (49%).",
    },
    {
      name: 'the whole budget, not exceeded',
      minutes: 43.2,
      line: "Used 43.2 min of checkout-api's 43.2 min November budget (100%).",
    },
    {
      name: 'a breach, said in words',
      minutes: 50,
      line: "Used 50 min of checkout-api's 43.2 min November budget (115%): the budget is exceeded.",
    },
    {
      name: 'a quarter by its name',
      minutes: 27,
      period: '2026-Q4',
      line: "Used 27 min of checkout-api's 132.48 min Q4 budget (20%).",
    },
  ])('says $name', ({ minutes, period, line }) => {
    expect(describeBudgetUse(reportAfter(minutes, period))).toBe(line);
  });
});

describe('describeBudgetUseByPeriod', () => {
  // 31 October 23:00 to 1 November 00:40.
  const acrossMonths = (text: string) => reportAfter(100, text, '2026-10-31T23:00:00Z');

  it('reads one period as the usual line', () => {
    expect(describeBudgetUseByPeriod([reportAfter(27)])).toBe(
      "Used 27 min of checkout-api's 43.2 min November budget (62%).",
    );
  });

  it('names each period with its own downtime, share and budget, and which budget is exceeded', () => {
    expect(describeBudgetUseByPeriod([acrossMonths('2026-10'), acrossMonths('2026-11')])).toBe(
      "checkout-api's error budget, in each period this incident touched: October: 60 min used, 134% of its 44.64 min budget, exceeded; November: 40 min used, 92% of its 43.2 min budget.",
    );
  });
});

describe('crossedThresholds', () => {
  it.each<{ before: number; after: number; crossed: BudgetThreshold[] }>([
    { before: 0, after: 49.99, crossed: [] },
    { before: 0, after: 50, crossed: [50] },
    { before: 40, after: 62.5, crossed: [50] },
    { before: 50, after: 99, crossed: [] },
    { before: 62.5, after: 100, crossed: [100] },
    { before: 40, after: 120, crossed: [50, 100] },
    { before: 100, after: 150, crossed: [] },
    { before: 120, after: 40, crossed: [] },
    { before: 0, after: 0, crossed: [] },
  ])('crosses t when before < t <= after: $before -> $after crosses $crossed', ({ before, after, crossed }) => {
    expect(crossedThresholds({ before, after })).toEqual(crossed);
  });
});

describe('describeThresholdAnnouncement', () => {
  it.each<{ name: string; minutes: number; threshold: BudgetThreshold; line: string }>([
    {
      name: 'warns at 50%',
      minutes: 27,
      threshold: 50,
      line: ':warning: checkout-api has used 62% of its November error budget (27 min of 43.2 min).',
    },
    {
      name: 'says the budget is used up at exactly 100%',
      minutes: 43.2,
      threshold: 100,
      line: ':rotating_light: checkout-api has used up its November error budget: 100% used (43.2 min of 43.2 min).',
    },
    {
      name: 'says the budget is exceeded past 100%',
      minutes: 50,
      threshold: 100,
      line: ':rotating_light: checkout-api has exceeded its November error budget: 115% used (50 min of 43.2 min).',
    },
  ])('$name', ({ minutes, threshold, line }) => {
    expect(describeThresholdAnnouncement({ report: reportAfter(minutes), threshold })).toBe(line);
  });
});
