import { describe, expect, it } from 'vitest';
import { parseTeamConfig } from '../../../src/domain/team-config/team-config.ts';

const services = [{ name: 'checkout-api' }, { name: 'search' }];
const page = (groups: unknown) => ({ services, statusPage: { groups } });

describe('statusPage in sitrep.yml', () => {
  it('is off unless written, and takes the services under their public names and groups', () => {
    const off = parseTeamConfig({ services });
    expect(off.ok && off.config.statusPage).toBeUndefined();
    const on = parseTeamConfig(page([{ name: 'Payments', services: [{ service: 'checkout-api', name: 'Checkout' }] }]));
    expect(on.ok && on.config.statusPage).toEqual({
      title: 'Status',
      groups: [{ name: 'Payments', services: [{ service: 'checkout-api', name: 'Checkout' }] }],
    });
  });

  it.each([
    [
      'a service sitrep does not know',
      [{ name: 'Payments', services: [{ service: 'chekout-api', name: 'Checkout' }] }],
      'statusPage.groups[0].services[0].service: expected one of the services (did you mean checkout-api?); got "chekout-api"',
    ],
    [
      'a service twice',
      [
        { name: 'Payments', services: [{ service: 'search', name: 'Search' }] },
        { name: 'Other', services: [{ service: 'search', name: 'Search again' }] },
      ],
      'statusPage.groups[1].services[0].service: expected each service on the page once; got "search" again',
    ],
    [
      'two services under one public name',
      [
        { name: 'Payments', services: [{ service: 'checkout-api', name: 'API' }] },
        { name: 'Other', services: [{ service: 'search', name: 'api' }] },
      ],
      'statusPage.groups[1].services[0].name: expected a public name no other service on the page has; got "api" again',
    ],
    ['no group', [], 'statusPage.groups: expected at least one group'],
    [
      'a group with no service',
      [{ name: 'Payments', services: [] }],
      'statusPage.groups[0].services: expected at least one service in the group',
    ],
  ])('refuses %s, saying where', (_, groups, error) => {
    const result = parseTeamConfig(page(groups));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toContain(error);
  });
});
