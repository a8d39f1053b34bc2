import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';
import type { AlertInput, DeployInput } from '../../src/flows/deploy-flows.ts';
import {
  type DeployOutcome,
  findServiceForRepository,
  type ParsedAlert,
  type ParsedDeploy,
  type PayloadResult,
  parseAlertmanagerAlerts,
  parseGenericDeploy,
  parseGithubDeploy,
  parseGitlabDeploy,
  parseGitlabTime,
  versionFromRef,
} from '../../src/webhooks/deploy-payloads.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const GITHUB_STATUS = fixture('github-deployment-status.json');
const GITHUB_DEPLOYMENT = fixture('github-deployment.json');
const GITLAB_HOOK = fixture('gitlab-deployment-hook.json');
const ALERTMANAGER = fixture('alertmanager-notification.json');

const team = parseTeamConfig({
  services: [
    { name: 'checkout-api', repositories: ['acme/checkout-api', 'acme/payment-gateway'] },
    { name: 'search', repositories: ['acme/search/indexer', 'acme/search/query-api'] },
    { name: 'billing' },
  ],
});
if (!team.ok) throw new Error(team.errors.join('\n'));
const { services } = team.config;

const RECEIVED_AT = new Date('2026-11-20T13:00:00.000Z');

/** A copy of `value` with `replacement` at `path` (`undefined` removes the key); the original is left alone. */
const withValue = (value: unknown, path: readonly (string | number)[], replacement: unknown): unknown => {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value)) {
    return value.map((item, index) => (index === head ? withValue(item, rest, replacement) : item));
  }
  const record: Record<string, unknown> = typeof value === 'object' && value !== null ? { ...value } : {};
  const key = String(head);
  const next = withValue(record[key], rest, replacement);
  if (next === undefined) delete record[key];
  else record[key] = next;
  return record;
};

const payloadOf = <T>(result: PayloadResult<T>): T => {
  if (!result.ok) throw new Error(`expected a payload, got issues ${JSON.stringify(result.issues)}`);
  return result.value;
};

const deployOf = (result: PayloadResult<DeployOutcome>): ParsedDeploy => {
  const outcome = payloadOf(result);
  if (outcome.kind !== 'deploy') throw new Error(`expected a deploy, got ignored: ${outcome.reason}`);
  return outcome.deploy;
};

