import { describe, expect, it } from 'vitest';
import { findServiceForRepository } from '../../../src/domain/deploys/find-service-for-repository.ts';

const services = [
  { name: 'checkout-api', repositories: ['acme/checkout-api', 'acme/payment-gateway'] },
  { name: 'search', repositories: ['acme/search/indexer', 'acme/search/query-api'] },
  { name: 'billing', repositories: [] },
];

describe('findServiceForRepository', () => {
  it('finds nested GitLab paths and nothing for unlisted ones', () => {
    expect(findServiceForRepository({ services, repository: 'acme/search/query-api' })).toBe('search');
    expect(findServiceForRepository({ services, repository: 'acme/search' })).toBeUndefined();
    expect(findServiceForRepository({ services: [], repository: 'acme/checkout-api' })).toBeUndefined();
  });
});
