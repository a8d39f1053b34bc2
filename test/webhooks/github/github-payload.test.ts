import { describe, expect, it } from 'vitest';
import { parseGithubDeploy } from '../../../src/webhooks/github/github-payload.ts';
import {
  deployOf,
  expectAnyJsonAnswered,
  expectAnyReplacementAnswered,
  issuesOf,
  payloadFixture,
  payloadOf,
  services,
  withValue,
} from '../payload-helpers.ts';

const GITHUB_STATUS = payloadFixture('github-deployment-status.json');
const GITHUB_DEPLOYMENT = payloadFixture('github-deployment.json');

const github = (payload: unknown, event: 'deployment' | 'deployment_status' = 'deployment_status') =>
  parseGithubDeploy({ event, payload, deliveryId: 'd1f0c2a0-a6a4-11ef-8f3c-6a1b2c3d4e5f', services });

describe('parseGithubDeploy', () => {
  it("reads GitHub's deployment_status example: the service owning the repository, the tag, the log", () => {
    expect(deployOf(github(GITHUB_STATUS))).toEqual({
      source: 'github',
      deliveryId: 'd1f0c2a0-a6a4-11ef-8f3c-6a1b2c3d4e5f',
      service: 'checkout-api',
      environment: 'production',
      version: 'v2.14.0',
      layer: 'artifact',
      status: 'succeeded',
      actor: 'alice-acme',
      url: 'https://github.com/acme/checkout-api/actions/runs/11934028457/job/33263251234',
      description: 'Deployed v2.14.0 to production',
      occurredAt: new Date('2026-11-20T12:58:03.000Z'),
    });
  });

  it('reads a created deployment as started, when it was created, with the short sha of a branch deploy', () => {
    expect(deployOf(github(GITHUB_DEPLOYMENT, 'deployment'))).toEqual({
      source: 'github',
      deliveryId: 'd1f0c2a0-a6a4-11ef-8f3c-6a1b2c3d4e5f',
      service: 'checkout-api',
      environment: 'production',
      version: '9fceb02',
      layer: 'artifact',
      status: 'started',
      actor: 'alice-acme',
      url: null,
      description: 'Card retries behind a flag',
      occurredAt: new Date('2026-11-20T12:51:40.000Z'),
    });
  });

  it.each([
    ['pending', 'started'],
    ['queued', 'started'],
    ['in_progress', 'started'],
    ['success', 'succeeded'],
    ['failure', 'failed'],
    ['error', 'failed'],
  ])('records the %s state as %s', (state, status) => {
    expect(deployOf(github(withValue(GITHUB_STATUS, ['deployment_status', 'state'], state))).status).toBe(status);
  });

  it.each([
    ['inactive', 'an older deploy retired by a newer one'],
    ['waiting', 'a state GitHub may add later'],
  ])('ignores the %s state (%s)', (state) => {
    expect(payloadOf(github(withValue(GITHUB_STATUS, ['deployment_status', 'state'], state)))).toEqual({
      kind: 'ignored',
      reason: `deployment state "${state}" is not a deploy outcome`,
    });
  });

  it('ignores deployment actions other than created', () => {
    expect(payloadOf(github(withValue(GITHUB_DEPLOYMENT, ['action'], 'deleted'), 'deployment'))).toMatchObject({
      kind: 'ignored',
    });
  });

  it.each([
    ['acme/legacy-billing', 'acme/legacy-billing', 'a repository no service lists is its own, unknown service'],
    ['ACME/Checkout-API', 'checkout-api', 'repositories compare without case'],
    ['acme/payment-gateway', 'checkout-api', "a service's second repository"],
  ])('names %s as service %s: %s', (repository, service) => {
    const payload = withValue(GITHUB_STATUS, ['repository', 'full_name'], repository);
    expect(deployOf(github(payload)).service).toBe(service);
  });

  it.each([
    ['v2.14.0', 'v2.14.0'],
    ['2.14.0-rc.1', '2.14.0-rc.1'],
    ['v42', 'v42'],
    ['refs/tags/release-2026-11-20', 'release-2026-11-20'],
    ['main', '9fceb02'],
    ['feature/v2.0', '9fceb02'],
    ['9fceb02d0ae598e95dc970b74767f19372d61af8', '9fceb02'],
  ])('shows ref %s as version %s', (ref, version) => {
    expect(deployOf(github(withValue(GITHUB_STATUS, ['deployment', 'ref'], ref))).version).toBe(version);
  });

  it('cuts a sha short without splitting a character in two (jsonb refuses half a surrogate pair)', () => {
    const payload = withValue(
      withValue(GITHUB_STATUS, ['deployment', 'ref'], 'main'),
      ['deployment', 'sha'],
      '𐀀'.repeat(4),
    );
    expect(deployOf(github(payload)).version).toBe('𐀀'.repeat(3));
  });

  it('falls back to target_url, then to no link, keeping only http(s) links', () => {
    const withoutLog = withValue(GITHUB_STATUS, ['deployment_status', 'log_url'], undefined);
    expect(deployOf(github(withoutLog)).url).toBe(
      'https://github.com/acme/checkout-api/actions/runs/11934028457/job/33263251234',
    );
    const blank = withValue(withoutLog, ['deployment_status', 'target_url'], '');
    expect(deployOf(github(blank)).url).toBeNull();
    const notHttp = withValue(withoutLog, ['deployment_status', 'target_url'], 'javascript:alert(1)');
    expect(deployOf(github(notHttp)).url).toBeNull();
  });

  it("names the sender when the deployment's creator is gone", () => {
    const payload = withValue(GITHUB_STATUS, ['deployment', 'creator'], null);
    expect(deployOf(github(payload)).actor).toBe('github-actions[bot]');
  });

  it("takes the deployment's environment and description when the status has none", () => {
    const payload = withValue(
      withValue(
        withValue(GITHUB_STATUS, ['deployment_status', 'environment'], undefined),
        ['deployment_status', 'description'],
        '',
      ),
      ['deployment', 'environment'],
      'staging',
    );
    expect(deployOf(github(payload))).toMatchObject({ environment: 'staging', description: null });
  });

  it.each([
    ['no deployment', withValue(GITHUB_STATUS, ['deployment'], undefined), 'deployment: '],
    ['no repository', withValue(GITHUB_STATUS, ['repository'], undefined), 'repository: '],
    [
      'a creation time that is not a time',
      withValue(GITHUB_STATUS, ['deployment_status', 'created_at'], 'yesterday'),
      'deployment_status.created_at: ',
    ],
    [
      'a status time in year 0 once at UTC',
      withValue(GITHUB_STATUS, ['deployment_status', 'created_at'], '0001-01-01T00:00:00+01:00'),
      'deployment_status.created_at: expected a time between the years 1 and 9999 (UTC)',
    ],
    [
      'a deployment time in year 10000 once at UTC',
      withValue(GITHUB_STATUS, ['deployment', 'created_at'], '9999-12-31T23:59:59-23:59'),
      'deployment.created_at: expected a time between the years 1 and 9999 (UTC)',
    ],
    ['a number for a sha', withValue(GITHUB_STATUS, ['deployment', 'sha'], 42), 'deployment.sha: '],
    [
      'a repository name too long to index',
      withValue(GITHUB_STATUS, ['repository', 'full_name'], `acme/${'r'.repeat(500)}`),
      'repository.full_name: ',
    ],
  ])('refuses a payload with %s, saying where', (_name, payload, where) => {
    expect(issuesOf(github(payload))).toEqual([expect.stringContaining(where)]);
  });
});

describe('parseGithubDeploy on any input', () => {
  it.each(['deployment', 'deployment_status'] as const)(
    'answers any JSON value (%s) with a result, never an exception',
    (event) => {
      expectAnyJsonAnswered((payload) => github(payload, event));
    },
  );

  it.each([
    ['deployment_status', GITHUB_STATUS, (payload: unknown) => github(payload)],
    ['deployment', GITHUB_DEPLOYMENT, (payload: unknown) => github(payload, 'deployment')],
  ])('answers a real %s payload with any one value replaced, never an exception', (_name, payload, parse) => {
    expectAnyReplacementAnswered({ payload, parse });
  });
});