/** Each issue as `path: message`, so a table row reads as what a sender would be told. */
const issuesOf = <T>(result: PayloadResult<T>): string[] => {
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.value)}`);
  return result.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

const github = (payload: unknown, event: 'deployment' | 'deployment_status' = 'deployment_status') =>
  parseGithubDeploy({ event, payload, deliveryId: 'd1f0c2a0-a6a4-11ef-8f3c-6a1b2c3d4e5f', services });

const gitlab = (payload: unknown) =>
  parseGitlabDeploy({ payload, deliveryId: '8bd1c4e6-1a61-4b5e-9a8f-0c6f2a4b7e11', services, receivedAt: RECEIVED_AT });

const alertmanager = (payload: unknown, serviceLabel = 'service') => parseAlertmanagerAlerts({ payload, serviceLabel });

describe('the parsed shapes', () => {
  it('are what the event flows take', () => {
    expectTypeOf<ParsedDeploy>().toExtend<DeployInput>();
    expectTypeOf<ParsedAlert>().toEqualTypeOf<AlertInput>();
  });
});

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

describe('parseGitlabDeploy', () => {
  it("reads GitLab's Deployment Hook: the service owning the project path, the short sha, the job", () => {
    expect(deployOf(gitlab(GITLAB_HOOK))).toEqual({
      source: 'gitlab',
      deliveryId: '8bd1c4e6-1a61-4b5e-9a8f-0c6f2a4b7e11',
      service: 'search',
      environment: 'production',
      version: '279484c0',
      layer: 'artifact',
      status: 'succeeded',
      actor: 'carol',
      url: 'https://gitlab.acme.example/acme/search/indexer/-/jobs/90213',
      description: 'Reindex synonyms nightly',
      occurredAt: new Date('2026-11-20T12:58:00.000Z'),
    });
  });

  it.each([
    ['running', 'started'],
    ['success', 'succeeded'],
    ['failed', 'failed'],
    // Not rolled_back: GitLab does not say an earlier version was put back.
    ['canceled', 'failed'],
  ])('records the %s status as %s', (gitlabStatus, status) => {
    expect(deployOf(gitlab(withValue(GITLAB_HOOK, ['status'], gitlabStatus))).status).toBe(status);
  });

  it('ignores a status that is not an outcome', () => {
    expect(payloadOf(gitlab(withValue(GITLAB_HOOK, ['status'], 'blocked')))).toEqual({
      kind: 'ignored',
      reason: 'deployment status "blocked" is not a deploy outcome',
    });
  });

  it('shows a tag ref as the version', () => {
    expect(deployOf(gitlab(withValue(GITLAB_HOOK, ['ref'], 'v3.1.0'))).version).toBe('v3.1.0');
  });

  it('records a project no service lists under its path', () => {
    const payload = withValue(GITLAB_HOOK, ['project', 'path_with_namespace'], 'acme/platform/terraform');
    expect(deployOf(gitlab(payload)).service).toBe('acme/platform/terraform');
  });

  it('takes the time it was received when GitLab does not say when the status changed', () => {
    expect(deployOf(gitlab(withValue(GITLAB_HOOK, ['status_changed_at'], undefined))).occurredAt).toEqual(RECEIVED_AT);
  });

  it.each([
    ['a wrong object kind', withValue(GITLAB_HOOK, ['object_kind'], 'pipeline'), 'object_kind: '],
    ['no project', withValue(GITLAB_HOOK, ['project'], undefined), 'project: '],
    [
      'a project path too long to index',
      withValue(GITLAB_HOOK, ['project', 'path_with_namespace'], `acme/${'p'.repeat(500)}`),
      'project.path_with_namespace: ',
    ],
    [
      'a day that does not exist',
      withValue(GITLAB_HOOK, ['status_changed_at'], '2026-02-30 10:00:00 +0100'),
      'status_changed_at: expected a time',
    ],
    [
      'a time in year 0 once at UTC',
      withValue(GITLAB_HOOK, ['status_changed_at'], '0001-01-01 00:30:00 +0100'),
      'status_changed_at: expected a time between the years 1 and 9999 (UTC)',
    ],
    [
      'a time in year 10000 once at UTC',
      withValue(GITLAB_HOOK, ['status_changed_at'], '9999-12-31 23:59:59 -2359'),
      'status_changed_at: expected a time between the years 1 and 9999 (UTC)',
    ],
  ])('refuses a payload with %s, saying where', (_name, payload, where) => {
    expect(issuesOf(gitlab(payload))).toEqual([expect.stringContaining(where)]);
  });
});

describe('parseGitlabTime', () => {
  it.each([
    ['2026-11-20 13:58:00 +0100', '2026-11-20T12:58:00.000Z'],
    ['2026-11-20 07:58:00 -0500', '2026-11-20T12:58:00.000Z'],
    ['2026-11-20 18:28:00 +0530', '2026-11-20T12:58:00.000Z'],
    ['2026-11-21 00:58:00 +1200', '2026-11-20T12:58:00.000Z'],
    ['2026-11-20 00:30:00 +0100', '2026-11-19T23:30:00.000Z'],
    ['2026-03-29 03:30:00 +0200', '2026-03-29T01:30:00.000Z'],
    ['2026-11-20 12:58:00 UTC', '2026-11-20T12:58:00.000Z'],
    ['2026-11-20T13:58:00+01:00', '2026-11-20T12:58:00.000Z'],
    ['2028-02-29 12:00:00 +0000', '2028-02-29T12:00:00.000Z'],
  ])('reads %s at its own offset as %s', (text, instant) => {
    expect(parseGitlabTime(text)?.toISOString()).toBe(instant);
  });

  it.each([
    '2026-02-30 10:00:00 +0100',
    '2026-11-20 24:00:00 +0100',
    '2026-11-20 13:58:00',
    '2026-11-20 13:58:00 +01',
    '20/11/2026 13:58',
    '',
  ])('refuses %j', (text) => {
    expect(parseGitlabTime(text)).toBeUndefined();
  });
});

describe('findServiceForRepository and versionFromRef', () => {
  it('finds nested GitLab paths and nothing for unlisted ones', () => {
    expect(findServiceForRepository({ services, repository: 'acme/search/query-api' })).toBe('search');
    expect(findServiceForRepository({ services, repository: 'acme/search' })).toBeUndefined();
    expect(findServiceForRepository({ services: [], repository: 'acme/checkout-api' })).toBeUndefined();
  });

  it('gives the short sha when there is no ref', () => {
    expect(versionFromRef({ ref: null, shortSha: '279484c0' })).toBe('279484c0');
    expect(versionFromRef({ ref: 'refs/tags/', shortSha: '279484c0' })).toBe('279484c0');
  });
});

describe('parseAlertmanagerAlerts', () => {
  it("reads every alert of Alertmanager's notification", () => {
    expect(payloadOf(alertmanager(ALERTMANAGER))).toEqual([
      {
        fingerprint: 'c4a1e2b7f0d39a55',
        status: 'firing',
        service: 'checkout-api',
        alertName: 'CheckoutHighErrorRate',
        summary: '5xx above 5% on checkout-api for 5 minutes',
        labels: {
          alertname: 'CheckoutHighErrorRate',
          service: 'checkout-api',
          severity: 'page',
          namespace: 'checkout',
        },
        startsAt: new Date('2026-11-20T12:59:30.518Z'),
        endsAt: null,
      },
      {
        fingerprint: '7d2f09aa13e84c6b',
        status: 'resolved',
        service: 'checkout-api',
        alertName: 'CheckoutLatencyHigh',
        summary: 'p99 latency above 2 s',
        labels: { alertname: 'CheckoutLatencyHigh', service: 'checkout-api', severity: 'ticket' },
        startsAt: new Date('2026-11-20T11:40:00.000Z'),
        endsAt: new Date('2026-11-20T11:55:00.123Z'),
      },
      {
        fingerprint: '0f9e31b2c7aa4d18',
        status: 'firing',
        service: null,
        alertName: 'NodeDiskFilling',
        summary: null,
        labels: { alertname: 'NodeDiskFilling', instance: 'node-7:9100' },
        startsAt: new Date('2026-11-20T12:50:00.000Z'),
        endsAt: null,
      },
    ]);
  });

  const firstAlert = (payload: unknown, serviceLabel?: string): ParsedAlert => {
    const [alert] = payloadOf(alertmanager(payload, serviceLabel));
    if (alert === undefined) throw new Error('expected an alert');
    return alert;
  };

  it('names the service by the label the team chose', () => {
    const payload = withValue(ALERTMANAGER, ['alerts', 0, 'labels', 'app'], 'search');
    expect(firstAlert(payload, 'app').service).toBe('search');
    expect(firstAlert(payload, 'team').service).toBeNull();
    // A label named like an Object property is still only a label.
    expect(firstAlert(payload, 'constructor').service).toBeNull();
  });

  it.each([
    ['the zero time on a firing alert', 'firing', '0001-01-01T00:00:00Z', null],
    ["Prometheus's resend horizon on a firing alert", 'firing', '2026-11-20T13:04:30Z', null],
    ['the zero time on a resolved alert', 'resolved', '0001-01-01T00:00:00Z', null],
    ['no endsAt at all', 'resolved', undefined, null],
    ['the end of a resolved alert', 'resolved', '2026-11-20T13:10:00Z', '2026-11-20T13:10:00.000Z'],
  ])('reads %s (%s, endsAt %j) as ended at %j', (_name, status, endsAt, ended) => {
    const payload = withValue(
      withValue(ALERTMANAGER, ['alerts', 0, 'status'], status),
      ['alerts', 0, 'endsAt'],
      endsAt,
    );
    expect(firstAlert(payload).endsAt?.toISOString() ?? null).toBe(ended);
  });

  it('names an alert without an alertname by its fingerprint, and finds no summary in blank annotations', () => {
    const payload = withValue(
      withValue(ALERTMANAGER, ['alerts', 0, 'labels', 'alertname'], undefined),
      ['alerts', 0, 'annotations'],
      { summary: '', description: ' ' },
    );
    expect(firstAlert(payload)).toMatchObject({ alertName: 'c4a1e2b7f0d39a55', summary: null });
  });

  it('reads a notification without alerts as none', () => {
    expect(payloadOf(alertmanager(withValue(ALERTMANAGER, ['alerts'], [])))).toEqual([]);
  });

  it.each([
    ['version 3', withValue(ALERTMANAGER, ['version'], '3'), 'version: '],
    ['alerts that are not a list', withValue(ALERTMANAGER, ['alerts'], {}), 'alerts: '],
    ['an alert status of pending', withValue(ALERTMANAGER, ['alerts', 1, 'status'], 'pending'), 'alerts.1.status: '],
    [
      'a number as a label',
      withValue(ALERTMANAGER, ['alerts', 0, 'labels', 'severity'], 2),
      'alerts.0.labels.severity: ',
    ],
    ['no fingerprint', withValue(ALERTMANAGER, ['alerts', 2, 'fingerprint'], undefined), 'alerts.2.fingerprint: '],
    [
      'a start without an offset',
      withValue(ALERTMANAGER, ['alerts', 0, 'startsAt'], '2026-11-20 12:59'),
      'alerts.0.startsAt: ',
    ],
    [
      'a start in year 10000 once at UTC',
      withValue(ALERTMANAGER, ['alerts', 0, 'startsAt'], '9999-12-31T23:59:59-23:59'),
      'alerts.0.startsAt: expected a time between the years 1 and 9999 (UTC)',
    ],
  ])('refuses a notification with %s, saying where', (_name, payload, where) => {
    expect(issuesOf(alertmanager(payload))).toEqual([expect.stringContaining(where)]);
  });
});

describe('every parser', () => {
  const parsers: [string, (payload: unknown) => PayloadResult<unknown>][] = [
    ['generic', (payload) => parseGenericDeploy({ payload, receivedAt: RECEIVED_AT })],
    ['github deployment', (payload) => github(payload, 'deployment')],
    ['github deployment_status', (payload) => github(payload)],
    ['gitlab', gitlab],
    ['alertmanager', (payload) => alertmanager(payload)],
  ];

  it.each(parsers)('answers any JSON value (%s) with a result, never an exception', (_name, parse) => {
    fc.assert(
      fc.property(fc.jsonValue(), (payload) => {
        expect(typeof parse(payload).ok).toBe('boolean');
      }),
    );
  });

  /** Every path to a value in `value`, so a property can replace any one of them. */
  const pathsOf = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
    if (typeof value !== 'object' || value === null) return [prefix];
    const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
    return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  };

  it.each([
    ['github deployment_status', GITHUB_STATUS, (payload: unknown) => github(payload)],
    ['github deployment', GITHUB_DEPLOYMENT, (payload: unknown) => github(payload, 'deployment')],
    ['gitlab', GITLAB_HOOK, gitlab],
    ['alertmanager', ALERTMANAGER, (payload: unknown) => alertmanager(payload)],
  ])('answers a real %s payload with any one value replaced, never an exception', (_name, payload, parse) => {
    fc.assert(
      fc.property(fc.constantFrom(...pathsOf(payload)), fc.jsonValue(), (path, replacement) => {
        expect(typeof parse(withValue(payload, path, replacement)).ok).toBe('boolean');
      }),
    );
  });
});
