import { describe, expect, it } from 'vitest';
import { parseGitlabDeploy, parseGitlabTime } from '../../../src/webhooks/gitlab/gitlab-payload.ts';
import {
  deployOf,
  expectAnyJsonAnswered,
  expectAnyReplacementAnswered,
  issuesOf,
  payloadFixture,
  payloadOf,
  RECEIVED_AT,
  services,
  withValue,
} from '../payload-helpers.ts';

const GITLAB_HOOK = payloadFixture('gitlab-deployment-hook.json');

const gitlab = (payload: unknown) =>
  parseGitlabDeploy({ payload, deliveryId: '8bd1c4e6-1a61-4b5e-9a8f-0c6f2a4b7e11', services, receivedAt: RECEIVED_AT });

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

describe('parseGitlabDeploy on any input', () => {
  it('answers any JSON value with a result, never an exception', () => {
    expectAnyJsonAnswered(gitlab);
  });

  it('answers a real payload with any one value replaced, never an exception', () => {
    expectAnyReplacementAnswered({ payload: GITLAB_HOOK, parse: gitlab });
  });
});
