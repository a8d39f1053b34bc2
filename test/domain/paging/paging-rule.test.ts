import { describe, expect, it } from 'vitest';
import {
  pageableServices,
  pagerDutySeverityOf,
  servicesPagedAt,
  servicesPagedBySeverityChange,
} from '../../../src/domain/paging/paging-rule.ts';

const configured = [
  { name: 'checkout-api', pagerduty: { severities: [1, 2] } },
  { name: 'search', pagerduty: { severities: [1] } },
  { name: 'docs' },
];

describe('servicesPagedAt', () => {
  it.each([
    [
      'pages every service of the incident that pages at its severity',
      ['checkout-api', 'search'],
      1,
      ['checkout-api', 'search'],
    ],
    ['pages only the services whose severities list it', ['checkout-api', 'search'], 2, ['checkout-api']],
    ['pages nobody below the paging severities', ['checkout-api', 'search'], 3, []],
    ['never pages a service without PagerDuty', ['docs'], 1, []],
    ['never pages a service sitrep.yml does not know', ['billing'], 1, []],
    ['pages nobody for an incident without services', [], 1, []],
  ])('%s', (_rule, services, severity, paged) => {
    expect(servicesPagedAt({ services, configured, severity })).toEqual(paged);
  });
});

describe('servicesPagedBySeverityChange', () => {
  it.each([
    ['pages every paging service when raised into its severities', 3, 1, ['checkout-api', 'search']],
    ['pages only the services that did not page at the old severity', 2, 1, ['search']],
    ['pages nobody when lowered', 1, 3, []],
    ['pages nobody when lowered within the paging severities', 1, 2, []],
    ['pages nobody when raised below the paging severities', 4, 3, []],
    ['pages when raised into the paging severities from the lowest', 4, 2, ['checkout-api']],
  ])('%s', (_rule, from, to, paged) => {
    expect(
      servicesPagedBySeverityChange({ services: ['checkout-api', 'search', 'docs'], configured, from, to }),
    ).toEqual(paged);
  });
});

describe('pageableServices', () => {
  it('lists the services with PagerDuty set up, in the order of sitrep.yml', () => {
    expect(pageableServices(configured)).toEqual(['checkout-api', 'search']);
  });
});

describe('pagerDutySeverityOf', () => {
  it.each([
    [1, 'critical'],
    [2, 'error'],
    [3, 'warning'],
    [4, 'info'],
    [9, 'info'],
  ] as const)('maps level %i to %s', (level, severity) => {
    expect(pagerDutySeverityOf(level)).toBe(severity);
  });
});
