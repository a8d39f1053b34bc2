import { describe, expect, it } from 'vitest';
import { computeDeliveryMetrics } from '../../src/domain/deploys/delivery-metrics.ts';
import { computeDowntime, type DowntimeOptions, type ImpactSpan } from '../../src/domain/sla/downtime.ts';
import type { ServiceReport } from '../../src/domain/sla/service-report.ts';
import { parsePeriod } from '../../src/domain/sla/sla-period.ts';
import {
  formatAvailability,
  formatMean,
  formatPercent,
  formatRemaining,
  renderReportJson,
  renderReportMarkdown,
} from '../../src/render/report.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('report figures', () => {
  it.each<[number, string]>([
    [100, '100%'],
    [99.9, '99.9%'],
    [99.97222, '99.972%'],
    // Never rounded up to a target the service missed, nor to 100 % when any time was lost.
    [99.89999, '99.899%'],
    [99.99999, '99.999%'],
    [0, '0%'],
  ])('shows availability %d as %s', (percent, shown) => {
    expect(formatAvailability(percent)).toBe(shown);
  });

  it.each<[number, number, string]>([
    [27.777, 1, '27.8%'],
    [60, 1, '60%'],
    [290.82774, 1, '290.8%'],
    [99.95, 3, '99.95%'],
  ])('shows %d to %d places as %s', (value, decimals, shown) => {
    expect(formatPercent(value, decimals)).toBe(shown);
  });

  it.each<[number | null, string]>([
    [null, 'n/a'],
    [0, '0 s'],
    [45 * SECOND, '45 s'],
    [59.4 * SECOND, '59 s'],
    [MINUTE, '1 min'],
    [400 * SECOND, '7 min'],
    [HOUR, '1 h'],
    [95 * MINUTE, '1 h 35 min'],
    [26 * HOUR + 10 * MINUTE, '1 d 2 h'],
    [48 * HOUR, '2 d'],
  ])('shows a mean of %d ms as %s', (ms, shown) => {
    expect(formatMean(ms)).toBe(shown);
  });

  it.each<[number, string]>([
    [31.2 * MINUTE, '31.2 min left'],
    [0, '0 min left'],
    [-5_118 * SECOND, '85.3 min over'],
  ])('shows %d ms remaining as %s', (ms, shown) => {
    expect(formatRemaining(ms)).toBe(shown);
  });
});

const october = (() => {
  const parsed = parsePeriod({ text: '2026-10', zone: 'UTC' });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.period;
})();

const reportOf = ({
  service,
  spans,
  maintenance,
}: {
  service: string;
  spans: ImpactSpan[];
  maintenance?: DowntimeOptions['maintenance'];
}): ServiceReport => ({
  service,
  period: october,
  downtime: computeDowntime({
    spans,
    service,
    period: october,
    target: 99.9,
    degradedWeight: 0,
    now: new Date('2026-10-20T00:00:00Z'),
    ...(maintenance === undefined ? {} : { maintenance }),
  }),
  metrics: computeDeliveryMetrics({
    service,
    period: october,
    incidents: [],
    deploys: [],
    changeFailureWindowMs: 24 * HOUR,
    now: new Date('2026-10-20T00:00:00Z'),
  }),
});

const OPEN: ImpactSpan = {
  service: 'checkout-api',
  kind: 'outage',
  startedAt: new Date('2026-10-19T23:30:00Z'),
  endedAt: null,
  incidentId: 'a',
};

describe('renderReportMarkdown', () => {
  const now = new Date('2026-10-20T00:00:00Z');

  it('shows a running period as such, n/a where nothing was measured, and an open window below', () => {
    const text = renderReportMarkdown({
      reports: [reportOf({ service: 'checkout-api', spans: [OPEN] })],
      zone: 'UTC',
      now,
    });
    expect(text).toContain(
      // Availability over the 19 days gone by (30 min of 27,360), the allowance over all 31 days of October.
      '| checkout-api | October 2026 so far | 99.89% | 99.9% | 30 min | 44.64 min | 67.2% | 14.64 min left | no | 0 | n/a | n/a | n/a | 0 | 0 | n/a |',
    );
    expect(text).toContain(
      'checkout-api: October 2026 is still running, so availability is over the 19 days of 31 gone by and deploys per week over the weeks gone by; the allowance and budget used are over the whole month.',
    );
    expect(text.endsWith('checkout-api has an impact window still open: its downtime grows until it ends.')).toBe(true);
  });

  it('says so when no service is configured', () => {
    expect(renderReportMarkdown({ reports: [], zone: 'UTC', now })).toMatch(
      /No services are configured in sitrep.yml.$/,
    );
  });
});

