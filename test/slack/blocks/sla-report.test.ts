import { describe, expect, it } from 'vitest';
import { blockErrors } from '../../../demo/fake-slack/block-kit.ts';
import { flattenBlocks } from '../../../demo/fake-slack/block-text.ts';
import { computeDeliveryMetrics } from '../../../src/domain/deploys/delivery-metrics.ts';
import { computeDowntime, type ImpactSpan } from '../../../src/domain/sla/downtime.ts';
import type { ServiceReport } from '../../../src/domain/sla/service-report.ts';
import { parsePeriod, type SlaPeriod } from '../../../src/domain/sla/sla-period.ts';
import { buildSlaReport } from '../../../src/slack/blocks/sla-report.ts';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-23T12:00:00Z');

const periodOf = (text: string): SlaPeriod => {
  const parsed = parsePeriod({ text, zone: 'Europe/Paris' });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.period;
};

const reportOf = ({
  service,
  period = periodOf('2026-10'),
  outageHours = 0,
  open = false,
}: {
  service: string;
  period?: SlaPeriod;
  outageHours?: number;
  open?: boolean;
}): ServiceReport => {
  const startedAt = new Date(period.start.getTime() + 24 * HOUR);
  const spans: ImpactSpan[] =
    outageHours === 0 && !open
      ? []
      : [
          {
            service,
            kind: 'outage',
            startedAt,
            endedAt: open ? null : new Date(startedAt.getTime() + outageHours * HOUR),
            incidentId: 'a',
          },
        ];
  return {
    service,
    period,
    downtime: computeDowntime({ spans, service, period, target: 99.9, degradedWeight: 0, now: NOW }),
    metrics: computeDeliveryMetrics({
      service,
      period,
      incidents: [
        {
          id: 'a',
          services: [service],
          impactStartedAt: startedAt,
          declaredAt: new Date(startedAt.getTime() + 0.1 * HOUR),
          mitigatedAt: new Date(startedAt.getTime() + 0.5 * HOUR),
          resolvedAt: new Date(startedAt.getTime() + 2 * HOUR),
        },
      ],
      deploys: [
        { service, environment: 'production', status: 'succeeded', occurredAt: new Date(startedAt.getTime() - HOUR) },
      ],
      changeFailureWindowMs: 24 * HOUR,
      now: NOW,
    }),
  };
};

describe('buildSlaReport', () => {
  it('shows each figure of a service, the period in the header, and minutes against the allowance', () => {
    const message = buildSlaReport({ reports: [reportOf({ service: 'checkout-api', outageHours: 0.25 })], now: NOW });
    expect(blockErrors(message.blocks)).toEqual([]);
    // October in Paris is 745 h: 44.7 min allowed at 99.9 %.
    expect(flattenBlocks(message.blocks)).toEqual([
      '# SLA report · October 2026',
      '*checkout-api* · October 2026 · target 99.9% · :large_green_circle: within the SLA',
      '*Availability* 99.966% | *Downtime* 15 min of 44.7 min allowed',
      '*Budget used* 33.6%, 29.7 min left | *Incidents* 1',
      '*Mean time to detect · mitigate* 6 min · 24 min | *Mean time to resolve* 1 h 54 min',
      '*Production deploys* 1 (0.2 a week) | *Change failure rate* 100%',
    ]);
    expect(message.text).toBe('SLA report · October 2026: checkout-api 99.966%');
  });

  it('makes a breach plain, and says when an impact window is still open', () => {
    const message = buildSlaReport({
      reports: [
        reportOf({ service: 'checkout-api', outageHours: 2 }),
        reportOf({ service: 'search', period: periodOf('2026-11'), open: true }),
      ],
      now: NOW,
    });
    const lines = flattenBlocks(message.blocks);
    expect(lines[0]).toBe('# SLA report');
    expect(lines).toContain('*checkout-api* · October 2026 · target 99.9% · :red_circle: *SLA breached*');
    expect(lines).toContain('*Budget used* 268.5%, 75.3 min over | *Incidents* 1');
    expect(lines).toContain('*search* · November 2026 so far · target 99.9% · :red_circle: *SLA breached*');
    // Down since 00:00 on the 2nd, Paris time, still at 13:00 on the 23rd: 21 d 13 h of the 22 d 13 h gone by.
    expect(lines).toContain(
      '*Availability so far (22.5 days of 30)* 4.436% | *Downtime* 31020 min of 43.2 min allowed in all of November',
    );
    expect(lines).toContain('*Budget used for all of November* 71805.6%, 30976.8 min over | *Incidents* 1');
    expect(lines).toContain(
      '› :hourglass_flowing_sand: search has an impact window still open: its downtime grows until it ends.',
    );
    // Availability so far: down 21.5 of the 22.5 days gone by, not 21.5 of November's 30.
    expect(message.text).toBe('SLA report: checkout-api 99.731% (breached), search 4.436% (breached)');
  });

  it('stays within Slack’s 50 blocks, naming the services left out', () => {
    const reports = Array.from({ length: 40 }, (_, i) => reportOf({ service: `service-${i}` }));
    const message = buildSlaReport({ reports, now: NOW });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(blockErrors(message.blocks)).toEqual([]);
    const lines = flattenBlocks(message.blocks);
    expect(lines.at(-1)).toMatch(
      /^› 16 more not shown here: service-24, .*, service-39\. `sitrep report` prints every service\.$/,
    );
  });

  it('says there is nothing to report without services', () => {
    expect(flattenBlocks(buildSlaReport({ reports: [], now: NOW }).blocks)).toEqual([
      'No services are configured in sitrep.yml, so there is nothing to report on.',
    ]);
  });
});
