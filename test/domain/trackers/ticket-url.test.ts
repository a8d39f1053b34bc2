import { describe, expect, it } from 'vitest';
import { readTicketUrl } from '../../../src/domain/trackers/ticket-url.ts';
import { chooseTrackerTarget } from '../../../src/domain/trackers/tracker-target.ts';

const trackers = {
  jira: {
    url: 'https://acme.atlassian.net',
    emailEnv: 'JIRA_EMAIL',
    tokenEnv: 'JIRA_API_TOKEN',
    webhookSecretEnv: 'JIRA_WEBHOOK_SECRET',
  },
  linear: { apiUrl: 'https://api.linear.app/graphql', apiKeyEnv: 'LINEAR_API_KEY', webhookSecretEnv: 'LINEAR_S' },
  github: { apiUrl: 'https://api.github.com', tokenEnv: 'GITHUB_TOKEN' },
};

describe('readTicketUrl', () => {
  it.each([
    ['https://acme.atlassian.net/browse/PAY-7', { kind: 'jira', key: 'PAY-7' }],
    ['https://acme.atlassian.net/browse/PAY-7?focusedCommentId=1', { kind: 'jira', key: 'PAY-7' }],
    ['https://other.atlassian.net/browse/PAY-7', null],
    ['https://linear.app/acme/issue/PAY-12/retry-card-payments-once', { kind: 'linear', key: 'PAY-12' }],
    ['https://linear.app/acme/issue/pay-12', { kind: 'linear', key: 'PAY-12' }],
    ['https://github.com/acme/web/issues/12', { kind: 'github', key: 'acme/web#12' }],
    ['https://github.com/Acme/Web/issues/12', { kind: 'github', key: 'acme/web#12' }],
    ['https://GitHub.com/Acme/Web/issues/12/', { kind: 'github', key: 'acme/web#12' }],
    ['https://github.com/acme/web/issues/12345678901', null],
    ['https://github.com/acme/web/pull/12', null],
    ['https://tracker.example.com/PAY-7', null],
  ])('%s', (url, ticket) => {
    expect(readTicketUrl({ url, trackers })).toEqual(ticket);
  });

  it('reads a GitHub Enterprise issue on the host of its API, and a tracker not set up as a plain link', () => {
    const enterprise = { github: { apiUrl: 'https://git.acme.test/api/v3', tokenEnv: 'GITHUB_TOKEN' } };
    expect(readTicketUrl({ url: 'https://git.acme.test/acme/web/issues/3', trackers: enterprise })).toEqual({
      kind: 'github',
      key: 'acme/web#3',
    });
    expect(readTicketUrl({ url: 'https://acme.atlassian.net/browse/PAY-7', trackers: enterprise })).toBeNull();
  });
});

describe('chooseTrackerTarget', () => {
  const services = [{ name: 'checkout-api', tracker: { linear: { team: 'PAY', labels: [] } } }, { name: 'search' }];
  const target = { jira: { project: 'OPS', issueType: 'Task', labels: ['incident'] } };

  it('takes the tracker of the first of the incident’s services that names one, else the team’s', () => {
    expect(
      chooseTrackerTarget({ trackers: { target }, services, incidentServices: ['search', 'checkout-api'] }),
    ).toEqual({ kind: 'linear', team: 'PAY', labels: [] });
    expect(chooseTrackerTarget({ trackers: { target }, services, incidentServices: ['search'] })).toEqual({
      kind: 'jira',
      project: 'OPS',
      issueType: 'Task',
      labels: ['incident'],
    });
    expect(chooseTrackerTarget({ trackers: {}, services, incidentServices: ['search'] })).toBeNull();
  });
});
