import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.ts';
import { parseTeamConfig, type TTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createReportFlows, type ReportRequest } from '../../src/flows/report-flows.ts';
import type { ReadReportFactsOptions, ReportFacts, ReportStore } from '../../src/store/report-store.ts';

const NOW = new Date('2026-11-23T12:00:00Z');

const teamWith = (services: unknown[]): TTeamConfig => {
  const parsed = parseTeamConfig({
    team: { timeZone: 'Europe/Paris' },
    deploys: { changeFailureWindowHours: 6 },
    services,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config;
};

const TEAM = teamWith([
  { name: 'checkout-api', sla: { target: 99.9, window: 'monthly' } },
  { name: 'search', sla: { target: 99.5, window: 'quarterly', degradedWeight: 0.5 } },
  { name: 'ledger', sla: { target: 99.95, window: 'monthly' } },
]);

/** Facts kept in memory; records what each read asked for. */
const createFakeReports = (facts: ReportFacts = { spans: [], incidents: [], deploys: [], maintenance: [] }) => {
  const reads: ReadReportFactsOptions[] = [];
  const store: ReportStore = {
    readFacts: async (options) => {
      reads.push(options);
      return facts;
    },
  };
  return { store, reads };
};

const build = async (
  request: ReportRequest,
  { team = TEAM, facts }: { team?: TTeamConfig; facts?: ReportFacts } = {},
) => {
  const { store, reads } = createFakeReports(facts);
  const reports = await createReportFlows({ reports: store, team, now: () => NOW }).buildReport(request);
  return { reports, reads };
};

const refusal = async (request: ReportRequest): Promise<string> => {
  const error = await build(request).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  expect(error.code).toBe('BAD_REQUEST');
  return error.userMessage;
};

// Midnight in Paris: 1 November is in winter time (UTC+1), 1 October in summer time (UTC+2).
const NOVEMBER = { start: new Date('2026-10-31T23:00:00Z'), end: new Date('2026-11-30T23:00:00Z') };
const Q4 = { start: new Date('2026-09-30T22:00:00Z'), end: new Date('2026-12-31T23:00:00Z') };
const SIX_HOURS = 6 * 3_600_000;

describe('buildReport', () => {
  it('reports each service over its own SLA window holding now, one read per distinct period', async () => {
    const { reports, reads } = await build({});
    expect(reports.map((report) => [report.service, report.period.key])).toEqual([
      ['checkout-api', '2026-11'],
      ['search', '2026-Q4'],
      ['ledger', '2026-11'],
    ]);
    expect(reads).toEqual([
      { services: ['checkout-api', 'ledger'], ...NOVEMBER, changeFailureWindowMs: SIX_HOURS },
      { services: ['search'], ...Q4, changeFailureWindowMs: SIX_HOURS },
    ]);
  });

  it('uses a period typed for every service asked, read once', async () => {
    const { reports, reads } = await build({ period: '2026-q4' });
    expect(reports.map((report) => report.period.key)).toEqual(['2026-Q4', '2026-Q4', '2026-Q4']);
    expect(reads).toEqual([
      { services: ['checkout-api', 'search', 'ledger'], ...Q4, changeFailureWindowMs: SIX_HOURS },
    ]);
  });

  it('reports one service, named in any case', async () => {
    const { reports, reads } = await build({ service: 'Search', period: '2026-11' });
    expect(reports.map((report) => [report.service, report.period.label])).toEqual([['search', 'November 2026']]);
    expect(reads).toEqual([{ services: ['search'], ...NOVEMBER, changeFailureWindowMs: SIX_HOURS }]);
  });

  it('computes each service’s downtime with its own target and weight, and its delivery metrics', async () => {
    const facts: ReportFacts = {
      spans: [
        {
          service: 'search',
          kind: 'degraded',
          startedAt: new Date('2026-11-02T10:00:00Z'),
          endedAt: new Date('2026-11-02T11:00:00Z'),
          incidentId: 'a',
        },
      ],
      incidents: [
        {
          id: 'a',
          services: ['search'],
          impactStartedAt: new Date('2026-11-02T10:00:00Z'),
          declaredAt: new Date('2026-11-02T10:10:00Z'),
          mitigatedAt: null,
          resolvedAt: new Date('2026-11-02T11:00:00Z'),
        },
      ],
      deploys: [
        {
          service: 'search',
          environment: 'production',
          status: 'succeeded',
          occurredAt: new Date('2026-11-02T05:00:00Z'),
        },
        {
          service: 'search',
          environment: 'production',
          status: 'succeeded',
          occurredAt: new Date('2026-11-01T05:00:00Z'),
        },
      ],
      maintenance: [],
    };
    const { reports } = await build({ service: 'search', period: '2026-11' }, { facts });
    const [search] = reports;
    // Half of the hour degraded; November in Paris is 720 h, 0.5 % of it 216 min.
    expect(search?.downtime).toMatchObject({ downtimeMs: 30 * 60_000, allowedMs: 216 * 60_000, breached: false });
    // The deploy 5 h before the incident failed; the one a day earlier is outside the 6 h window.
    expect(search?.metrics).toMatchObject({ incidents: 1, meanTimeToDetectMs: 600_000, changeFailureRatePercent: 50 });
  });

  it('leaves impact inside maintenance out of downtime where sla.excludeMaintenance says so, and counts it elsewhere', async () => {
    const team = teamWith([
      { name: 'checkout-api', sla: { target: 99.9, excludeMaintenance: true } },
      { name: 'search', sla: { target: 99.9 } },
    ]);
    const outage = (service: string) => ({
      service,
      kind: 'outage' as const,
      startedAt: new Date('2026-11-10T01:30:00Z'),
      endedAt: new Date('2026-11-10T02:30:00Z'),
      incidentId: `incident-${service}`,
    });
    const facts: ReportFacts = {
      spans: [outage('checkout-api'), outage('search')],
      incidents: [],
      deploys: [],
      maintenance: [
        {
          services: ['checkout-api', 'search'],
          startsAt: new Date('2026-11-10T01:45:00Z'),
          endsAt: new Date('2026-11-10T03:00:00Z'),
          cancelledAt: null,
        },
      ],
    };
    const { reports } = await build({ period: '2026-11' }, { team, facts });
    const byService = Object.fromEntries(reports.map((report) => [report.service, report.downtime]));
    // 45 of the 60 minutes fell in the window.
    expect(byService['checkout-api']).toMatchObject({
      downtimeMs: 15 * 60_000,
      maintenanceMs: 45 * 60_000,
      maintenanceExcluded: true,
    });
    expect(byService.search).toMatchObject({
      downtimeMs: 60 * 60_000,
      maintenanceMs: 45 * 60_000,
      maintenanceExcluded: false,
    });
  });

  it('reads nothing and reports nothing when no service is configured', async () => {
    expect(await build({}, { team: teamWith([]) })).toEqual({ reports: [], reads: [] });
  });

  it.each<[string, ReportRequest, string]>([
    [
      'an unknown service, with the nearest name',
      { service: 'chekout-api' },
      'Unknown service `chekout-api`. Did you mean `checkout-api`? The services in sitrep.yml are checkout-api, search and ledger.',
    ],
    [
      'an unknown service far from every name',
      { service: 'payments' },
      'Unknown service `payments`. The services in sitrep.yml are checkout-api, search and ledger.',
    ],
    [
      'a month that does not exist, in parsePeriod’s words',
      { period: '2026-13' },
      '`2026-13` is not a month: months go from 01 to 12. Write a month as `2026-10` or a quarter as `2026-Q4`.',
    ],
    [
      'a period not started',
      { period: '2026-12' },
      'December 2026 has not started yet: a report covers a period that has begun.',
    ],
  ])('refuses %s', async (_, request, message) => {
    expect(await refusal(request)).toBe(message);
  });

  it('keeps a typed name short and unable to end its code span', async () => {
    expect(await refusal({ service: `a\`b${'x'.repeat(60)}` })).toMatch(/^Unknown service `a'bx{36}…`\./);
  });
});
