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

describe('statusPage.atlassian in sitrep.yml', () => {
  const groups = [{ name: 'Payments', services: [{ service: 'checkout-api', name: 'Checkout' }] }];
  const mirrored = (atlassian: unknown) => parseTeamConfig({ services, statusPage: { groups, atlassian } });

  it('is off unless written, and takes the page and a component per service on the page', () => {
    const off = parseTeamConfig(page(groups));
    expect(off.ok && off.config.statusPage?.atlassian).toBeUndefined();
    const on = mirrored({ pageId: 'kctbh9vrtdwd', components: { 'checkout-api': 'cmpcheckout1' } });
    expect(on.ok && on.config.statusPage?.atlassian).toEqual({
      pageId: 'kctbh9vrtdwd',
      components: { 'checkout-api': 'cmpcheckout1' },
    });
  });

  it.each([
    [
      'a service not on the page',
      { pageId: 'kctbh9vrtdwd', components: { search: 'cmpsearch001' } },
      'statusPage.atlassian.components.search: expected a service listed under statusPage.groups; got "search"',
    ],
    [
      'a misspelt service',
      { pageId: 'kctbh9vrtdwd', components: { 'chekout-api': 'cmpcheckout1' } },
      'statusPage.atlassian.components.chekout-api: expected a service listed under statusPage.groups (did you mean checkout-api?); got "chekout-api"',
    ],
    [
      'a page id that is a URL',
      { pageId: 'https://manage.statuspage.io/pages/kctbh9vrtdwd', components: { 'checkout-api': 'cmpcheckout1' } },
      'statusPage.atlassian.pageId: expected the page id from the Statuspage API page, letters and digits such as kctbh9vrtdwd; got "https://manage.statuspage.io/pages/kctbh9vrtdwd"',
    ],
    [
      'a component id with spaces',
      { pageId: 'kctbh9vrtdwd', components: { 'checkout-api': 'Checkout API' } },
      'statusPage.atlassian.components.checkout-api: expected a component id from the component’s edit page, letters and digits such as kctbh9vrtdwd; got "Checkout API"',
    ],
    [
      'no component',
      { pageId: 'kctbh9vrtdwd', components: {} },
      'statusPage.atlassian.components: expected at least one service',
    ],
    [
      'no page id',
      { components: { 'checkout-api': 'cmpcheckout1' } },
      'statusPage.atlassian.pageId: expected the page id from the Statuspage API page, letters and digits such as kctbh9vrtdwd; got nothing (the key is missing)',
    ],
  ])('refuses %s, saying where', (_, atlassian, error) => {
    const result = mirrored(atlassian);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([error]);
  });
});
