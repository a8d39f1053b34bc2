import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/app-error.ts';
import { planReport, type ReportRequest } from '../../../src/domain/sla/plan-report.ts';
import { parseTeamConfig, type TTeamConfig } from '../../../src/domain/team-config/team-config.ts';

// Monday 23 November 2026, 13:00 in Paris.
const NOW = new Date('2026-11-23T12:00:00Z');

const teamWith = (services: unknown[]): TTeamConfig => {
  const parsed = parseTeamConfig({ team: { timeZone: 'Europe/Paris' }, services });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config;
};

const TEAM = teamWith([
  { name: 'checkout-api', sla: { window: 'monthly' } },
  { name: 'search', sla: { window: 'quarterly' } },
  { name: 'ledger', sla: { window: 'monthly' } },
]);

const plan = (request: ReportRequest, team = TEAM) =>
  planReport({ team, request, now: NOW }).map(({ service, period }) => [service.name, period.key]);

const refusal = (request: ReportRequest, team = TEAM): string => {
  try {
    planReport({ team, request, now: NOW });
  } catch (error) {
    if (error instanceof AppError && error.code === 'BAD_REQUEST') return error.userMessage;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(request)} to be refused`);
};

describe('planReport', () => {
  it.each<[string, ReportRequest, string[][]]>([
    [
      'reports every service over its own SLA window holding now',
      {},
      [
        ['checkout-api', '2026-11'],
        ['search', '2026-Q4'],
        ['ledger', '2026-11'],
      ],
    ],
    ['reports one service, named in any case', { service: ' Checkout-API ' }, [['checkout-api', '2026-11']]],
    [
      'reports every service over the period typed',
      { period: '2026-10' },
      [
        ['checkout-api', '2026-10'],
        ['search', '2026-10'],
        ['ledger', '2026-10'],
      ],
    ],
    ['reports a quarter that has begun', { service: 'search', period: '2026-q4' }, [['search', '2026-Q4']]],
    ['reports the month under way', { service: 'ledger', period: '2026-11' }, [['ledger', '2026-11']]],
  ])('%s', (_rule, request, planned) => {
    expect(plan(request)).toEqual(planned);
  });

  it('reports nothing when no service is configured', () => {
    expect(plan({}, teamWith([]))).toEqual([]);
  });

  it.each<[string, ReportRequest, TTeamConfig, string]>([
    [
      'an unknown service, with the nearest',
      { service: 'chekout-api' },
      TEAM,
      'Unknown service `chekout-api`. Did you mean `checkout-api`? The services in sitrep.yml are checkout-api, search and ledger.',
    ],
    [
      'a service when none is configured',
      { service: 'search' },
      teamWith([]),
      'Unknown service `search`. No services are configured in sitrep.yml.',
    ],
    [
      'a period that does not parse',
      { period: '2026-13' },
      TEAM,
      '`2026-13` is not a month: months go from 01 to 12. Write a month as `2026-10` or a quarter as `2026-Q4`.',
    ],
    [
      'a period that has not started',
      { period: '2026-12' },
      TEAM,
      'December 2026 has not started yet: a report covers a period that has begun.',
    ],
  ])('refuses %s', (_rule, request, team, message) => {
    expect(refusal(request, team)).toBe(message);
  });
});