describe('renderReportJson', () => {
  it('keeps its keys in the same order, and nulls where nothing was measured', () => {
    const json = renderReportJson({
      reports: [reportOf({ service: 'checkout-api', spans: [OPEN] })],
      zone: 'UTC',
      now: new Date('2026-10-20T00:00:00Z'),
    });
    const parsed: unknown = JSON.parse(json);
    expect(parsed).toMatchObject({
      services: [
        {
          period: { complete: false },
          sla: { downtimeSeconds: 1800, downtimeMinutes: 30, allowedSeconds: 2678, openImpactWindows: 1 },
          delivery: { meanTimeToDetectSeconds: null, productionDeploys: 0, changeFailureRatePercent: null },
        },
      ],
    });
    expect(Array.from(json.matchAll(/^ {6}"(\w+)":/gm), (match) => match[1])).toEqual([
      'service',
      'period',
      'sla',
      'delivery',
    ]);
  });
});

describe('impact inside scheduled maintenance', () => {
  const now = new Date('2026-10-20T00:00:00Z');
  // An hour down, 45 minutes of it inside a maintenance window of checkout-api.
  const OUTAGE: ImpactSpan = {
    service: 'checkout-api',
    kind: 'outage',
    startedAt: new Date('2026-10-10T01:15:00Z'),
    endedAt: new Date('2026-10-10T02:15:00Z'),
    incidentId: 'a',
  };
  const WINDOW = {
    services: ['checkout-api'],
    startsAt: new Date('2026-10-10T01:30:00Z'),
    endsAt: new Date('2026-10-10T03:00:00Z'),
    cancelledAt: null,
  };
  const reportWith = (exclude: boolean) =>
    reportOf({ service: 'checkout-api', spans: [OUTAGE], maintenance: { windows: [WINDOW], exclude } });

  it.each<[string, boolean, string, string]>([
    [
      'excluded',
      true,
      '15 min',
      "Maintenance excluded: 45 min of checkout-api's impact fell in scheduled maintenance and is not counted as downtime.",
    ],
    [
      'counted',
      false,
      '60 min',
      "Maintenance counted: 45 min of checkout-api's impact fell in scheduled maintenance and counts as downtime.",
    ],
  ])('says in Markdown when it is %s, and how much', (_name, exclude, downtime, line) => {
    const text = renderReportMarkdown({ reports: [reportWith(exclude)], zone: 'UTC', now });
    expect(text).toContain(`| checkout-api | October 2026 so far | `);
    expect(text).toContain(` | 99.9% | ${downtime} | `);
    expect(text).toContain(line);
  });

  it('says nothing of maintenance when no impact fell in it', () => {
    const text = renderReportMarkdown({
      reports: [reportOf({ service: 'checkout-api', spans: [OPEN] })],
      zone: 'UTC',
      now,
    });
    expect(text).not.toContain('Maintenance');
  });

  it.each<[boolean, number]>([
    [true, 900],
    [false, 3600],
  ])('gives maintenanceExcluded %s and maintenanceSeconds in JSON, after incidentsWithImpact', (exclude, downtime) => {
    const json = renderReportJson({ reports: [reportWith(exclude)], zone: 'UTC', now });
    const parsed: unknown = JSON.parse(json);
    expect(parsed).toMatchObject({
      services: [{ sla: { downtimeSeconds: downtime, maintenanceExcluded: exclude, maintenanceSeconds: 2700 } }],
    });
    expect(json).toMatch(
      /"incidentsWithImpact": 1,\n {8}"maintenanceExcluded": (true|false),\n {8}"maintenanceSeconds": 2700\n/,
    );
  });
});
