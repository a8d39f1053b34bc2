import { describe, expect, it } from 'vitest';
import { parseGenericDeploy } from '../../../src/webhooks/generic/deploy-payload.ts';
import { expectAnyJsonAnswered, issuesOf, payloadOf, RECEIVED_AT, withValue } from '../payload-helpers.ts';

describe('parseGenericDeploy', () => {
  const body = {
    id: 'deploy-2026-11-20-0042',
    service: 'checkout-api',
    environment: 'production',
    version: 'v2.14.0',
    layer: 'artifact',
    status: 'succeeded',
    actor: 'alice',
    url: 'https://ci.acme.example/pipelines/42',
    description: 'Card retries behind a flag',
    at: '2026-11-20T13:58:00+01:00',
  };

  it('reads every field, the delivery id being the body id', () => {
    expect(payloadOf(parseGenericDeploy({ payload: body, receivedAt: RECEIVED_AT }))).toEqual({
      source: 'generic',
      deliveryId: 'deploy-2026-11-20-0042',
      service: 'checkout-api',
      environment: 'production',
      version: 'v2.14.0',
      layer: 'artifact',
      status: 'succeeded',
      actor: 'alice',
      url: 'https://ci.acme.example/pipelines/42',
      description: 'Card retries behind a flag',
      occurredAt: new Date('2026-11-20T12:58:00.000Z'),
    });
  });

  it('takes the time it was received when the body does not say when, and null for what it leaves out', () => {
    const { at: _at, actor: _actor, url: _url, description: _description, ...minimal } = body;
    expect(payloadOf(parseGenericDeploy({ payload: minimal, receivedAt: RECEIVED_AT }))).toMatchObject({
      actor: null,
      url: null,
      description: null,
      occurredAt: RECEIVED_AT,
    });
  });

  it('records a service sitrep.yml does not list, under its own name', () => {
    const payload = { ...body, service: 'legacy-billing' };
    expect(payloadOf(parseGenericDeploy({ payload, receivedAt: RECEIVED_AT })).service).toBe('legacy-billing');
  });

  it.each(['database', 'artifact', 'fleet', 'feature'])('accepts the %s layer', (layer) => {
    expect(payloadOf(parseGenericDeploy({ payload: { ...body, layer }, receivedAt: RECEIVED_AT })).layer).toBe(layer);
  });

  it.each(['started', 'succeeded', 'failed', 'rolled_back'])('accepts the %s status', (status) => {
    const payload = { ...body, status };
    expect(payloadOf(parseGenericDeploy({ payload, receivedAt: RECEIVED_AT })).status).toBe(status);
  });

  it.each([
    ['a missing id', withValue(body, ['id'], undefined), 'id'],
    ['a blank service', { ...body, service: '   ' }, 'service'],
    ['an unknown layer', { ...body, layer: 'kubernetes' }, 'layer'],
    ['an unknown status', { ...body, status: 'done' }, 'status'],
    ['a time without its offset', { ...body, at: '2026-11-20T13:58:00' }, 'at'],
    ['a link that is not http(s)', { ...body, url: 'javascript:alert(1)' }, 'url'],
    ['a misspelt key', { ...body, descripton: 'typo' }, ''],
    ['a list instead of an object', [body], ''],
    ['null', null, ''],
    ['a time in year 0', { ...body, at: '0000-12-31T23:00:00Z' }, 'at'],
    ['a time in year 0 once at UTC', { ...body, at: '0001-01-01T00:30:00+01:00' }, 'at'],
    ['a time in year 10000 once at UTC', { ...body, at: '9999-12-31T23:59:59-00:01' }, 'at'],
  ])('refuses %s, saying where', (_name, payload, path) => {
    const issues = issuesOf(parseGenericDeploy({ payload, receivedAt: RECEIVED_AT }));
    expect(issues).toEqual([expect.stringMatching(new RegExp(`^${path}: `))]);
  });

  it.each([
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['0001-01-01T00:30:00-01:00', '0001-01-01T01:30:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['9999-12-31T23:59:59+23:59', '9999-12-31T00:00:59.000Z'],
  ])('accepts %s, in the years 1 to 9999 at UTC', (at, instant) => {
    const payload = { ...body, at };
    expect(payloadOf(parseGenericDeploy({ payload, receivedAt: RECEIVED_AT })).occurredAt.toISOString()).toBe(instant);
  });

  it.each([
    [{ descripton: 'typo' }, 'Unrecognized key: "descripton"'],
    [{ descripton: 'typo', enviroment: 'prod' }, 'Unrecognized keys: "descripton", "enviroment"'],
    [{ ['k'.repeat(5_000)]: 1 }, `Unrecognized key: "${'k'.repeat(40)}…"`],
    [
      Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((key) => [key, 1])),
      'Unrecognized keys: "a", "b", "c", "d", "e" and 2 more',
    ],
  ])('names unknown keys %#, quoting a few and each cut short', (extra, message) => {
    const issues = issuesOf(parseGenericDeploy({ payload: { ...body, ...extra }, receivedAt: RECEIVED_AT }));
    expect(issues).toEqual([`: ${message}`]);
  });
});

describe('parseGenericDeploy on any input', () => {
  it('answers any JSON value with a result, never an exception', () => {
    expectAnyJsonAnswered((payload) => parseGenericDeploy({ payload, receivedAt: RECEIVED_AT }));
  });
});
